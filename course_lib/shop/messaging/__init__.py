"""Sending and receiving the shop's events through a message broker (kombu).

publisher.Publisher puts JSON on a queue; consumer.OrderConsumer takes it off, hands it to a
handler and acknowledges only afterwards; confirmation.ConfirmationHandler is such a handler
(idempotent: processed event ids live in the database); outbox.OutboxWriter/OutboxRelay make
"store the order" and "publish its event" agree. The broker connection is always injected.
"""

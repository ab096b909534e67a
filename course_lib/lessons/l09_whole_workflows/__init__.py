"""Lesson 09 (whole workflows): paying an order so that a decline or a provider error leaves
nothing half-written, and tests that catch the bugs living in the seams of the whole flow
(payment, stock, events, cache; registration, e-mail, login)."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_P = "course_lib.lessons.l09_whole_workflows.ex2_pay_tests"
_A = "course_lib.lessons.l09_whole_workflows.ex4_account_tests"

EXERCISES = [
    CodeExercise(
        id="09.1",
        title="Pay an order: a decline puts the stock back",
        hidden="course_lib.lessons.l09_whole_workflows.ex1_pay_order",
        signature=Signature(
            "pay_order(session, gateway, order_id, source)",
            returns="the new status, 'paid' or 'payment_failed'",
        ),
        hint="orders = SqlAlchemyOrderRepository(session); order = orders.get_for_update(id) "
        "(NotFound if None, InvalidInput unless status == 'pending', BEFORE charging); result = "
        "gateway.charge(order.total_cents, 'EUR', source); approved -> set_status 'paid'; "
        "declined -> for each line: product = products.get_for_update(sku), stock += quantity, "
        "products.update(product); then set_status 'payment_failed'. Never commit.",
        timeout=20.0,
    ),
    TestExercise(
        id="09.2",
        title="Tests that catch bugs in the pay step",
        fixture="shop",
        given=("test_approved_payment_is_paid_with_one_event",),
        provide=f"{_P}:provide_shop",
        reference=f"{_P}:Reference",
        hint="Check every layer after pay(): the order's status, the stock, the events in the "
        "outbox, the charges, and get_order() read once BEFORE paying (so the cache holds it).",
        timeout=20.0,
        variants=(
            Variant(
                "stock-not-restored",
                "Marking the order payment_failed is all a decline needs.",
                "After a declined payment, look at the stock of the product ordered.",
                f"{_P}:StockNotRestored",
            ),
            Variant(
                "error-leaves-pending",
                "A provider error can simply propagate: the transaction rolls back, all is well.",
                "Pay with tok_provider_error: expect PaymentUnavailable, then check the status "
                "and the stock (a pending order holds its stock forever).",
                f"{_P}:ErrorLeavesPending",
            ),
            Variant(
                "event-for-every-outcome",
                "The OrderPlaced event can go out for whatever pay() did.",
                "After a declined payment, shop.events() must be empty (no confirmation e-mail).",
                f"{_P}:EventForEveryOutcome",
            ),
            Variant(
                "stale-order-cache",
                "The database is the truth; the cache will catch up.",
                "Read the order with get_order() before paying, then read it again after.",
                f"{_P}:StaleOrderCache",
            ),
            Variant(
                "charges-twice",
                "The customer only presses Pay once.",
                "Pay the same order twice: the second call must fail and charge nothing.",
                f"{_P}:ChargesTwice",
            ),
        ),
    ),
    CodeExercise(
        id="09.3",
        title="Compensate a payment-provider error",
        hidden="course_lib.lessons.l09_whole_workflows.ex3_compensate",
        signature=Signature(
            "pay_or_compensate(sessions, gateway, order_id, source)",
            returns="'paid' or 'payment_failed' (or raises PaymentUnavailable)",
        ),
        hint="Inside `with sessions.begin() as session:` call pay_order() in a try; catch only "
        "PAYMENT_ERRORS (PaymentProviderError, requests.RequestException): remember the error, "
        "restore the stock and set 'payment_failed'. Raise PaymentUnavailable AFTER the with "
        "block (raising inside it rolls the compensation back).",
        timeout=20.0,
    ),
    TestExercise(
        id="09.4",
        title="Tests that catch bugs between registration, e-mail and login",
        fixture="accounts",
        provide=f"{_A}:provide_accounts",
        reference=f"{_A}:Reference",
        hint="Walk the whole flow: register, read the token from accounts.mails, verify, log "
        "in. Then the edges: log in before verifying, verify twice, register twice, log in "
        "with the address typed in another case.",
        timeout=20.0,
        variants=(
            Variant(
                "mail-before-commit",
                "Sending the e-mail first is harmless: the commit will succeed anyway.",
                "Register the same address twice: the second fails (EmailTaken) and must send "
                "no e-mail.",
                f"{_A}:MailBeforeCommit",
            ),
            Variant(
                "login-before-verify",
                "A right password is enough to log in.",
                "Register, then log in WITHOUT verifying: expect NotVerified.",
                f"{_A}:LoginBeforeVerify",
            ),
            Variant(
                "token-works-twice",
                "A verification link may be followed again.",
                "Verify with the token, then verify again with the same token: InvalidToken.",
                f"{_A}:TokenWorksTwice",
            ),
            Variant(
                "login-case-sensitive",
                "Users type their address the same way every time.",
                "Register 'ann@example.com', verify, then log in as 'Ann@Example.COM'.",
                f"{_A}:LoginIsCaseSensitive",
            ),
        ),
    ),
]

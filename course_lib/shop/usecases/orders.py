"""Placing orders: lock and check every line first, then reserve the stock and store the order.

Checking everything before writing anything means an OutOfStock order leaves no half-reserved
stock behind, whatever repository is plugged in. Reading the stock with get_for_update() (SELECT
... FOR UPDATE on a real database) makes read-check-write safe when sessions run at once: a
second checkout of the same product waits until the first one commits or rolls back, then sees
the stock that is really left, so two customers can never buy the last unit. Rows are locked in
SKU order, the same order for every checkout, so two orders never wait for each other (deadlock).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from course_lib.shop.errors import InvalidInput, NotFound, OutOfStock
from course_lib.shop.models import CANCELLED, PENDING, Order, OrderLine, Product
from course_lib.shop.repositories.base import OrderRepository, ProductRepository


class OrderService:
    """Use cases around orders, built from injected repositories.

    The service never commits: run each call inside one transaction (see checkout.Checkout), so
    the locks it takes last until everything it wrote is committed, or rolled back.
    `on_placed(order)`, if given, runs after the order is stored, in the same transaction (e.g.
    messaging.outbox.OutboxWriter: the order's event is committed with the order, or not at all).
    """

    def __init__(
        self,
        products: ProductRepository,
        orders: OrderRepository,
        on_placed: Callable[[Order], object] | None = None,
    ) -> None:
        self.products = products
        self.orders = orders
        self.on_placed = on_placed

    def place_order(self, customer_id: int, items: Mapping[str, int]) -> Order:
        """Reserve stock for {sku: quantity} and store a pending order."""
        if not items:
            raise InvalidInput("an order needs at least one item")
        for sku, quantity in items.items():
            if quantity <= 0:
                raise InvalidInput(f"quantity for {sku!r} must be positive, got {quantity}")
        locked = self._lock_products(sorted(items))
        for sku, quantity in items.items():
            if locked[sku].stock < quantity:
                raise OutOfStock(f"{sku!r}: {quantity} wanted, {locked[sku].stock} in stock")
        lines = []
        for sku, quantity in items.items():
            product = locked[sku]
            product.stock -= quantity
            self.products.update(product)  # safe: nobody else can change the locked row
            lines.append(OrderLine(sku, quantity, product.price_cents))
        order = self.orders.add(Order(customer_id=customer_id, lines=lines))
        if self.on_placed is not None:
            self.on_placed(order)
        return order

    def cancel(self, order_id: int) -> None:
        """Cancel a pending order and put its stock back (once, however many cancel at once)."""
        order = self.orders.get_for_update(order_id)
        if order is None:
            raise NotFound(f"no order {order_id}")
        if order.status != PENDING:
            raise InvalidInput(f"only pending orders can be cancelled, not {order.status!r}")
        for line in sorted(order.lines, key=lambda line: line.sku):
            product = self.products.get_for_update(line.sku)
            if product is not None:
                product.stock += line.quantity
                self.products.update(product)
        self.orders.set_status(order_id, CANCELLED)

    def _lock_products(self, skus: list[str]) -> dict[str, Product]:
        """Lock each product (in the order given) and return it; NotFound for a missing SKU."""
        locked: dict[str, Product] = {}
        for sku in skus:
            product = self.products.get_for_update(sku)
            if product is None:
                raise NotFound(f"no product {sku!r}")
            locked[sku] = product
        return locked

"""Placing orders: check stock for every line first, then reserve it and store the order.

Checking everything before writing anything means an OutOfStock order leaves no half-reserved
stock behind, whatever repository is plugged in.
"""

from __future__ import annotations

from collections.abc import Mapping

from course_lib.shop.errors import InvalidInput, NotFound, OutOfStock
from course_lib.shop.models import Order, OrderLine, Product
from course_lib.shop.repositories.base import OrderRepository, ProductRepository


class OrderService:
    """Use cases around orders, built from injected repositories."""

    def __init__(self, products: ProductRepository, orders: OrderRepository) -> None:
        self.products = products
        self.orders = orders

    def place_order(self, customer_id: int, items: Mapping[str, int]) -> Order:
        """Reserve stock for {sku: quantity} and store a pending order."""
        if not items:
            raise InvalidInput("an order needs at least one item")
        wanted: list[tuple[Product, int]] = []
        for sku, quantity in items.items():
            product = self.products.get(sku)
            if product is None:
                raise NotFound(f"no product {sku!r}")
            if quantity <= 0:
                raise InvalidInput(f"quantity for {sku!r} must be positive, got {quantity}")
            if product.stock < quantity:
                raise OutOfStock(f"{sku!r}: {quantity} wanted, {product.stock} in stock")
            wanted.append((product, quantity))
        for product, quantity in wanted:
            product.stock -= quantity
            self.products.update(product)
        lines = [OrderLine(p.sku, quantity, p.price_cents) for p, quantity in wanted]
        return self.orders.add(Order(customer_id=customer_id, lines=lines))

    def cancel(self, order_id: int) -> None:
        """Cancel a pending order and put its stock back."""
        order = self.orders.get(order_id)
        if order is None:
            raise NotFound(f"no order {order_id}")
        if order.status != "pending":
            raise InvalidInput(f"only pending orders can be cancelled, not {order.status!r}")
        for line in order.lines:
            product = self.products.get(line.sku)
            if product is not None:
                product.stock += line.quantity
                self.products.update(product)
        self.orders.set_status(order_id, "cancelled")

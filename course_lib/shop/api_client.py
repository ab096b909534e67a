"""A small client for the shop's own HTTP API (course_lib.shop.api), over real HTTP with requests.

Why it exists: code that talks to the API (a script, another service, a test over a live server)
should not repeat URLs, headers and status checks. Every call has a timeout (requests waits
forever without one), and every failure raises an ApiError that says which request failed and
what the server answered; 401, 403 and 404 get their own subclasses so a caller can tell them apart.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import requests


class ApiError(Exception):
    """The API answered with an error status; `.status` and the server's `.error` message."""

    def __init__(self, method: str, path: str, status: int, error: str) -> None:
        super().__init__(f"{method} {path} answered {status}: {error}")
        self.status, self.error = status, error


class Unauthorized(ApiError):
    """401: the request carried no bearer token."""


class Forbidden(ApiError):
    """403: the token was there but is not the right one."""


class NotFoundError(ApiError):
    """404: no such product (or route)."""


_ERRORS: dict[int, type[ApiError]] = {401: Unauthorized, 403: Forbidden, 404: NotFoundError}


class ShopClient:
    """`ShopClient(base_url, token=...)`: CRUD on /products and a walk over all pages."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: float = 5.0,
        http: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = http if http is not None else requests.Session()
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        response = self.http.request(
            method,
            self.base_url + path,
            headers=self._headers,
            timeout=self.timeout,
            **kwargs,
        )
        if response.status_code >= 400:
            try:
                error = str(response.json().get("error", response.text))
            except (ValueError, AttributeError):  # not JSON, or JSON but not an object
                error = response.text[:200]
            raise _ERRORS.get(response.status_code, ApiError)(
                method, path, response.status_code, error
            )
        return response

    def create(self, product: Mapping[str, Any]) -> dict[str, Any]:
        """POST /products; returns the stored product."""
        return self._call("POST", "/products", json=dict(product)).json()

    def get(self, sku: str) -> dict[str, Any]:
        """GET /products/<sku>; NotFoundError when there is none."""
        return self._call("GET", f"/products/{sku}").json()

    def update(self, sku: str, product: Mapping[str, Any]) -> dict[str, Any]:
        """PUT /products/<sku> with every field; returns the stored product."""
        return self._call("PUT", f"/products/{sku}", json=dict(product)).json()

    def delete(self, sku: str) -> None:
        """DELETE /products/<sku>."""
        self._call("DELETE", f"/products/{sku}")

    def page(self, limit: int, offset: int) -> dict[str, Any]:
        """One page: {"items": [...], "total": n, "limit": ..., "offset": ...}."""
        return self._call("GET", "/products", params={"limit": limit, "offset": offset}).json()

    def iter_products(self, page_size: int = 20) -> Iterator[dict[str, Any]]:
        """Every product, page by page, fetching the next page only when it is needed."""
        if page_size < 1:
            raise ValueError(f"page_size must be at least 1, got {page_size}")
        offset = 0
        while True:
            page = self.page(page_size, offset)
            yield from page["items"]
            offset += len(page["items"])
            if not page["items"] or offset >= page["total"]:
                return

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> ShopClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

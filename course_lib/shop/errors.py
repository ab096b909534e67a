"""Domain errors: callers (services, the API) translate these, never database exceptions."""


class ShopError(Exception):
    """Base class for every error the shop raises on purpose."""


class NotFound(ShopError, LookupError):
    """The thing asked for does not exist (a missing SKU, order or customer)."""


class Duplicate(ShopError):
    """The key is already taken (a SKU added twice, an e-mail registered twice)."""


class OutOfStock(ShopError):
    """An order asks for more units than are in stock."""


class InvalidInput(ShopError, ValueError):
    """Input that breaks a domain rule (negative quantity, float money, empty order)."""

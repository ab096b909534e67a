"""Gateways: HTTP clients for services outside the shop (and their sandboxes)."""

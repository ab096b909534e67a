"""Services: the shop's use cases, built from injected repositories and gateways."""

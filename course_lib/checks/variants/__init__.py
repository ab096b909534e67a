"""Reference implementations, buggy variants and `provide` functions for test exercises."""

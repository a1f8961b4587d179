"""Checks, registered by code. Every module in this package is imported by `registry.load()`."""

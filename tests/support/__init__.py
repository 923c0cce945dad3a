"""Helpers shared by the tests that are not data factories (see tests/factories.py)."""

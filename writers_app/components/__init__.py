"""UI pieces without state of their own."""

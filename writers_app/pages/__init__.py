"""One module per route, each with its own small state."""

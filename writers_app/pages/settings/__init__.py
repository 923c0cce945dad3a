"""/settings: three cards, each with its own small state: password, open sessions, API tokens."""

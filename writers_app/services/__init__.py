"""Business rules and queries: shared by the UI, the REST API and the workers; no Reflex here."""

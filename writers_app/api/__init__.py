"""HTTP routes mounted in front of Reflex: auth endpoints that set the session cookie, health."""

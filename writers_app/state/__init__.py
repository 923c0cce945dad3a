"""Small shared states: the signed-in user and the interface language."""

"""Small shared states: the signed-in user, the interface language, the admin pages' refusal."""

"""Framework-free building blocks (security primitives, clock)."""

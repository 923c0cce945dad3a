"""/trash: the writer's deleted pieces, restorable until they are purged."""

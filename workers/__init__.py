"""Background processing: the Dramatiq broker and its actors."""

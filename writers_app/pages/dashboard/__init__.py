"""/dashboard: the writer's pieces (state.py), the upload card (uploads.py) and the page (page.py)."""

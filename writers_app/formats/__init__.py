"""File formats, pure code: safe HTML, the editor's block document, reading uploads, writing
downloads, comparing texts. No Reflex, no database, no services: callers pass values in.
"""

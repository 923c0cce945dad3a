"""The built-in checks; importing this package registers them (english, style, typography)."""

from writers_app.analysis.checks import english, persian_typography, style, typography  # noqa: F401

"""One module or package per route. Importing this package registers every page (each page
function carries `@page(...)` from components/pages.py): a new page is imported here."""

from writers_app.pages import index, login, password_reset, register, webhooks  # noqa: F401
from writers_app.pages.admin import audit, jobs, system, tasks, users  # noqa: F401
from writers_app.pages.dashboard import page as dashboard_page  # noqa: F401
from writers_app.pages.editor import page as editor_page  # noqa: F401
from writers_app.pages.settings import page as settings_page  # noqa: F401

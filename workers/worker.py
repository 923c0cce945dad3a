"""Entry point of the separate worker process (Redis mode):

    dramatiq workers.worker --processes 2 --threads 4

It sets the broker, then declares every actor.
"""

from writers_app.logs import configure_logging
from writers_app.settings import get_settings

configure_logging(get_settings().log_level)

import workers.broker  # noqa: E402,F401
import workers.actors.process  # noqa: E402,F401
import workers.actors.webhooks  # noqa: E402,F401

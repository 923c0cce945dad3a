"""Entry point of the separate worker process (Redis mode):

    dramatiq workers.worker --processes 2 --threads 4

It sets the broker, then declares every actor. Metrics of all worker processes are served
together by Dramatiq's Prometheus middleware (port `dramatiq_prom_port`, default 9191).
"""

import os

# Before prometheus_client is first imported: every worker process writes its samples to the
# shared directory, so one scrape sees the sum over processes (the Makefile empties it first).
os.environ.setdefault("dramatiq_prom_db", os.path.join("data", "prometheus-worker"))
os.makedirs(os.environ["dramatiq_prom_db"], exist_ok=True)
os.environ["PROMETHEUS_MULTIPROC_DIR"] = os.environ["dramatiq_prom_db"]

from writers_app.logs import configure_logging  # noqa: E402
from writers_app.settings import get_settings  # noqa: E402

configure_logging(get_settings().log_level)

import workers.broker  # noqa: E402,F401
import workers.actors.process  # noqa: E402,F401
import workers.actors.mail  # noqa: E402,F401
import workers.actors.webhooks  # noqa: E402,F401
import workers.actors.trash  # noqa: E402,F401
import workers.actors.exports  # noqa: E402,F401

#!/bin/sh
# Entrypoint of the Writers image. Roles:
#   app      the web server (frontend built into the image + backend) on $PORT
#   worker   the Dramatiq worker; its Prometheus metrics on :9191
#   migrate  alembic upgrade head under a PostgreSQL advisory lock (safe to run twice at once)
#   admin    create-admin: `admin --email you@example.com` (password on stdin or prompt)
#   origin   only point the built frontend at PUBLIC_URL (what `app` does first; used by tests)
#   anything else is executed as given (e.g. `sh`, `python -m writers_app.cli check-config`).
set -eu

log() { printf '{"level": "INFO", "logger": "entrypoint", "message": "%s"}\n' "$*" >&2; }

wait_for_database() {
  python -m writers_app.cli wait-db --timeout "${DB_WAIT_SECONDS:-60}"
}

# A fresh, empty Prometheus multiprocess directory: files left by a previous run of this
# container would be summed into the new process's metrics.
clear_metrics_dir() {
  dir="$1"
  rm -rf "$dir"
  mkdir -p "$dir"
  chmod 0700 "$dir"
}

# The bundle was built with a placeholder origin (deploy/Dockerfile); put PUBLIC_URL's origin
# in its place so the page opens its websocket to the origin it was served from.
set_public_origin() {
  : "${PUBLIC_URL:?set PUBLIC_URL to the public origin, e.g. https://writers.example.com}"
  origin=$(printf '%s' "$PUBLIC_URL" | sed -E 's#^(https?://[^/]+).*$#\1#')
  case "$origin" in
    http://*|https://*) ;;
    *) echo "PUBLIC_URL must start with http:// or https:// (got: $PUBLIC_URL)" >&2; exit 64 ;;
  esac
  host=${origin#*://}
  case "$origin" in https://*) ws="wss://$host" ;; *) ws="ws://$host" ;; esac
  web="${WRITERS_WEB_DIR:-/app/.web}"
  assets="$web/build/client/assets"
  for template in "$web"/origin-template/reflex-env-*.js; do
    [ -f "$template" ] || continue
    target="$assets/$(basename "$template")"
    sed -e "s#ws://writers-public-origin.invalid#$ws#g" \
        -e "s#http://writers-public-origin.invalid#$origin#g" "$template" > "$target"
    if [ -e "$target.gz" ]; then gzip -9 -c "$target" > "$target.gz"; fi
    rm -f "$target.br" "$target.zst"
  done
  log "frontend talks to $origin"
}

# Every role's first Python step (wait-db) imports prometheus_client, which writes into
# PROMETHEUS_MULTIPROC_DIR and fails if that folder does not exist yet (a new container).
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then mkdir -p "$PROMETHEUS_MULTIPROC_DIR"; fi

role="${1:-app}"
[ "$#" -gt 0 ] && shift
case "$role" in
  app)
    wait_for_database
    clear_metrics_dir "${PROMETHEUS_MULTIPROC_DIR:-/tmp/writers-metrics}"
    set_public_origin
    exec python -m writers_app.cli serve --port "${PORT:-3000}" "$@"
    ;;
  worker)
    wait_for_database
    clear_metrics_dir "${dramatiq_prom_db:-/tmp/writers-worker-metrics}"
    exec dramatiq workers.worker --processes "${WORKER_PROCESSES:-2}" --threads "${WORKER_THREADS:-4}" "$@"
    ;;
  migrate)
    wait_for_database
    exec python -m writers_app.cli migrate "$@"
    ;;
  origin)
    set_public_origin
    ;;
  admin)
    wait_for_database
    exec python -m writers_app.cli create-admin "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac

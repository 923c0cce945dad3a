#!/bin/sh
# Deploy a new image: migrate first, start it, health-check it, roll back if the check fails.
#
#   deploy/scripts/deploy.sh compose IMAGE      # docker compose, from deploy/ (WRITERS_IMAGE)
#   deploy/scripts/deploy.sh kubectl IMAGE      # Kubernetes: migrate Job, set image, rollout status
#
# compose:
#   1. `docker compose run --rm migrate` with the new image: if it fails, nothing is started
#      and the running version stays (exit 2).
#   2. `docker compose up -d --no-deps app worker` with the new image.
#   3. `curl` HEALTH_URL until it answers 2xx (HEALTH_TRIES times, HEALTH_INTERVAL s apart).
#   4. Healthy: the image is recorded in STATE_FILE (exit 0). Not healthy: app and worker are
#      started again with the previous image (from STATE_FILE or PREVIOUS_IMAGE) (exit 1).
# kubectl:
#   1. The migrate Job (k8s/migrate-job.yaml) with the new image, waited for: failure -> exit 2.
#   2. `kubectl set image` on the app and worker Deployments, `kubectl rollout status`.
#   3. Not rolled out in ROLLOUT_TIMEOUT: `kubectl rollout undo` on both (exit 1).
#
# Settings (environment): COMPOSE_DIR (deploy/), STATE_FILE ($COMPOSE_DIR/.deployed-image),
# PREVIOUS_IMAGE, HEALTH_URL (https://localhost/readyz), HEALTH_TRIES (30), HEALTH_INTERVAL (2),
# NAMESPACE (writers), ROLLOUT_TIMEOUT (300s), MIGRATE_TIMEOUT (600s).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
log() { printf 'deploy: %s\n' "$*" >&2; }
usage() { echo "usage: $0 compose|kubectl IMAGE" >&2; exit 64; }

[ "$#" -eq 2 ] || usage
mode=$1
image=$2
[ -n "$image" ] || usage

healthy() {
  url=${HEALTH_URL:-https://localhost/readyz}
  tries=${HEALTH_TRIES:-30}
  i=0
  while [ "$i" -lt "$tries" ]; do
    # -k: the check goes to this host's own nginx, whose name may not match the certificate.
    if curl -fsSk --max-time 5 -o /dev/null "$url"; then
      return 0
    fi
    i=$((i + 1))
    [ "$i" -lt "$tries" ] && sleep "${HEALTH_INTERVAL:-2}"
  done
  return 1
}

deploy_compose() {
  dir=${COMPOSE_DIR:-$(dirname "$here")}
  state=${STATE_FILE:-$dir/.deployed-image}
  previous=${PREVIOUS_IMAGE:-}
  if [ -z "$previous" ] && [ -s "$state" ]; then
    previous=$(cat "$state")
  fi
  cd "$dir"
  log "migrating with $image"
  if ! WRITERS_IMAGE=$image docker compose run --rm migrate; then
    log "migration failed: nothing started, ${previous:-the running version} stays"
    exit 2
  fi
  log "starting $image"
  WRITERS_IMAGE=$image docker compose up -d --no-deps app worker
  if healthy; then
    printf '%s\n' "$image" > "$state"
    log "$image is healthy"
    return 0
  fi
  if [ -z "$previous" ]; then
    log "$image failed its health check and there is no previous image to go back to"
    exit 1
  fi
  log "$image failed its health check: rolling back to $previous"
  WRITERS_IMAGE=$previous docker compose up -d --no-deps app worker
  exit 1
}

deploy_kubectl() {
  ns=${NAMESPACE:-writers}
  manifests=${K8S_DIR:-$(dirname "$here")/k8s}
  log "migrating with $image"
  kubectl -n "$ns" delete job writers-migrate --ignore-not-found
  sed "s#image: .*writers:.*#image: $image#" "$manifests/migrate-job.yaml" | kubectl -n "$ns" apply -f -
  if ! kubectl -n "$ns" wait --for=condition=complete --timeout="${MIGRATE_TIMEOUT:-600s}" job/writers-migrate; then
    log "migration failed: nothing rolled out"
    exit 2
  fi
  log "rolling out $image"
  kubectl -n "$ns" set image deployment/writers-app "app=$image"
  kubectl -n "$ns" set image deployment/writers-worker "worker=$image"
  if kubectl -n "$ns" rollout status deployment/writers-app --timeout="${ROLLOUT_TIMEOUT:-300s}" \
     && kubectl -n "$ns" rollout status deployment/writers-worker --timeout="${ROLLOUT_TIMEOUT:-300s}"; then
    log "$image rolled out"
    return 0
  fi
  log "$image did not become ready: rolling back"
  kubectl -n "$ns" rollout undo deployment/writers-app
  kubectl -n "$ns" rollout undo deployment/writers-worker
  exit 1
}

case "$mode" in
  compose) deploy_compose ;;
  kubectl) deploy_kubectl ;;
  *) usage ;;
esac

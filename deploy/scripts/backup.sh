#!/bin/sh
# Back up PostgreSQL and the stored files:  deploy/scripts/backup.sh OUT_DIR
# writes OUT_DIR/writers-<UTC time>/ with
#   db.dump         pg_dump --format=custom (restore with restore.sh, or pg_restore)
#   files.tar.gz    the files directory (FILES_DIR: uploads, exports; default $STORAGE_DIR)
#   SHA256SUMS      checksums of both, checked by restore.sh
# and prints that folder's path. The database is read in one consistent snapshot; files
# written during the backup may or may not be in the tar (they are written before their row).
# Settings: DATABASE_URL (the app's, `postgresql+psycopg2://` is accepted), FILES_DIR,
# PG_DUMP (default pg_dump; e.g. "docker compose exec -T db pg_dump" with a URL valid there).
set -eu
[ "$#" -eq 1 ] || { echo "usage: $0 OUT_DIR" >&2; exit 64; }
: "${DATABASE_URL:?set DATABASE_URL}"
files=${FILES_DIR:-${STORAGE_DIR:-data/storage}}
[ -d "$files" ] || { echo "no files directory at $files (set FILES_DIR)" >&2; exit 66; }
url=$(printf '%s' "$DATABASE_URL" | sed -E 's#^postgresql\+[a-z0-9]+://#postgresql://#')
out="$1/writers-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
umask 077
${PG_DUMP:-pg_dump} --format=custom --no-owner --no-privileges --dbname="$url" > "$out/db.dump.part"
mv "$out/db.dump.part" "$out/db.dump"
tar -C "$files" -czf "$out/files.tar.gz" .
(cd "$out" && sha256sum db.dump files.tar.gz > SHA256SUMS)
echo "$out"

#!/bin/sh
# Restore a backup made by backup.sh:  deploy/scripts/restore.sh BACKUP_DIR --yes
# Stop the app and worker first (nothing may write meanwhile). Replaces what is there:
#   the database: pg_restore --clean --if-exists (every object of the dump dropped and made anew)
#   the files:    FILES_DIR emptied, then the tar unpacked into it
# Checksums (SHA256SUMS) are checked before anything is touched. Then start the app: it runs
# `migrate` first, so a backup of an older version is brought up to date.
# Settings: DATABASE_URL, FILES_DIR (default $STORAGE_DIR), PG_RESTORE (default pg_restore).
set -eu
[ "$#" -eq 2 ] && [ "$2" = "--yes" ] || {
  echo "usage: $0 BACKUP_DIR --yes   (replaces the database and the files)" >&2; exit 64; }
backup=$1
: "${DATABASE_URL:?set DATABASE_URL}"
files=${FILES_DIR:-${STORAGE_DIR:-data/storage}}
url=$(printf '%s' "$DATABASE_URL" | sed -E 's#^postgresql\+[a-z0-9]+://#postgresql://#')
(cd "$backup" && sha256sum -c --quiet SHA256SUMS) || { echo "checksums do not match: not restoring" >&2; exit 65; }
${PG_RESTORE:-pg_restore} --clean --if-exists --no-owner --no-privileges --single-transaction \
  --dbname="$url" < "$backup/db.dump"
mkdir -p "$files"
find "$files" -mindepth 1 -delete
tar -C "$files" -xzf "$backup/files.tar.gz"
echo "restored $backup"

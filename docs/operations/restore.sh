#!/usr/bin/env bash
# Restore a backup made by backup.sh onto this server.
#
#   docs/operations/restore.sh [--force] BACKUP_FOLDER
#
# Reads the same environment as the app (load it first: set -a; . /etc/federation/env; set +a):
#   DATABASE_URL        where to restore. PostgreSQL: the database must exist (createdb -O federation
#                       federation) and be empty. SQLite: the file is created.
#   MEDIA_ROOT, PRIVATE_MEDIA_ROOT  where the two archives are unpacked (defaults as in federation/settings.py)
#   REDIS_URL           if set, the cache is emptied at the end (it may hold pages and sessions of the
#                       database that was replaced)
#   PYTHON              the checkout's interpreter (default <checkout>/.venv/bin/python)
#
# In order, stopping at the first failure:
#   1. every file of the backup is checked against the sha256 sums in its MANIFEST: if one is missing or
#      differs, nothing is touched;
#   2. the database must hold no table and both media folders must be empty or absent; --force overwrites
#      instead (PostgreSQL: the public schema is dropped with everything in it; SQLite: the file is
#      replaced; media: the archives are unpacked over the folders, files not in the backup are left);
#   3. the database is restored: pg_restore --no-owner --no-privileges --exit-on-error --single-transaction
#      (all or nothing; objects belong to the user in DATABASE_URL), or the SQLite copy is put in place;
#   4. the media archives are unpacked (files belong to the user running this script);
#   5. manage.py migrate --check (fails if this checkout has migrations the backup lacks: run
#      manage.py migrate), then manage.py verify_integrity where this checkout has that command (the
#      activity log's hash chain and the sha256 of every signed text).
# Stop the app servers and workers first (systemctl stop federation-app federation-worker).
# Exit status: 0 restored and verified; 1 refused or failed (the message says which step); 2 bad usage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$ROOT/db.sqlite3}"
export MEDIA_ROOT="${MEDIA_ROOT:-$ROOT/media}"
export PRIVATE_MEDIA_ROOT="${PRIVATE_MEDIA_ROOT:-$ROOT/private_media}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"

fail() { echo "restore: $*" >&2; exit 1; }
say() { echo "restore: $*" >&2; }
usage() { echo "usage: $0 [--force] BACKUP_FOLDER (see --help)" >&2; exit 2; }

FORCE=false
BACKUP=""
for argument in "$@"; do
    case "$argument" in
        --force) FORCE=true ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) usage ;;
        *) [ -z "$BACKUP" ] || usage; BACKUP="$argument" ;;
    esac
done
[ -n "$BACKUP" ] || usage
[ -f "$BACKUP/MANIFEST" ] || fail "$BACKUP/MANIFEST not found: not a folder made by backup.sh"
BACKUP="$(cd "$BACKUP" && pwd)"

manifest() { sed -n "s/^$1: //p" "$BACKUP/MANIFEST" | head -n 1; }
BACKUP_KIND="$(manifest database)"
DATABASE_FILE="$(manifest database_file)"

# --- 1. Checksums, before anything is touched --------------------------------------------------------------
SUMS="$(grep -E '^[0-9a-f]{64}  [^/]+$' "$BACKUP/MANIFEST" || true)"
for file in "$DATABASE_FILE" media.tar.gz private.tar.gz; do
    grep -qE "^[0-9a-f]{64}  ${file//./\\.}\$" <<<"$SUMS" || fail "MANIFEST lists no checksum for ${file:-the database}"
done
(cd "$BACKUP" && sha256sum --check --strict --quiet <<<"$SUMS") || fail "checksum mismatch in $BACKUP: the backup is damaged; nothing was changed"
say "checksums match ($(manifest created), code $(manifest code))"

# --- 2. Where to restore, and is it empty? -----------------------------------------------------------------
case "$DATABASE_URL" in
    postgres://*|postgresql://*|pgsql://*|psql://*|postgis://*)
        KIND=postgresql
        PG_URL="postgresql://${DATABASE_URL#*://}"
        command -v pg_restore >/dev/null || fail "pg_restore is missing: apt-get install postgresql-client"
        TABLES="$(psql -XAtq -v ON_ERROR_STOP=1 --dbname="$PG_URL" -c "
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'")" \
            || fail "cannot connect to the database in DATABASE_URL (create it first: createdb -O federation NAME)"
        ;;
    sqlite://*)
        KIND=sqlite
        SQLITE_PATH="${DATABASE_URL#sqlite:///}"
        [ "$SQLITE_PATH" != "$DATABASE_URL" ] && [ -n "$SQLITE_PATH" ] || fail "no SQLite file in DATABASE_URL ($DATABASE_URL)"
        SQLITE_PATH="$(printf '%b' "${SQLITE_PATH//%/\\x}")"  # percent-decoded, as django-environ does
        command -v sqlite3 >/dev/null || fail "sqlite3 is missing: apt-get install sqlite3"
        TABLES=0
        if [ -s "$SQLITE_PATH" ]; then
            TABLES="$(sqlite3 -bail "$SQLITE_PATH" "SELECT count(*) FROM sqlite_master")" || fail "cannot read $SQLITE_PATH"
        fi
        ;;
    *) fail "DATABASE_URL must start with postgres:// or sqlite://" ;;
esac
[ "$KIND" = "$BACKUP_KIND" ] || fail "the backup holds a $BACKUP_KIND database but DATABASE_URL is $KIND"

is_empty() { [ ! -e "$1" ] || [ -z "$(ls -A "$1")" ]; }
if [ "$FORCE" = false ]; then
    [ "$TABLES" -eq 0 ] || fail "the database in DATABASE_URL is not empty ($TABLES tables); use --force to overwrite it"
    is_empty "$MEDIA_ROOT" || fail "MEDIA_ROOT ($MEDIA_ROOT) is not empty; use --force to unpack over it"
    is_empty "$PRIVATE_MEDIA_ROOT" || fail "PRIVATE_MEDIA_ROOT ($PRIVATE_MEDIA_ROOT) is not empty; use --force to unpack over it"
fi

# --- 3. The database ---------------------------------------------------------------------------------------
if [ "$KIND" = postgresql ]; then
    if [ "$TABLES" -ne 0 ]; then
        say "--force: dropping everything in the public schema"
        psql -XAtq -v ON_ERROR_STOP=1 --single-transaction --dbname="$PG_URL" \
            -c "DROP SCHEMA IF EXISTS public CASCADE" -c "CREATE SCHEMA public" >/dev/null
    fi
    say "pg_restore $DATABASE_FILE"
    pg_restore --dbname="$PG_URL" --no-owner --no-privileges --exit-on-error --single-transaction "$BACKUP/$DATABASE_FILE"
else
    say "copying $DATABASE_FILE to $SQLITE_PATH"
    mkdir -p "$(dirname "$SQLITE_PATH")"
    cp "$BACKUP/$DATABASE_FILE" "$SQLITE_PATH.restoring"
    # A write-ahead log or journal left by the replaced database would be replayed into the restored one.
    rm -f "$SQLITE_PATH-wal" "$SQLITE_PATH-shm" "$SQLITE_PATH-journal"
    mv -f "$SQLITE_PATH.restoring" "$SQLITE_PATH"
fi

# --- 4. Media ----------------------------------------------------------------------------------------------
for pair in "media.tar.gz:$MEDIA_ROOT" "private.tar.gz:$PRIVATE_MEDIA_ROOT"; do
    tarball="${pair%%:*}" folder="${pair#*:}"
    say "unpacking $tarball into $folder"
    mkdir -p "$folder"
    tar -C "$folder" --no-same-owner -xzf "$BACKUP/$tarball"
done

# --- 5. Checks ---------------------------------------------------------------------------------------------
if [ -n "${REDIS_URL:-}" ]; then
    say "emptying the cache (pages and sessions of the replaced database)"
    "$PYTHON" "$ROOT/manage.py" shell -c "from django.core.cache import cache; cache.clear()"
fi
say "manage.py migrate --check"
"$PYTHON" "$ROOT/manage.py" migrate --check >&2 \
    || fail "this checkout has migrations the restored database lacks: run manage.py migrate (data and media are restored)"
if "$PYTHON" "$ROOT/manage.py" help verify_integrity >/dev/null 2>&1; then
    say "manage.py verify_integrity"
    "$PYTHON" "$ROOT/manage.py" verify_integrity >&2 || fail "manage.py verify_integrity failed on the restored data"
else
    say "manage.py verify_integrity does not exist in this checkout: skipped"
fi
say "restored $BACKUP"

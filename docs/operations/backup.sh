#!/usr/bin/env bash
# Back up the federation: the database and both media folders, into one timestamped folder.
#
#   docs/operations/backup.sh [DESTINATION]        (default: $BACKUP_DIR, else /var/backups/federation)
#
# Reads the same environment as the app (load it first: set -a; . /etc/federation/env; set +a):
#   DATABASE_URL        postgres://user:password@host:port/name  -> pg_dump --format=custom (a consistent
#                       snapshot; the site keeps running)
#                       sqlite:////absolute/path.sqlite3         -> sqlite3's online .backup (a consistent copy
#                       while the site keeps writing)
#                       default, as in federation/settings.py: sqlite:///<checkout>/db.sqlite3
#   MEDIA_ROOT          public media: stored PDFs of positions, images, documents (default <checkout>/media)
#   PRIVATE_MEDIA_ROOT  members-only files: resolutions behind signatures (default <checkout>/private_media)
#
# Makes DESTINATION/federation-YYYYMMDDTHHMMSSZ/ holding
#   database.dump (PostgreSQL) or database.sqlite3 (SQLite), media.tar.gz, private.tar.gz, and MANIFEST:
#   what was backed up, when, from which commit, and the sha256 of every file (checked by restore.sh).
# The folder is written under a ".partial" name and renamed only once complete, so a folder without that
# suffix is a whole backup. The database is dumped before the media are archived: a file uploaded in
# between is only an extra file, whereas the other order could miss a file the database points to.
# Prints the folder's path on the last line of standard output. Needs pg_dump (postgresql-client, of the
# server's major version or newer) or sqlite3, plus tar, gzip and sha256sum. Backups hold personal data and
# private files: they are created readable by their owner only (umask 077).
set -euo pipefail
umask 077

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATABASE_URL="${DATABASE_URL:-sqlite:///$ROOT/db.sqlite3}"
MEDIA_ROOT="${MEDIA_ROOT:-$ROOT/media}"
PRIVATE_MEDIA_ROOT="${PRIVATE_MEDIA_ROOT:-$ROOT/private_media}"

fail() { echo "backup: $*" >&2; exit 1; }
say() { echo "backup: $*" >&2; }

case "${1:-}" in
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) fail "unknown option $1 (see --help)" ;;
esac
[ $# -le 1 ] || fail "one destination folder at most (see --help)"
DESTINATION="${1:-${BACKUP_DIR:-/var/backups/federation}}"

# The database, as django-environ reads DATABASE_URL.
case "$DATABASE_URL" in
    postgres://*|postgresql://*|pgsql://*|psql://*|postgis://*)
        KIND=postgresql
        # libpq takes the same URL once the scheme is one it knows; it never lands in the manifest (password).
        PG_URL="postgresql://${DATABASE_URL#*://}"
        DATABASE_FILE=database.dump
        command -v pg_dump >/dev/null || fail "pg_dump is missing: apt-get install postgresql-client"
        case "$DATABASE_URL" in *@*) SOURCE="postgresql://${DATABASE_URL##*@}" ;; *) SOURCE="$PG_URL" ;; esac
        ;;
    sqlite://*)
        KIND=sqlite
        SQLITE_PATH="${DATABASE_URL#sqlite:///}"
        [ "$SQLITE_PATH" != "$DATABASE_URL" ] && [ -n "$SQLITE_PATH" ] || fail "no SQLite file in DATABASE_URL ($DATABASE_URL)"
        SQLITE_PATH="$(printf '%b' "${SQLITE_PATH//%/\\x}")"  # percent-decoded, as django-environ does
        [ -f "$SQLITE_PATH" ] || fail "SQLite database $SQLITE_PATH does not exist"
        SQLITE_PATH="$(cd "$(dirname "$SQLITE_PATH")" && pwd)/$(basename "$SQLITE_PATH")"
        DATABASE_FILE=database.sqlite3
        command -v sqlite3 >/dev/null || fail "sqlite3 is missing: apt-get install sqlite3"
        SOURCE="sqlite://$SQLITE_PATH"
        ;;
    *) fail "DATABASE_URL must start with postgres:// or sqlite:// (got ${DATABASE_URL%%://*}://...)" ;;
esac

mkdir -p "$DESTINATION"
NAME="federation-$(date -u +%Y%m%dT%H%M%SZ)"
FINAL="$(cd "$DESTINATION" && pwd)/$NAME"
WORK="$FINAL.partial"
[ ! -e "$FINAL" ] || fail "$FINAL already exists"
mkdir "$WORK"
trap 'rm -rf "$WORK"' EXIT

say "database ($KIND) -> $WORK/$DATABASE_FILE"
if [ "$KIND" = postgresql ]; then
    pg_dump --dbname="$PG_URL" --format=custom --file="$WORK/$DATABASE_FILE"
else
    # .backup copies page by page under SQLite's own locking: a consistent snapshot even while the app writes.
    (cd "$WORK" && sqlite3 -bail -cmd ".timeout 20000" "$SQLITE_PATH" ".backup $DATABASE_FILE")
    [ "$(sqlite3 "$WORK/$DATABASE_FILE" 'PRAGMA quick_check')" = ok ] || fail "the SQLite copy fails PRAGMA quick_check"
fi

# Archive a folder's contents (not the folder itself), so restore.sh can unpack them wherever the new
# server keeps them. GNU tar exits 1 when a file changed while it was read: the archive is still usable.
archive() {
    local folder="$1" tarball="$2" status=0
    if [ ! -d "$folder" ]; then
        say "$folder does not exist: $tarball is empty"
        tar -czf "$WORK/$tarball" --files-from=/dev/null
        return
    fi
    say "$folder -> $WORK/$tarball"
    tar -C "$folder" -czf "$WORK/$tarball" . || status=$?
    if [ "$status" -eq 1 ]; then
        say "warning: a file in $folder changed while it was archived"
    elif [ "$status" -ne 0 ]; then
        fail "tar failed on $folder (exit $status)"
    fi
}
archive "$MEDIA_ROOT" media.tar.gz
archive "$PRIVATE_MEDIA_ROOT" private.tar.gz

COMMIT="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
{
    echo "# Federation backup. Check: grep -E '^[0-9a-f]{64}  ' MANIFEST | sha256sum --check"
    echo "format: 1"
    echo "created: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host: $(uname -n)"
    echo "code: $COMMIT"
    echo "database: $KIND"
    echo "database_file: $DATABASE_FILE"
    echo "source: $SOURCE"
    echo "media_root: $MEDIA_ROOT"
    echo "private_media_root: $PRIVATE_MEDIA_ROOT"
    (cd "$WORK" && sha256sum "$DATABASE_FILE" media.tar.gz private.tar.gz)
} > "$WORK/MANIFEST"

mv "$WORK" "$FINAL"
trap - EXIT
say "done: $(du -sh "$FINAL" | cut -f1)"
echo "$FINAL"

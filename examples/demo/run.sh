#!/usr/bin/env bash
# keel's main job on the embedded SQLite default, and the two incidents keel exists for:
# migrate, look, undo; a batch that loses data (caught and undone by the data guard); and
# migration files lost by a rebase (written back by `keel reconstruct`).
# Works on a copy of the migrations and a fresh keel.db every time, so it can be run repeatedly.
set -euo pipefail
cd "$(dirname "$0")"
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cargo build --quiet -p keel
keel() { ../../target/debug/keel "$@"; }
rm -rf keel.db .keel work
mkdir -p work && cp -r migrations work/migrations
export KEEL_DEMO_DIR=work/migrations

say() { printf '\n\033[1;34m# %s\033[0m\n' "$*"; }
# Runs a keel command and checks its exit code (the demo fails loudly if keel misbehaves).
step() {
    local want=$1; shift
    printf '\n\033[1m$ keel %s\033[0m\n' "$*"
    local code=0
    keel "$@" --dir "$KEEL_DEMO_DIR" || code=$?
    if [ "$code" != "$want" ]; then
        echo "demo: expected exit $want from keel $*, got $code" >&2
        exit 1
    fi
}

say "Migrate, look, undo, migrate again"
step 0 status
step 0 migrate
step 0 rollback --step 2
step 0 migrate

say "Incident 2: a migration drops photos.caption before its data is copied"
cp incident/* "$KEEL_DEMO_DIR"/
step 1 migrate
say "The guard restored the backup: the captions are still there"
sqlite3 keel.db "SELECT id, caption FROM photos ORDER BY id" 2>/dev/null || true
rm "$KEEL_DEMO_DIR"/0006_*

say "Incident 1: a forced rebase deletes three applied migration files"
rm "$KEEL_DEMO_DIR"/000[345]_*
step 1 status
step 0 reconstruct
step 0 status

say "What keel saw, for the post-mortem"
step 0 report incident --since 1h --out work/incident.md
printf '\nThe journal: examples/demo/.keel/backups/journal.jsonl; the report: examples/demo/work/incident.md\n'

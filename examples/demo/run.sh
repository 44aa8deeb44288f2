#!/usr/bin/env bash
# keel's main job on the embedded SQLite default: migrate, look, undo, look again.
# Starts from a fresh keel.db every time, so it can be run repeatedly.
set -euo pipefail
cd "$(dirname "$0")"
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cargo build --quiet -p keel
keel() { ../../target/debug/keel "$@"; }
rm -rf keel.db .keel

step() { printf '\n\033[1m$ keel %s\033[0m\n' "$*"; keel "$@"; }
step status
step migrate
step status
step rollback --step 2
step status
step migrate
printf '\nThe journal of what happened: examples/demo/.keel/backups/journal.jsonl\n'

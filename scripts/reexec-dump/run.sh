#!/usr/bin/env bash
# Dump every reexecuteBlock result the unit tests produce: scripts/reexec-dump/run.sh <out-dir>
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(realpath -m "$1")"
rm -rf "$out"
REEXEC_DUMP_DIR="$out" npx vitest run --config scripts/reexec-dump/vitest.config.ts \
  --root . test/unit/reexecute "${@:2}"
wc -c "$out"/*

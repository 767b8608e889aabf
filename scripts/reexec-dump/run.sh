#!/usr/bin/env bash
# Dump every reexecuteBlock result the unit tests produce: scripts/reexec-dump/run.sh <out-dir>
# (REEXEC_DUMP_SETUP=./run-contract-setup.ts … test/unit/starknet/run-contract.test.ts: runContract's)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(realpath -m "$1")"
shift
[ $# -gt 0 ] || set -- test/unit/reexecute
rm -rf "$out"
REEXEC_DUMP_DIR="$out" npx vitest run --config scripts/reexec-dump/vitest.config.ts \
  --root . "$@"
wc -c "$out"/*

#!/usr/bin/env bash
# Build our blockifier harness (test/truth/blockifier-harness: runs one entry point with the
# sequencer's blockifier crate and prints its CallInfo tree) for the Sierra-gas truth tests
# (test/truth/sierra-gas.test.ts). Pinned by the committed Cargo.lock (`--locked`); the build
# goes to .tools/blockifier-harness-target (gitignored). Idempotent: cargo rebuilds nothing when
# the binary is up to date, so a second run takes seconds. The app never needs it.
#
# STM_CARGO_TARGET_DIR overrides the target dir. Sharing one with a starknet-devnet build does not
# save time: the lock pins devnet 0.10.1's versions, but devnet enables more features of shared
# low-level crates (serde_core, ahash, smallvec, tokio, ...), and cargo compiles a crate again
# for each feature set, and every crate above it (README, "Two commands").
set -euo pipefail
cd "$(dirname "$0")/../.."
CRATE=test/truth/blockifier-harness
TARGET="${STM_CARGO_TARGET_DIR:-$PWD/.tools/blockifier-harness-target}"
BIN="$TARGET/release/stm-explorer-blockifier-harness"

if ! command -v cargo >/dev/null; then
  echo "cargo not found: install Rust (https://rustup.rs) first" >&2
  exit 1
fi
mkdir -p "$TARGET"
echo "== cargo build --release --locked ($CRATE → $TARGET; long the first time)"
start=$(date +%s)
cargo build --release --locked --manifest-path "$CRATE/Cargo.toml" --target-dir "$TARGET"
echo "blockifier harness built in $(($(date +%s) - start)) s (load: $(cut -d' ' -f1-3 /proc/loadavg)): $BIN"

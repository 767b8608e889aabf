#!/usr/bin/env bash
# Build our blockifier harness (test/truth/blockifier-harness: runs entry points with the
# sequencer's blockifier crate and prints their call trees) for the Sierra-gas truth test
# (test/truth/sierra-gas.test.ts), and copy the binary to .tools/blockifier-harness/ (gitignored),
# where the test looks for it. Pinned by the committed Cargo.lock (`--locked`). Idempotent: cargo
# rebuilds nothing that is up to date, so a second run takes seconds.
#
# The target dir lives outside the clone (default ~/.cache/stm-explorer/blockifier-harness-target,
# STM_CARGO_TARGET_DIR overrides it), as devnet's install does (~/.cargo/bin): CI runs in a fresh
# clone each time, and the first build is about an hour on a busy 2-core machine. Sharing a target
# dir with a starknet-devnet build would not save time: the lock pins devnet 0.10.1's versions,
# but devnet enables more features of shared low-level crates (serde_core, ahash, smallvec,
# tokio, ...), and cargo compiles a crate again for each feature set, and every crate above it.
set -euo pipefail
cd "$(dirname "$0")/../.."
CRATE=test/truth/blockifier-harness
TARGET="${STM_CARGO_TARGET_DIR:-$HOME/.cache/stm-explorer/blockifier-harness-target}"
OUT=.tools/blockifier-harness

if ! command -v cargo >/dev/null; then
  echo "cargo not found: install Rust (https://rustup.rs) first" >&2
  exit 1
fi
mkdir -p "$TARGET"
echo "== cargo build --release --locked ($CRATE → $TARGET; long the first time)"
start=$(date +%s)
cargo build --release --locked --manifest-path "$CRATE/Cargo.toml" --target-dir "$TARGET"
mkdir -p "$OUT"
cp "$TARGET/release/stm-explorer-blockifier-harness" "$OUT/"
echo "blockifier harness built in $(($(date +%s) - start)) s (load: $(cut -d' ' -f1-3 /proc/loadavg)): $OUT/stm-explorer-blockifier-harness"

#!/usr/bin/env bash
# Install the pinned starknet-devnet (a local Starknet node that executes with blockifier) for
# the truth tests (test/truth, `npm run truth`). Idempotent: does nothing when
# `starknet-devnet --version` already reports the pinned version. The app never needs it.
set -euo pipefail
VERSION="${DEVNET_VERSION:-0.10.1}"
BIN="${CARGO_HOME:-$HOME/.cargo}/bin/starknet-devnet"

installed() {
  local exe
  exe="$(command -v starknet-devnet || true)"
  [ -z "$exe" ] && [ -x "$BIN" ] && exe="$BIN"
  [ -n "$exe" ] && "$exe" --version 2>/dev/null | grep -qw "$VERSION"
}

if installed; then
  echo "starknet-devnet $VERSION already installed"
  exit 0
fi
if ! command -v cargo >/dev/null; then
  echo "cargo not found: install Rust (https://rustup.rs) first" >&2
  exit 1
fi
echo "== cargo install --locked starknet-devnet --version $VERSION (a long Rust build)"
start=$(date +%s)
cargo install --locked starknet-devnet --version "$VERSION"
echo "starknet-devnet $VERSION installed in $(($(date +%s) - start)) s"

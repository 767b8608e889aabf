#!/usr/bin/env bash
# Install StarkWare's cairo-lang (the reference Cairo 0 VM, `cairo-run`) from PyPI into a venv at
# .tools/cairo-lang/, pinned. Idempotent: does nothing when that version is already installed.
# The byte-equal tests (test/unit/vm/cairo0-reference.test.ts) call .tools/cairo-lang/bin/cairo-run.
set -euo pipefail
cd "$(dirname "$0")/../.."

CAIRO_LANG_VERSION="0.14.0.1"
VENV=".tools/cairo-lang"
STAMP="$VENV/.installed-$CAIRO_LANG_VERSION"

if [ -f "$STAMP" ] && [ -x "$VENV/bin/cairo-run" ]; then
  echo "== cairo-lang $CAIRO_LANG_VERSION already in $VENV"
  exit 0
fi

# cairo-lang runs on Python 3.9 (its instances.py is rejected by 3.11's dataclasses). Use
# CAIRO_LANG_PYTHON, else a python3.9 on PATH, else pyenv's 3.9 (the project's machines have one).
find_python() {
  if [ -n "${CAIRO_LANG_PYTHON:-}" ]; then echo "$CAIRO_LANG_PYTHON"; return; fi
  if python3.9 --version >/dev/null 2>&1; then command -v python3.9; return; fi
  local root; root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
  for p in "$root"/versions/3.9*/bin/python3.9; do
    if [ -x "$p" ]; then echo "$p"; return; fi
  done
  echo "cairo-lang.sh: no Python 3.9 found (set CAIRO_LANG_PYTHON)" >&2
  exit 1
}
PY="$(find_python)"

# Debian build dependencies: fastecdsa (a cairo-lang dependency) compiles against GMP.
missing=()
dpkg -s libgmp-dev >/dev/null 2>&1 || missing+=(libgmp-dev)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== installing cairo-lang $CAIRO_LANG_VERSION into $VENV"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "cairo-lang==$CAIRO_LANG_VERSION"
"$VENV/bin/cairo-run" --version
touch "$STAMP"

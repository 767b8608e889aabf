#!/usr/bin/env bash
# npm run demo: install exactly what package-lock.json says, build, and serve the explorer
# on a built-in example. PORT=… to choose the port (default 3000).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npx next build
PORT="${PORT:-3000}"
echo
echo "STM Explorer is starting on http://localhost:${PORT}/?preset=seed-abc  (Ctrl+C to stop)"
echo
exec npx next start -p "$PORT"

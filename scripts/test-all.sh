#!/usr/bin/env bash
# npm run test:all: install everything a fresh Debian machine lacks, then run every check:
# typecheck, lint, unit + property tests (vitest), browser tests (Playwright + Chromium), and the
# truth tests against a real Starknet node (starknet-devnet, pinned, built with cargo).
# Ends with one line `N passed, N failed` summing all test runners.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium (needed by the browser tests)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

if [ "${CI:-}" = "true" ] || [ ! -d node_modules ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi

mkdir -p test-results
status=0

# Reference components the tests run against, pinned and reused when already installed.
# starknet-devnet is a long Rust build on a fresh machine (see README): it runs in the background
# at the lowest priority, so it takes only the CPU the checks below leave idle, and the truth
# tests wait for it at the end.
echo "== starknet-devnet (building in the background when missing; log test-results/devnet-setup.log)"
( nice -n 19 bash scripts/setup/devnet.sh >test-results/devnet-setup.log 2>&1
  echo $? >test-results/devnet-setup.rc ) &
devnet_setup=$!
# Our blockifier harness (test/truth/blockifier-harness) for the Sierra-gas truth test: also a
# long Rust build the first time, also in the background at the lowest priority.
echo "== blockifier harness (building in the background; log test-results/blockifier-harness-setup.log)"
( nice -n 19 bash scripts/setup/blockifier-harness.sh >test-results/blockifier-harness-setup.log 2>&1
  echo $? >test-results/blockifier-harness-setup.rc ) &
harness_setup=$!
echo "== cairo-lang (the reference Cairo 0 VM for the byte-equal tests)"
bash scripts/setup/cairo-lang.sh || status=1

echo "== typecheck"; npx tsc --noEmit || status=1
echo "== lint"; npx eslint . || status=1
echo "== format"; npx prettier --check . --log-level warn || status=1

echo "== unit and property tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest-unit.json || status=1
echo "== browser tests (Playwright + Chromium)"
npx vitest run --config vitest.browser.config.ts --reporter=default --reporter=json --outputFile=test-results/vitest-browser.json || status=1

echo "== waiting for starknet-devnet"
wait "$devnet_setup" || true
tail -n 3 test-results/devnet-setup.log
[ "$(cat test-results/devnet-setup.rc 2>/dev/null)" = "0" ] || { echo "starknet-devnet setup failed"; status=1; }
echo "== waiting for the blockifier harness"
wait "$harness_setup" || true
tail -n 2 test-results/blockifier-harness-setup.log
[ "$(cat test-results/blockifier-harness-setup.rc 2>/dev/null)" = "0" ] || { echo "blockifier harness build failed"; status=1; }
echo "== truth tests (our re-execution against starknet-devnet; Sierra gas against blockifier)"
npx vitest run --config vitest.truth.config.ts --reporter=default --reporter=json --outputFile=test-results/vitest-truth.json || status=1
echo "== truth report (npm run truth)"
npm run --silent truth || status=1

node -e '
const fs = require("fs");
let passed = 0, failed = 0;
for (const f of ["test-results/vitest-unit.json", "test-results/vitest-browser.json", "test-results/vitest-truth.json"]) {
  if (!fs.existsSync(f)) { failed += 1; console.error(f + " missing: that runner did not finish"); continue; }
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests;
  if (r.numTotalTestSuites > 0 && r.numFailedTestSuites > 0 && r.numFailedTests === 0) failed += r.numFailedTestSuites;
}
console.log(`${passed} passed, ${failed} failed`);
'
exit $status

#!/usr/bin/env bash
# web.sh BIN — the browser test (tests/web/browser.mjs): headless Debian Chromium driven by
# playwright-core. Installs the pinned npm dependency on first use (CI starts clean).
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../web"
command -v node >/dev/null || { echo "web: skipped: node not found"; exit 0; }
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "web: skipped: $CHROMIUM not found (scripts/deps.sh installs it)"; exit 0; }
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2 || { echo "FAIL web: npm ci failed"; exit 1; }
fi
CHROMIUM=$CHROMIUM timeout 300 node browser.mjs "$BIN"

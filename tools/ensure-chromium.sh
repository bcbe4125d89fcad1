#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own browser download
# needs a network the build does not have). Find it, install it when running
# as root, or say exactly what to run.
set -euo pipefail

if [ -n "${CHROMIUM_PATH:-}" ]; then
  if [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
  echo "CHROMIUM_PATH is set to '$CHROMIUM_PATH', which is not an executable file."
  echo "Point it to a Chromium executable, or unset it to use Debian's chromium package."
  exit 1
fi
if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "First-time set-up: installing Debian's chromium package for the browser tests"
  echo "(apt-get, about 1 to 2 minutes, once)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  echo "Chromium installed: $(command -v chromium)."
  exit 0
fi

cat <<'MSG'
The browser tests need Chromium, which is not installed. Install it with:

  sudo apt-get install chromium

(on Ubuntu the package may be called chromium-browser), or set CHROMIUM_PATH
to a Chromium executable. Then run `make test` again.
`make test-fast` runs every other test without a browser.
MSG
exit 1

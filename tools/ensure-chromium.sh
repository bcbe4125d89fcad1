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

if bash "$(dirname "$0")/apt-install.sh" "the browser tests" chromium fonts-dejavu-core; then
  echo "Chromium installed: $(command -v chromium)."
  exit 0
fi
cat <<'MSG'
(On Ubuntu the package may be called chromium-browser.) Or set CHROMIUM_PATH
to a Chromium executable. Then run `make test` again.
`make test-fast` runs every other test without a browser.
MSG
exit 1

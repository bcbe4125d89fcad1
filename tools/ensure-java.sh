#!/usr/bin/env bash
# The W3C Nu HTML Checker (npm's vnu-jar, make validate and make test) runs on Java. Find it,
# install Debian's default-jre-headless when running as root, or say exactly what to run.
set -euo pipefail

if command -v java >/dev/null 2>&1; then
  exit 0
fi

if bash "$(dirname "$0")/apt-install.sh" "the W3C Nu HTML Checker (make validate; make test runs it)" default-jre-headless; then
  echo "Java installed: $(command -v java)."
  exit 0
fi
echo "Then run the command again. \`make test-fast\` needs it too."
exit 1

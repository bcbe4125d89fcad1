#!/usr/bin/env bash
# tools/apt-install.sh WHAT PACKAGE...: install Debian packages a make target needs, when running
# as root on a machine with apt-get; otherwise print the exact command and fail. WHAT says what
# they are for. Used by tools/ensure-chromium.sh, tools/ensure-npm.sh and tools/ensure-java.sh.
set -euo pipefail
what=$1
shift

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "First-time set-up: installing Debian's $* package(s) for $what"
  echo "(apt-get, about 1 to 2 minutes, once)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  exit 0
fi

echo "Missing for $what: Debian's $* package(s). Install them with:"
echo
echo "  sudo apt-get install $*"
echo
exit 1

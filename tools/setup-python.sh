#!/usr/bin/env bash
# Create .venv with the exact versions of requirements.lock, or bring it up to
# date after requirements.lock changed. Run by `make setup` (and so by every
# make command that needs Python packages).
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}

if ! command -v "$python" >/dev/null 2>&1; then
  echo "Python 3.11 or later is needed and '$python' was not found."
  echo "On Debian or Ubuntu:  sudo apt-get install python3 python3-venv"
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Python 3.11 or later is needed; '$python' is $("$python" -V 2>&1)."
  echo "Run make with another interpreter, for example:  make test PYTHON=python3.12"
  exit 1
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "First-time set-up: creating $venv and installing the $(grep -c '==' requirements.lock) pinned packages"
  echo "of requirements.lock. This takes about 1 to 3 minutes, once; later runs start at once."
  # Debian and Ubuntu ship venv's pip bootstrap in a separate package.
  if ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "Installing Debian's python3-venv package (apt-get, about 30 seconds)..."
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    else
      echo "Python's venv module is missing. Install it with:"
      echo "  sudo apt-get install python3-venv"
      echo "then run the same make command again."
      exit 1
    fi
  fi
  rm -rf "$venv"
  "$python" -m venv "$venv"
else
  echo "requirements.lock or pyproject.toml changed: updating $venv (a few seconds to a minute)..."
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock
echo "Set-up done: $venv is ready."

#!/usr/bin/env bash
# Installs everything HuggingKG-LD needs on a fresh Debian machine: system packages for the browser and
# external-store tests (Debian chromium, Virtuoso), then the npm dependencies (npm ci compiles the TypeScript).
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(chromium virtuoso-opensource)

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${SYSTEM_PACKAGES[@]}" >/dev/null
fi

npm ci --no-audit --no-fund

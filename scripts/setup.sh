#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh Debian machine like CI's: Debian's Python test
# packages, shellcheck and curl (the emulator's `az`) from apt, then the npm packages, Node 24 among them (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(python3-pandas python3-numpy python3-pytest python3-yaml shellcheck curl)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
npm ci --no-audit --no-fund

#!/usr/bin/env bash
# Debian's libraries and fonts for WeasyPrint, which renders the letters' PDFs: Pango (with
# HarfBuzz's subsetter) and the local fonts the letters are set in. Nothing is downloaded at
# run time; a letter never uses a remote font.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian's ${missing[*]} for the letters' PDFs"
# As root (CI, the image), or through sudo on a developer's own machine.
as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

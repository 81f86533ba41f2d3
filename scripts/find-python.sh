#!/usr/bin/env bash
# Prints the path of a local Python 3.13 (or 3.12) for uv to use; uv never downloads one.
set -euo pipefail
wanted=$(cat "$(dirname "$0")/../.python-version")
for version in "$wanted" 3.13 3.12; do
  if command -v pyenv >/dev/null 2>&1 && prefix=$(pyenv prefix "$version" 2>/dev/null); then
    echo "$prefix/bin/python"; exit 0
  fi
  if command -v "python$version" >/dev/null 2>&1 && "python$version" -c 'pass' 2>/dev/null; then
    command -v "python$version"; exit 0
  fi
done
echo "No Python 3.13 or 3.12 found (pyenv or PATH). Django 6 needs one: install it and retry." >&2
exit 1

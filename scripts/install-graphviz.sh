#!/usr/bin/env bash
# Debian's Graphviz, whose `dot` draws the "How the policy works" flow chart (casework.process_chart)
# from the state machines. Nothing is drawn by hand; nothing is downloaded at run time.
set -euo pipefail
if command -v dot >/dev/null 2>&1; then exit 0; fi
echo "Installing Debian's graphviz for the process flow chart"
# As root (CI, the image), or through sudo on a developer's own machine.
as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends graphviz >/dev/null

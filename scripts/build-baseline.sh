#!/usr/bin/env bash
# Builds the package as it was at commit REV into bench/baseline/REV (git-ignored), for the benchmark to
# time that engine beside this one in one process:
#
#   bash scripts/build-baseline.sh 822da21
#   npm run build && BENCH_BASELINE=bench/baseline/822da21 node --expose-gc --import tsx bench/run.ts --no-python
#
# Only src/ and the build's tsconfig files are taken from REV; the compiler is this checkout's.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: bash scripts/build-baseline.sh REV}
out=bench/baseline/$rev
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git archive "$rev" src tsconfig.json tsconfig.build.json | tar -x -C "$work"
# rxjs and the compiler resolve from this checkout; src/rxjs9 is another entry, not timed.
ln -s "$PWD/node_modules" "$work/node_modules"
rm -rf "$work/src/rxjs9" "$out"
npx tsc -p "$work/tsconfig.build.json" --outDir "$out/cjs" --declaration false --declarationMap false --sourceMap false
echo "built $rev into $out"

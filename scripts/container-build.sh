#!/usr/bin/env bash
# Builds the container image's /app on the host, for machines without a container engine:
# the same commands as the Dockerfile's build stage, in a clean directory, then only what the
# runtime stage copies (package.json, production node_modules, dist/) is kept in <outdir>.
# Usage: scripts/container-build.sh <outdir>    then: (cd <outdir> && node dist/main.js run)
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 <outdir>" >&2
  exit 2
fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$1"
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  echo "$0: $out exists and is not empty" >&2
  exit 1
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/crosstenant-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Build stage: the files .dockerignore lets through, nothing from the developer's tree besides.
cp "$repo/package.json" "$repo/package-lock.json" "$repo/tsconfig.json" "$repo/tsconfig.build.json" "$work/"
cp -R "$repo/src" "$work/src"
find "$work/src" -name '*.test.ts' -delete
cd "$work"
# stdout carries only the output directory, for callers; npm's progress goes to stderr.
{
  npm ci --ignore-scripts --no-audit --no-fund
  npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund
} >&2

# Runtime stage.
cp package.json "$out/package.json"
cp -R node_modules "$out/node_modules"
cp -R dist "$out/dist"
echo "$out"

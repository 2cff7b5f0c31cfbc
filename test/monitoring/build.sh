#!/usr/bin/env bash
# Builds the real Prometheus server and promtool the monitoring tests run, from the pinned Go module
# github.com/prometheus/prometheus (tools/go.mod), into a cache keyed by its version, as
# test/cluster/build.sh does for the control plane. A warm cache makes this a no-op.
# Prints the binary directory on its last line.
set -euo pipefail

PROMETHEUS_VERSION=v0.316.0 # the Go module's version; Prometheus 3.x releases are tagged v0.3xx.y there

here=$(cd "$(dirname "$0")" && pwd)
cache_root=${CROSSTENANT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/crosstenant-operator}
bin_dir="$cache_root/bin/prometheus-${PROMETHEUS_VERSION}"

if [ -f "$bin_dir/.complete" ]; then
  echo "$bin_dir"
  exit 0
fi

# Never fetch another Go toolchain: build with the one on the machine.
export GOTOOLCHAIN=local
export GOFLAGS=-buildvcs=false
mkdir -p "$bin_dir"
started=$(date +%s)
echo "building prometheus and promtool into $bin_dir (first run only; about 4 minutes on 2 cores)" >&2

# remove_all_sd drops every service-discovery plugin (cloud SDKs: most of the build); the tests use
# static_configs only. Without the builtinassets tag the web UI is not embedded, which the HTTP API
# does not need.
(
  cd "$here/tools"
  for cmd in prometheus promtool; do
    echo "  go build $cmd" >&2
    nice -n 15 go build -trimpath -tags remove_all_sd \
      -ldflags "-s -w -X github.com/prometheus/common/version.Version=${PROMETHEUS_VERSION#v}" -o "$bin_dir/$cmd" \
      "github.com/prometheus/prometheus/cmd/$cmd"
  done
)

touch "$bin_dir/.complete"
echo "built in $(( $(date +%s) - started )) s" >&2
echo "$bin_dir"

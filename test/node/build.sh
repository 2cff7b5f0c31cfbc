#!/usr/bin/env bash
# Builds the real node the pod tests run: kubelet, kube-proxy and kube-scheduler from the same
# k8s.io/kubernetes module and version as the control plane (tools/go.mod) with the pod sandbox's pause
# program from that module's source, containerd v2 with its runc shim and ctr, runc, and the CNI
# plugins a bridge network needs, all from pinned Go modules, into a cache keyed by their versions, as
# test/cluster/build.sh does for the control plane. A warm cache makes this a no-op.
# Prints the binary directory on its last line. runc links libseccomp (Debian's libseccomp-dev); pause
# is C, linked statically (gcc, libc6-dev).
set -euo pipefail

KUBERNETES_VERSION=v1.37.2 # keep equal to test/cluster/build.sh
CONTAINERD_VERSION=v2.4.2
RUNC_VERSION=v1.5.3
CNI_PLUGINS_VERSION=v1.10.0

here=$(cd "$(dirname "$0")" && pwd)
cache_root=${CROSSTENANT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/crosstenant-operator}
bin_dir="$cache_root/bin/node-kubernetes-${KUBERNETES_VERSION}_containerd-${CONTAINERD_VERSION}_runc-${RUNC_VERSION}_cni-${CNI_PLUGINS_VERSION}"

if [ -f "$bin_dir/.complete" ]; then
  echo "$bin_dir"
  exit 0
fi

# Never fetch another Go toolchain: build with the one on the machine.
export GOTOOLCHAIN=local
export GOFLAGS="-buildvcs=false ${GOFLAGS:-}"
mkdir -p "$bin_dir/cni"
started=$(date +%s)
echo "building the test node into $bin_dir (first run only; about 8 minutes on 2 cores)" >&2

version_flags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  version_flags="$version_flags -X $pkg.gitVersion=${KUBERNETES_VERSION} -X $pkg.gitMajor=1"
  version_flags="$version_flags -X $pkg.gitMinor=$(echo "$KUBERNETES_VERSION" | cut -d. -f2)"
  version_flags="$version_flags -X $pkg.gitTreeState=clean"
done

(
  cd "$here/tools"
  for cmd in kubelet kube-proxy kube-scheduler; do
    echo "  go build $cmd" >&2
    CGO_ENABLED=0 nice -n 10 go build -trimpath -ldflags "$version_flags" -o "$bin_dir/$cmd" "k8s.io/kubernetes/cmd/$cmd"
  done
  echo "  gcc pause" >&2
  kubernetes_src=$(go list -m -f '{{.Dir}}' k8s.io/kubernetes)
  gcc -Os -static -DVERSION=v3.10.2 -o "$bin_dir/pause" "$kubernetes_src/build/pause/linux/pause.c"
  strip "$bin_dir/pause"
)

# Snapshotters other than overlayfs and native need C libraries or kernel modules the node does not use.
containerd_tags=no_btrfs,no_devmapper,no_zfs
containerd_flags="-s -w -X github.com/containerd/containerd/v2/version.Version=${CONTAINERD_VERSION}"
for cmd in containerd containerd-shim-runc-v2 ctr; do
  echo "  go install $cmd@${CONTAINERD_VERSION}" >&2
  CGO_ENABLED=0 GOBIN="$bin_dir" nice -n 10 go install -trimpath -tags "$containerd_tags" -ldflags "$containerd_flags" \
    "github.com/containerd/containerd/v2/cmd/$cmd@${CONTAINERD_VERSION}"
done

# runc needs cgo (its nsenter part is C) and seccomp so RuntimeDefault profiles apply.
echo "  go install runc@${RUNC_VERSION}" >&2
CGO_ENABLED=1 GOBIN="$bin_dir" nice -n 10 go install -trimpath -tags seccomp \
  -ldflags "-s -w -X main.version=${RUNC_VERSION#v}" "github.com/opencontainers/runc@${RUNC_VERSION}"

for plugin in main/bridge main/loopback ipam/host-local; do
  echo "  go install ${plugin##*/}@${CNI_PLUGINS_VERSION}" >&2
  CGO_ENABLED=0 GOBIN="$bin_dir/cni" nice -n 10 go install -trimpath -ldflags "-s -w" \
    "github.com/containernetworking/plugins/plugins/$plugin@${CNI_PLUGINS_VERSION}"
done

touch "$bin_dir/.complete"
echo "built in $(( $(date +%s) - started )) s" >&2
echo "$bin_dir"

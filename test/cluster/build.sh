#!/usr/bin/env bash
# Builds the real control-plane binaries the tests run (kube-apiserver, kube-controller-manager,
# kubectl, etcd, helm) from pinned Go modules into a cache keyed by their versions.
# A warm cache makes this a no-op. Prints the binary directory on its last line.
set -euo pipefail

KUBERNETES_VERSION=v1.37.2
ETCD_VERSION=v3.7.0 # the etcd that k8s.io/kubernetes ${KUBERNETES_VERSION} itself requires
HELM_VERSION=v3.22.0

here=$(cd "$(dirname "$0")" && pwd)
cache_root=${CROSSTENANT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/crosstenant-operator}
bin_dir="$cache_root/bin/kubernetes-${KUBERNETES_VERSION}_etcd-${ETCD_VERSION}_helm-${HELM_VERSION}"

if [ -f "$bin_dir/.complete" ]; then
  echo "$bin_dir"
  exit 0
fi

# Never fetch another Go toolchain: build with the one on the machine.
export GOTOOLCHAIN=local
export GOFLAGS=-buildvcs=false
mkdir -p "$bin_dir"
started=$(date +%s)
echo "building the test control plane into $bin_dir (first run only; about 15-25 minutes on 2 cores)" >&2

version_flags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  version_flags="$version_flags -X $pkg.gitVersion=${KUBERNETES_VERSION} -X $pkg.gitMajor=1"
  version_flags="$version_flags -X $pkg.gitMinor=$(echo "$KUBERNETES_VERSION" | cut -d. -f2)"
  version_flags="$version_flags -X $pkg.gitTreeState=clean"
done

(
  cd "$here/tools"
  for cmd in kube-apiserver kube-controller-manager kubectl; do
    echo "  go build $cmd" >&2
    go build -trimpath -ldflags "$version_flags" -o "$bin_dir/$cmd" "k8s.io/kubernetes/cmd/$cmd"
  done
  echo "  go build etcd" >&2
  go build -trimpath -ldflags "-s -w" -o "$bin_dir/etcd" ./etcd
)
echo "  go install helm.sh/helm/v3/cmd/helm@${HELM_VERSION}" >&2
GOBIN="$bin_dir" go install -trimpath -ldflags "-s -w" "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}"

touch "$bin_dir/.complete"
echo "built in $(( $(date +%s) - started )) s" >&2
echo "$bin_dir"

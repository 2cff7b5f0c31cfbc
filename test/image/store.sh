# Sourced by the image scripts: buildah's own image store under the test cache (never the machine's
# /var/lib/containers), with the vfs driver, which needs no kernel support beyond a plain file system.
cache_root=${CROSSTENANT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/crosstenant-operator}
store_flags=(--root "$cache_root/containers/storage" --runroot "$cache_root/containers/run" --storage-driver vfs)

#!/usr/bin/env bash
# Runs a command (the kubelet) in a mount namespace of its own in which the kernel tunables the kubelet
# checks read the values it wants, without changing them on the machine: each /proc/sys file named in
# the tunables directory ($1, files named like vm.overcommit_memory holding the value) gets that file
# bind-mounted over it, inside this namespace only. Mounts under shared mounts (the kubelet's
# directory) still reach the machine's namespace, where containerd sees them.
# Usage: kernel-view.sh TUNABLES_DIR COMMAND [ARGS...]
set -euo pipefail
tunables=$1
shift
exec unshare --mount --propagation unchanged -- bash -c '
  set -euo pipefail
  tunables=$1
  shift
  mount --make-rprivate /proc
  for file in "$tunables"/*; do
    mount --bind -o ro "$file" "/proc/sys/$(basename "$file" | tr . /)"
  done
  exec "$@"
' kernel-view "$tunables" "$@"

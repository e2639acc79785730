#!/bin/sh
# Prints the -Xmx flag that fits dbscope's heap under the memory limit the process runs in, or
# nothing when there is no limit or the launcher's 256 MB cap fits it. The limit is the smallest
# of the process's cgroup and its parents (cgroup v2 memory.max, v1 memory.limit_in_bytes): what a
# container runtime or systemd's MemoryMax= sets. dbscope's RSS peaks at about the heap's cap plus
# 100 MB that is not heap (classes, compiled code, the JVM itself; docs/operations.md), so the
# heap gets the limit less 100 MB, and at least half of it. Never fails: anything unreadable
# means no limit. The two variables below are for tests only.
cgroup_fs=${DBSCOPE_CGROUP_FS:-/sys/fs/cgroup}
proc_cgroup=${DBSCOPE_PROC_CGROUP:-/proc/self/cgroup}
cap_mb=256 # the launchers' -Xmx
non_heap_mb=100

smallest=
consider() {
  # $1: a file holding a limit in bytes, or "max"
  [ -r "$1" ] || return 0
  v=
  read -r v < "$1" 2>/dev/null || true
  case "$v" in '' | *[!0-9]*) return 0 ;; esac
  # v1 writes "no limit" as a number near 2^63.
  [ ${#v} -le 15 ] || return 0
  mb=$((v / 1048576))
  if [ -z "$smallest" ] || [ "$mb" -lt "$smallest" ]; then smallest=$mb; fi
}
walk() {
  # $1: the cgroup's directory, $2: the file name; up to the hierarchy's root
  dir=$1
  while :; do
    consider "$dir/$2"
    case "$dir" in "$3" | "$3/" | /) break ;; esac
    dir=${dir%/*}
  done
}

if [ -r "$proc_cgroup" ]; then
  while IFS=: read -r _ controllers path; do
    case "$controllers" in
      '') [ -d "$cgroup_fs" ] && walk "$cgroup_fs${path%/}" memory.max "$cgroup_fs" ;;
      memory | *,memory | memory,* | *,memory,*)
        [ -d "$cgroup_fs/memory" ] && walk "$cgroup_fs/memory${path%/}" memory.limit_in_bytes "$cgroup_fs/memory" ;;
    esac
  done < "$proc_cgroup"
fi

[ -n "$smallest" ] || exit 0
heap=$((smallest - non_heap_mb))
half=$((smallest / 2))
[ "$heap" -ge "$half" ] || heap=$half
[ "$heap" -lt "$cap_mb" ] || exit 0
echo "-Xmx${heap}m"

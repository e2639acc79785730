#!/usr/bin/env bash
# What drives dbscope's RSS and CPU for one datasource: one PostgreSQL datasource served by
# dbscope started with the launcher's JVM flags plus each of a few variants (heap cap, C1 only,
# code cache and heap free ratios, compact object headers), with RSS, heap after a full GC and
# the JVM's Native Memory Tracking summary. Input for the launcher's defaults.
#   bench/jvm-flags.sh
#   FLAG_SETS="-Xmx64m;-Xmx128m -XX:TieredStopAtLevel=1" bench/jvm-flags.sh   # ';' separates variants
# Other knobs: QUICK=1, SCRAPES, WARMUP, DBSCOPE_JAR, KEEP=1, NO_DOCS=1.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
export PYTHONDONTWRITEBYTECODE=1
exec python3 -u "$here/lib/jvmflags.py" "$@"

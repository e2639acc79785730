#!/usr/bin/env bash
# One dbscope serving N datasources, N = 1, 3, 10, 100, 500, 1000 (mixed: up to 50 PostgreSQL
# databases and 50 MariaDB schemas on one server each with one-connection pools, the rest Redis
# datasources on 4 Redis servers): scrape duration median/p99, CPU per scrape, RSS and heap after
# a full GC, connections held per server, samples. Writes bench/results/, docs/benchmarks.md and
# the plot docs/bench-scale.png. A size that fails with the launcher's JVM flags is re-run with
# -Xmx1g, and the table says so.
#   bench/scale.sh                  # ~10 min
#   QUICK=1 bench/scale.sh          # N = 1, 3, 10, 100; 5 scrapes
#   NS="100 1000" SCRAPES=50 bench/scale.sh
#   AB="old.jar new.jar" ROUNDS=2 NS=1000 bench/scale.sh   # jars in turns on the same servers
#   AB="new.jar new.jar+-XX:MaxNewSize=80m" bench/scale.sh # a jar with JVM flags added (+)
#   AB="new.jar new.jar+@maxConcurrentCollections=32" bench/scale.sh # a global config key (+@)
# Other knobs: WARMUP, TIMEOUT_HEADER (default 10), REDIS_SERVERS, DBSCOPE_JAR,
# DBSCOPE_JAVA_OPTS, HISTO=1 (a class histogram after the scrapes, in bench/results/), KEEP=1,
# NO_DOCS=1 (results and plot in bench/results/ only), NMT=1 (`jcmd VM.native_memory summary` after
# the scrapes, appended to bench/results/scale-nmt-N.txt; add +-XX:NativeMemoryTracking=summary to AB),
# HEAPDUMP=/path.hprof (jcmd GC.heap_dump of the live heap after the scrapes), SMAPS=1 (the RSS
# by kind and the largest mappings after the scrapes, in bench/results/scale-smaps-N.txt),
# BODY=/path.txt (the last answer, unpacked).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
export PYTHONDONTWRITEBYTECODE=1
exec python3 -u "$here/lib/scale.py" "$@"

#!/usr/bin/env bash
# Start-up with and without the package's ahead-of-time cache: the Debian package built by
# ./mvnw package (dbscope-dist/target/dbscope_*.deb), unpacked into a temp dir and started through
# its own launcher with one Redis datasource (a private redis-server), with its AOT cache, without
# it (the runtime's default CDS archive) and with neither: start to ready, CPU until
# ready, the first scrape's CPU and latency, the steady-state CPU per scrape; A/B alternating.
#   bench/aot.sh                 # 5 runs of each, ~2 min
#   RUNS=3 WARMUP=100 bench/aot.sh
#   BASELINE=/tmp/old.deb bench/aot.sh  # the same for another build too, alternating
#   GZIP=1 ACCEPT=prometheus bench/aot.sh   # scrapes with Prometheus's Accept and gzip
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
export PYTHONDONTWRITEBYTECODE=1
exec python3 -u "$here/lib/startup.py" aot "$@"

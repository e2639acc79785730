#!/usr/bin/env bash
# The web console's fleet page with 1,000 datasources (Redis datasources on 2 real redis-servers):
# server time and bytes transferred for the first page (HTML plus its stylesheet and scripts),
# filtered and larger pages, and the API's list. Writes bench/results/ and docs/benchmarks.md.
#   bench/console.sh                 # ~2 min
#   N=200 REQUESTS=20 bench/console.sh
# Knobs: N (datasources, default 1000), REQUESTS (per URL, default 50), REDIS_SERVERS (default
# 2), DBSCOPE_JAR (default dbscope-server/target/dbscope.jar), KEEP=1, NO_DOCS=1.
# Needs: redis-server, python3.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
export PYTHONDONTWRITEBYTECODE=1
exec python3 -u "$here/lib/console.py" "$@"

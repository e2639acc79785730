#!/usr/bin/env bash
# A large fleet's first scrapes after a start: one dbscope of N datasources (scale.sh's mix: up to
# 50 PostgreSQL databases and 50 MariaDB schemas, the rest Redis on 4 servers) scraped as soon as
# /-/ready answers, three times, each run with a new dbscope; per run the start to ready, each
# scrape's time and how many datasources were up or timed out in it, and what its log said
# (datasources logged unhealthy, pools that missed connectTimeout, connections all in use, scrapes
# cut short by the deadline, warnings in all). Jars are run in turns. Prints a table; asserts nothing.
#   bench/fleet-start.sh                               # the current build, 3 runs of 1,000
#   RUNS=3 bench/fleet-start.sh old.jar new.jar       # jars in turns
# Knobs: RUNS (3), N (1000), TIMEOUT_HEADER (10), REDIS_SERVERS (4).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
export PYTHONDONTWRITEBYTECODE=1
exec python3 -u "$here/lib/fleetstart.py" "$@"

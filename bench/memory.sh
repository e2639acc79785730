#!/usr/bin/env bash
# RSS and Native Memory Tracking of the Debian package (dbscope-dist/target/dbscope_*.deb, unpacked
# into a temp dir, started through its own launcher): one Redis datasource after 1,000 scrapes and
# 1,000 Redis datasources (on 4 private redis-servers) after 20, under the launcher's JVM flags and
# each variant of FLAG_SETS added after them (';'-separated; the empty variant is the launcher's).
# NMT is read in a second process with the same flags (its own overhead stays out of the RSS).
#   bench/memory.sh
#   FLAG_SETS=";-XX:+UseCompactObjectHeaders;-Xss256k" FLEET=1000 bench/memory.sh
#   SCRAPES=200 FLEET=100 bench/memory.sh       # quicker
#   BASELINE=other.deb SCRAPES=0 bench/memory.sh  # each variant of another build too, A/B
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
export PYTHONDONTWRITEBYTECODE=1
exec python3 -u "$here/lib/startup.py" memory "$@"

#!/usr/bin/env bash
# dbscope side by side with the community exporters (postgres_exporter, mysqld_exporter,
# redis_exporter from Debian 12's packages, installed with apt-get when missing) against the same
# real PostgreSQL, MariaDB and Redis servers on loopback. Prints the tables, keeps them in
# bench/results/ and puts them in docs/benchmarks.md (the previous run moves to its History).
#   bench/compare-exporters.sh                 # all scenarios, 200 scrapes each (~15 min)
#   QUICK=1 bench/compare-exporters.sh         # smoke run: 10 scrapes, fleet of 20, 1 and 10 dbs
#   SCENARIOS="1 5" bench/compare-exporters.sh # only some scenarios
#   SCENARIOS=1 ENGINES=redis NO_DOCS=1 bench/compare-exporters.sh  # scenario 1, Redis only
#   ANCHORS=newest bench/compare-exporters.sh  # against the newest releases instead
# ANCHORS: debian12 (default) or newest, the exporters of Debian 13 (trixie: postgres_exporter
# 0.17, mysqld_exporter 0.17, redis_exporter 1.69), downloaded and unpacked once into NEWEST_DIR
# (default /var/cache/dbscope-bench/newest-exporters) as bench/compat.sh does, not installed. A
# newest run has its own block in docs/benchmarks.md, after the Debian 12 run's, and its own
# History entries: neither kind of run replaces the other.
# Other knobs: SCRAPES, WARMUP, SCRAPE_INTERVAL (seconds between scrapes), FLEET, DATABASES,
# DBSCOPE_JAR (default dbscope-server/target/dbscope.jar), DBSCOPE_JAVA_OPTS (added to the
# launcher's JVM flags), KEEP=1 (keep the temp dir with logs), NO_DOCS=1 (leave docs alone),
# ACCEPT=prometheus (Prometheus's Accept header), GZIP=1 (Accept-Encoding: gzip), KEEPALIVE=1 (one
# connection per target kept between scrapes); all three scrape as Prometheus does, and such a run
# has blocks of its own in docs/benchmarks.md (a run with only some of them leaves the docs alone).
# Needs: Debian's postgresql-15 (+ contrib), mariadb-server, redis-server, redis-tools, python3.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
export PYTHONDONTWRITEBYTECODE=1
exec python3 -u "$here/lib/compare.py" "$@"

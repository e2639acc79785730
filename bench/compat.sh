#!/usr/bin/env bash
# Which metric names and label sets the newest community exporters (Debian 13's postgres_exporter,
# mysqld_exporter and redis_exporter, downloaded and unpacked once, not installed) serve that
# dbscope does not: with their default flags and with every optional collector on, against the
# same real PostgreSQL, MariaDB and Redis on loopback under a small workload. Prints the tables,
# keeps them in bench/results/ and puts them in docs/compatibility.md (the previous run moves to
# its History). Asserts nothing.
#   bench/compat.sh                  # ~2 min
# Knobs: DBSCOPE_JAR (default dbscope-server/target/dbscope.jar), NEWEST_DIR (where the exporters
# are unpacked, default /var/cache/dbscope-bench/newest-exporters), KEEP=1, NO_DOCS=1.
# Needs: Debian's postgresql-15 (+ contrib), mariadb-server, redis-server (installed when missing).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
export PYTHONDONTWRITEBYTECODE=1
exec python3 -u "$here/lib/compat.py" "$@"

#!/usr/bin/env bash
# Cluster mode (issue 19): the pure simulation of rendezvous hashing (10,000 datasources over
# 3..50 members: balance, moves per join/leave, time), then 3 dbscope instances x 1,000 Redis
# datasources against one instance with all 3,000 (scrape latency, CPU per scrape, RSS), and the
# time until every datasource is owned again after a kill -9. Writes bench/results/*-cluster.md.
#   bench/cluster.sh                 # ~5 min
#   SCRAPES=5 DATASOURCES=1500 bench/cluster.sh
# Knobs: DATASOURCES (3000), REDIS_SERVERS (4), SCRAPES (10), WARMUP (3), LEASE (15s),
# SETTLE (5s), SKIP_SIM=1, SKIP_FLEET=1.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(dirname "$here")
export JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-*-jdk-amd64 | sort -V | tail -1)}
cd "$repo"
cp_file=$(mktemp)
# The server's class path from this checkout (no install): its modules' target/classes.
./mvnw -B -ntp -o -q -pl dbscope-server -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >/dev/null
classes=$(find "$repo" -maxdepth 3 -path '*/dbscope-*/target/classes' -type d | tr '\n' ':')
export DBSCOPE_CP="${classes}$(cat "$cp_file")"
export SIM_CP="$repo/dbscope-cluster/target/classes:$repo/dbscope-cluster/target/test-classes"
rm -f "$cp_file"
export PYTHONDONTWRITEBYTECODE=1
exec python3 -u "$here/lib/cluster.py" "$@"

#!/usr/bin/env bash
# JMH benchmarks of the hot paths (module dbscope-bench): builds target/benchmarks.jar with the
# modules it needs, runs it, keeps the CSV and table in bench/results/ and the table in
# docs/benchmarks.md. Benchmarks never run in ./mvnw verify; only this (or java -jar) runs them.
#   bench/jmh.sh                          # all benchmarks, -f 1 -wi 2 -i 3 (~2 min)
#   bench/jmh.sh RedisInfoBenchmark       # a regex of benchmark names
#   JMH_ARGS="-f 2 -wi 5 -i 10" bench/jmh.sh
#   SKIP_BUILD=1 bench/jmh.sh             # use the jar as it is
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$here/dbscope-bench/target/benchmarks.jar" ]; then
  JAVA_HOME=$("$here/scripts/java-home.sh") && export JAVA_HOME
  (cd "$here" && ./mvnw -q -B -pl dbscope-bench -am package -DskipTests)
fi
export PYTHONDONTWRITEBYTECODE=1
exec python3 -u "$here/bench/lib/jmh.py" "$@"

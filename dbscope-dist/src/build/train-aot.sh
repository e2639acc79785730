#!/usr/bin/env bash
# Training run for the JDK 25 ahead-of-time cache (JEPs 483, 514, 515): starts dbscope through
# LAUNCHER with -XX:AOTCacheOutput=CACHE, makes it do what a production start does, stops it with
# SIGTERM, and the JVM writes the cache as it exits (classes loaded and linked, method profiles).
#   train-aot.sh WORKDIR CACHE LAUNCHER
#
# What it trains against needs no server set up beforehand: a Redis server when redis-server is
# installed (a private one on a free loopback port: the Redis engine's whole scrape), plus a
# PostgreSQL and a MySQL datasource on a closed port, so that their drivers, pools and the
# failure path (circuit breaker, up=0) are loaded and linked too. Start-up, config parsing and
# validation, the HTTP server, /-/ready, /metrics, /probe and the exposition are trained in every
# case. What the training never loaded (a PostgreSQL that answers, say) simply loads at run time
# as it would without a cache.
set -euo pipefail
work=$1
cache=$2
launcher=$3
scrapes=${AOT_TRAINING_SCRAPES:-20}
rm -rf "$work"
mkdir -p "$work"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 30000 ))
}

redis_pid=
dbscope_pid=
cleanup() {
  [ -z "$dbscope_pid" ] || kill -KILL "$dbscope_pid" 2>/dev/null || true
  [ -z "$redis_pid" ] || kill "$redis_pid" 2>/dev/null || true
}
trap cleanup EXIT

redis_port=1
if command -v redis-server >/dev/null 2>&1; then
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
    --daemonize no >"$work/redis.log" 2>&1 &
  redis_pid=$!
fi
http_port=$(free_port)
cat > "$work/training.toml" <<EOF
listenAddress = "127.0.0.1:$http_port"
logLevel = "error"

[[datasource]]
name = "redis"
engine = "redis"
dbHost = "127.0.0.1:$redis_port"

[[datasource]]
name = "postgres"
engine = "postgres"
dbHost = "127.0.0.1:1"

[[datasource]]
name = "mysql"
engine = "mysql"
dbHost = "127.0.0.1:1"
EOF

url="http://127.0.0.1:$http_port"
DBSCOPE_JAVA_OPTS="-XX:AOTCacheOutput=$cache" "$launcher" run --config "$work/training.toml" \
  >"$work/training.log" 2>&1 &
dbscope_pid=$!
for _ in $(seq 600); do
  curl -sf -o /dev/null "$url/-/ready" && break
  kill -0 "$dbscope_pid" 2>/dev/null || { cat "$work/training.log" >&2; exit 1; }
  sleep 0.1
done
curl -sf -o /dev/null "$url/-/ready" || { echo "train-aot: dbscope never got ready" >&2; exit 1; }
# As Prometheus scrapes: its Accept header and gzip, so that the answer's path (the header read,
# the packing and the foreign function interface under it) is in the cache too. The ISA-L and
# libdeflate bindings themselves are the jar's classes for Java 22, which the cache does not hold.
prometheus_accept='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
for _ in $(seq "$scrapes"); do
  curl -s -o /dev/null -H 'X-Prometheus-Scrape-Timeout-Seconds: 10' -H "Accept: $prometheus_accept" \
    -H 'Accept-Encoding: gzip' "$url/metrics"
done
for _ in 1 2 3; do
  curl -s -o /dev/null -H 'X-Prometheus-Scrape-Timeout-Seconds: 10' "$url/metrics"
  curl -s -o /dev/null "$url/probe?target=redis"
  curl -s -o /dev/null -H 'Accept: application/openmetrics-text; version=1.0.0' "$url/metrics"
  curl -s -o /dev/null "$url/-/healthy"
done
kill -TERM "$dbscope_pid"
status=0
wait "$dbscope_pid" || status=$?
dbscope_pid=
# 143: the JVM's exit status after SIGTERM, which is how the training ends.
if [ "$status" -ne 143 ] && [ "$status" -ne 0 ] || [ ! -s "$cache" ]; then
  echo "train-aot: no cache written (exit status $status); the log:" >&2
  tail -40 "$work/training.log" >&2
  exit 1
fi
echo "train-aot: $(basename "$cache") $(du -h "$cache" | cut -f1) from $([ -n "$redis_pid" ] && echo "a Redis server and ")$scrapes scrapes"

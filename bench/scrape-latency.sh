#!/usr/bin/env bash
# Scrape latency, CPU and RSS of one dbscope serving the demo's datasources (embedded PostgreSQL,
# MariaDB when installed, bundled Redis), as a user runs it: through ./dbscope with its default JVM
# flags. Prints figures; asserts nothing.
#   bench/scrape-latency.sh            # 30 scrapes after 5 warm-up scrapes
#   SCRAPES=100 bench/scrape-latency.sh
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
port=${PORT:-19630}
n=${SCRAPES:-30}
log=$(mktemp)
"$here/dbscope" demo --port "$port" --workload-minutes 15 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null || { echo "dbscope did not start:"; cat "$log"; exit 1; }
sleep 3  # let the health checks connect and the workload start

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
stats() { sort -n | awk '{a[NR]=$1} END {printf "median %.1f ms  p90 %.1f ms  max %.1f ms", a[int((NR+1)/2)]*1000, a[int(NR*0.9+0.5)]*1000, a[NR]*1000}'; }

run() { # path label
  local path=$1 label=$2
  for _ in 1 2 3 4 5; do curl -s -o /dev/null "http://127.0.0.1:$port$path"; done
  local c0 c1 times
  c0=$(cpu)
  times=$(for _ in $(seq 1 "$n"); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$path"; done)
  c1=$(cpu)
  local samples families
  samples=$(curl -s "http://127.0.0.1:$port$path" | grep -vc '^#')
  families=$(curl -s "http://127.0.0.1:$port$path" | grep -c '^# TYPE')
  printf '%-34s %s  cpu %.1f ms/scrape  samples %d  families %d\n' "$label" "$(echo "$times" | stats)" \
    "$(awk -v a="$c0" -v b="$c1" -v t="$ticks" -v n="$n" 'BEGIN {print (b - a) * 1000 / t / n}')" \
    "$samples" "$families"
}

echo "dbscope $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, $n scrapes each"
datasources=$(curl -s "http://127.0.0.1:$port/metrics" | grep -c '^dbscope_datasource_up{' || true)
run "/metrics" "/metrics ($datasources datasources)"
run "/probe?target=demo-postgres" "/probe?target=demo-postgres"
run "/probe?target=demo-redis" "/probe?target=demo-redis"
if [ "$datasources" -ge 3 ]; then run "/probe?target=demo-mariadb" "/probe?target=demo-mariadb"; fi
echo "RSS after the scrapes: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$pid/status")"

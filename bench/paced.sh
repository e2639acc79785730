#!/usr/bin/env bash
# dbscope and the community exporters (Debian 12's) scraped at Prometheus's pace, one scrape per
# INTERVAL each, side by side against the same servers, instead of back to back: the CPU of a day
# of monitoring divided by its scrapes, idle time and cold caches included. Prints a table (kept in
# bench/results/); asserts nothing.
#   bench/paced.sh                                   # every 15 s for 10 min, three engines
#   INTERVAL=5 DURATION=300 ENGINES="redis" bench/paced.sh
#   AB="old.jar new.jar+-XX:Flag=1,-XX:Other=2" bench/paced.sh   # builds side by side
# Knobs: INTERVAL (15), DURATION (600), WARMUP (300 back-to-back scrapes first), SETTLE (240 s of
# paced scrapes not counted, while the JIT compiles what runs between scrapes), ENGINES, AB,
# DBSCOPE_JAR, DBSCOPE_JAVA_OPTS, ANCHORS (debian12 | newest), GZIP=1 KEEPALIVE=1 ACCEPT=prometheus.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
export PYTHONDONTWRITEBYTECODE=1
exec python3 -u "$here/lib/paced.py" "$@"

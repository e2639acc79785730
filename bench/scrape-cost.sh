#!/usr/bin/env bash
# What one scrape of one datasource costs dbscope: latency, CPU per scrape (by JVM thread group),
# KB allocated per scrape and RSS, against a real server started on loopback, through the
# launcher's JVM flags. Several jars are measured in turns (A/B/A/B) to compare two builds. Prints
# figures; asserts nothing.
#   bench/scrape-cost.sh redis                       # pg | mariadb | redis | idle
#   bench/scrape-cost.sh idle                        # one disabled datasource: a scrape's fixed cost
#   ROUNDS=3 bench/scrape-cost.sh redis old.jar new.jar
# Knobs: WARMUP (150), SCRAPES (500), ROUNDS (2), DBSCOPE_JAVA_OPTS (added to the launcher's flags),
# FLAG_SETS (";"-separated JVM flag variants, each jar runs with each: FLAG_SETS=";-Xmn16m"),
# ACCEPT (the scrapes' Accept header: the text format by default; ACCEPT=prometheus sends Prometheus's),
# GZIP=1 (ask for gzip, as Prometheus does on every scrape), KEEPALIVE=1 (keep the connection),
# EXCLUDE_SETS (";"-separated excludeCollectors variants: EXCLUDE_SETS=";latency_histogram,latency_percentiles").
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
export PYTHONDONTWRITEBYTECODE=1
exec python3 -u "$here/lib/scrapecost.py" "$@"

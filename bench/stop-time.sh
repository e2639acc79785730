#!/usr/bin/env bash
# How long dbscope takes to stop (SIGTERM to exit) when N of its MariaDB datasources are
# black-holed (connections accepted, never answered), as a cut-off network zone's databases are;
# jars in turns. Prints figures; asserts nothing.
#   bench/stop-time.sh                           # the current build, N=20, 2 runs
#   N=50 RUNS=1 bench/stop-time.sh old.jar new.jar
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
export PYTHONDONTWRITEBYTECODE=1
exec python3 -u "$here/lib/stoptime.py" "$@"

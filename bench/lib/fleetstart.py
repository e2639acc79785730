"""bench/fleet-start.sh: what a large fleet's first scrapes after a start answer, and what the log
says about them (see the script's header)."""

import os
import re
import sys
import tempfile
import time

import exporters
import procs
import scale
from compare import REPO, jar_copy

RUNS = int(os.environ.get("RUNS", 3))
N = int(os.environ.get("N", 1000))
HEADER = float(os.environ.get("TIMEOUT_HEADER", 10))
REDIS_SERVERS = int(os.environ.get("REDIS_SERVERS", 4))
LOG_COUNTS = {
    "unhealthy": r"is unhealthy",
    "pool missed connectTimeout": r"Connection is not available",
    "all connections in use": r"are in use",
    "cut short": r"scrape cut short",
    "warnings": r" WARN ",
}


def counted(body, name):
    """How many datasources answered `name 1` in an answer."""
    return sum(1 for v in procs.up_values(body, (name,)) if float(v.rsplit("=", 1)[1]) == 1)


def run_once(work, ds, name, pg, my, redis):
    ex = ds.start(work, name, scale.datasources(N, pg, my, redis), [],
                  collectStrategy="concurrent")
    try:
        t0 = time.time()
        ex.ready("/-/ready", 300)
        ready = time.time() - t0
        scrapes = []
        for _ in range(3):
            s = ex.scrape(HEADER, 120)
            body = s.body or ""
            scrapes.append((s.seconds, counted(body, "dbscope_datasource_up"),
                            counted(body, "dbscope_datasource_timeout")))
    finally:
        ex.stop()
    with open(ex.log, errors="replace") as f:
        log = f.read()
    counts = {k: len(re.findall(p, log)) for k, p in LOG_COUNTS.items()}
    return ready, scrapes, counts


def main():
    work = tempfile.mkdtemp(prefix="dbscope-fleet-start-")
    os.chmod(work, 0o755)
    jars = sys.argv[1:] or [jar_copy(work)]
    running = []
    try:
        pg, my, redis = scale.start_servers(work, running, REDIS_SERVERS)
        print(f"bench/fleet-start.sh: {N} datasources (postgres/mariadb/redis {scale.mix(N)}), "
              f"scraped as soon as ready with X-Prometheus-Scrape-Timeout-Seconds: {HEADER:g}; "
              f"load average {procs.loadavg()}")
        print()
        print("| jar | run | ready s | scrapes: s, up, timed out | "
              + " | ".join(LOG_COUNTS) + " |")
        print("|---|---:|---:|---|" + "---:|" * len(LOG_COUNTS))
        for run in range(RUNS):
            for jar in jars:
                ds = exporters.Dbscope(REPO, jar)
                ready, scrapes, counts = run_once(work, ds, f"dbscope-{run}-"
                                                  f"{os.path.basename(jar)}", pg, my, redis)
                shown = "; ".join(f"{s:.2f}, {u}, {t}" for s, u, t in scrapes)
                print(f"| {os.path.basename(jar)} | {run + 1} | {ready:.2f} | {shown} | "
                      + " | ".join(str(counts[k]) for k in LOG_COUNTS) + " |", flush=True)
        print()
        print(f"load average at the end: {procs.loadavg()}")
    finally:
        for r in running:
            r.stop()


if __name__ == "__main__":
    main()

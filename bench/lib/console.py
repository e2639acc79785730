"""bench/console.sh: the console's fleet page with N datasources (issue 20): how long dbscope
takes to answer it and how many bytes a browser transfers for it."""

import base64
import datetime
import gzip
import os
import shutil
import time
import urllib.request

import docs
import exporters
import measure
import procs
from compare import REPO, commit, jar_copy, wait_up
from measure import Log, median, percentile
from servers import Redis

N = int(os.environ.get("N", 1000))
REQUESTS = int(os.environ.get("REQUESTS", 50))
REDIS_SERVERS = int(os.environ.get("REDIS_SERVERS", 2))

# What the browser loads for the first page: the HTML, then what it links.
FIRST_PAGE = ["/", "/static/console.css", "/static/htmx.min.js", "/static/console.js"]
URLS = ["/", "/?state=unhealthy", "/?q=redis-09&engine=redis", "/?page=20",
        "/?page_size=500", "/api/v1/datasources", "/api/v1/datasources?page_size=500"]


def get(base, path, gzip_ok=True):
    """One GET: (seconds to the last byte, bytes on the wire incl. headers, body bytes)."""
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    req = urllib.request.Request(base + path, headers=headers)
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as r:
        raw = r.read()
        seconds = time.perf_counter() - t0
        head = sum(len(k) + len(v) + 4 for k, v in r.getheaders()) + 17
        body = gzip.decompress(raw) if r.headers.get("Content-Encoding") == "gzip" else raw
    return seconds, len(raw) + head, len(body)


def main():
    work = __import__("tempfile").mkdtemp(prefix="dbscope-console-")
    os.chmod(work, 0o755)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    os.makedirs(os.path.join(REPO, "bench", "results"), exist_ok=True)
    out = os.path.join(REPO, "bench", "results", f"{stamp}-console.md")
    log = Log(out)
    running = []
    ex = None
    try:
        ds = exporters.Dbscope(REPO, jar_copy(work))
        redis = []
        for i in range(REDIS_SERVERS):
            r = Redis(work, f"redis-{i + 1}", maxclients=10000)
            running.append(r)
            r.start()
            r.workload(requests=200)
            redis.append(r)
        fleet = []
        for i in range(N):
            s = redis[i % len(redis)]
            fleet.append({"name": f"redis-{i + 1:04d}", "engine": "redis",
                          "dbHost": f"127.0.0.1:{s.port}", "database": (i // len(redis)) % 16,
                          "labels": f"team=t{i % 10},env={'prod' if i % 3 else 'test'}",
                          "maxOpenConns": 1, "maxIdleConns": 1, "healthCheckInterval": 60})
        ex = ds.start(work, "dbscope-console", fleet, collectStrategy="concurrent")
        ex.ready("/-/ready", 300)
        up = wait_up(ex, N, 300)
        # Two more scrapes: every datasource has a last scrape and collectors with a last run.
        ex.scrape(10, 120)
        ex.scrape(10, 120)
        base = ex.base
        m = measure.machine()
        log(f"**console.sh, run of {datetime.datetime.now().isoformat(timespec='seconds')}**")
        log()
        log(f"- machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']}, Linux {m['kernel']}; "
            f"shared with other work, load average at start {procs.loadavg()}")
        log(f"- dbscope {commit()}, {ds.jdk_version()}, launcher JVM flags "
            f"`{' '.join(ds.flags + ds.extra)}`")
        log(f"- {N} Redis datasources ({up} up) on {REDIS_SERVERS} × Redis "
            f"{redis[0].version()}; each URL requested {REQUESTS} times after 5 warm-up "
            f"requests, one at a time, over loopback with `Accept-Encoding: gzip`; time is to "
            f"the last byte as the client sees it")
        log()
        first = [get(base, p) for p in FIRST_PAGE]
        total_wire = sum(f[1] for f in first)
        log("First page (what a browser transfers for `/` with an empty cache):")
        log()
        log("| resource | bytes transferred | bytes uncompressed |")
        log("|---|---:|---:|")
        for p, f in zip(FIRST_PAGE, first):
            log(f"| `{p}` | {f[1]:,} | {f[2]:,} |")
        log(f"| **total** | **{total_wire:,}** | {sum(f[2] for f in first):,} |")
        log()
        log("| URL | median ms | p99 ms | bytes transferred | bytes uncompressed |")
        log("|---|---:|---:|---:|---:|")
        for path in URLS:
            for _ in range(5):
                get(base, path)
            runs = [get(base, path) for _ in range(REQUESTS)]
            times = [r[0] * 1000 for r in runs]
            log(f"| `{path}` | {median(times):.1f} | {percentile(times, 99):.1f} | "
                f"{runs[-1][1]:,} | {runs[-1][2]:,} |")
        log()
        log(f"- dbscope RSS after the run: {ex.rss():.0f} MB (the launcher's heap cap is 256 MB)")
        log("- no Prometheus scraped during the measurement, so the console collected each "
            "datasource itself once a minute (N collections a minute): the p99 column is those "
            "collections and their garbage collections landing on a request, not the page; the "
            "medians are the page's own cost")
        log()
        log("Command: `bench/console.sh`" + (f" with N={N}" if N != 1000 else ""))
        if os.environ.get("NO_DOCS") != "1":
            with open(out) as f:
                docs.update(os.path.join(REPO, "docs", "benchmarks.md"), "console",
                            "Web console: the fleet page with 1,000 datasources", f.read())
        print(f"results in {out}", flush=True)
    finally:
        if ex is not None:
            ex.stop()
        for r in reversed(running):
            r.stop()
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

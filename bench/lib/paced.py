"""bench/paced.sh: dbscope and the community exporters scraped at Prometheus's pace rather than
back to back. Each engine's pair (dbscope, its anchor) runs side by side against the same server,
every exporter scraped once per INTERVAL (the pair's scrapes half an interval apart, so they never
overlap), for DURATION seconds after WARMUP back-to-back scrapes. A scrape after seconds of idling
finds the CPU's caches cold, and whatever runs between scrapes counts too: the CPU per scrape here
is what a day of monitoring costs, divided by the scrapes. Prints figures; asserts nothing."""

import os
import sys
import threading
import time

import exporters
import measure
import procs
from compare import PASSWORD, REPO, pg_ds, pg_dsn
from measure import median
from runs import Run

INTERVAL = float(os.environ.get("INTERVAL", 15))
DURATION = float(os.environ.get("DURATION", 600))
WARMUP = int(os.environ.get("WARMUP", 300))
ENGINES = os.environ.get("ENGINES", "pg mariadb redis").split()


def cpu_ns(pid):
    """CPU time of every live thread of the process, from the scheduler's own count (ns)."""
    total = 0
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{t}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total


def pairs(run, ds, an, pg, my, rd):
    out = []
    if "pg" in ENGINES:
        out.append(("PostgreSQL",
                    run.keep(ds.start(run.work, "dbscope-pg", [pg_ds(pg)])).ready("/-/ready"),
                    run.keep(an.postgres_exporter(run.work, "postgres_exporter", pg_dsn(pg),
                                                  "pgexp")).ready()))
    if "mariadb" in ENGINES:
        out.append(("MariaDB",
                    run.keep(ds.start(run.work, "dbscope-my", [{
                        "name": "mariadb", "engine": "mysql", "dbHost": f"127.0.0.1:{my.port}",
                        "dbUser": "dbscope", "dbPwd": PASSWORD}])).ready("/-/ready"),
                    run.keep(an.mysqld_exporter(run.work, "mysqld_exporter", my.port, "myexp",
                                                PASSWORD)).ready()))
    if "redis" in ENGINES:
        out.append(("Redis",
                    run.keep(ds.start(run.work, "dbscope-redis", [{
                        "name": "redis", "engine": "redis",
                        "dbHost": f"127.0.0.1:{rd.port}"}])).ready("/-/ready"),
                    run.keep(an.redis_exporter(run.work, "redis_exporter",
                                               f"redis://127.0.0.1:{rd.port}")).ready()))
    return out


def paced(ex, offset, start, results):
    """Scrapes ex once per INTERVAL from start + offset until start + DURATION."""
    lat = []
    n = 0
    while True:
        at = start + offset + n * INTERVAL
        if at >= start + DURATION:
            break
        time.sleep(max(0.0, at - time.time()))
        s = ex.scrape()
        if s.status == 200:
            lat.append(s.seconds)
        n += 1
    results[ex.name] = (n, lat)


def main():
    an = exporters.Anchors(os.environ.get("ANCHORS", "debian12"))
    run = Run("paced")
    log = run.log
    try:
        exporters.install_missing(os.path.join(run.work, "apt.log"), anchors=True)
        jar = os.environ.get("DBSCOPE_JAR") or os.path.join(
            REPO, "dbscope-server", "target", "dbscope.jar")
        ds = exporters.Dbscope(REPO, jar)
        pg, my, rd = run.servers(PASSWORD)
        log(f"**paced.sh, run of {time.strftime('%Y-%m-%dT%H:%M:%S')}**")
        log()
        m = measure.machine()
        log(f"- machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']}, Linux {m['kernel']}; "
            f"load average at start: {procs.loadavg()}")
        log(f"- dbscope {os.path.basename(jar)}, {ds.jdk_version()}, the launcher's JVM flags; "
            f"anchors: {an.describe()}")
        log(f"- {WARMUP} back-to-back warm-up scrapes each, then one scrape every {INTERVAL:g} s "
            f"for {DURATION:g} s, each pair's two exporters half an interval apart; CPU from "
            "/proc/<pid>/task/*/schedstat over the paced part, all of it divided by the scrapes")
        log()
        ps = pairs(run, ds, an, pg, my, rd)
        for _, a, b in ps:
            for _ in range(WARMUP):
                a.scrape()
                b.scrape()
        time.sleep(2)
        exs = [e for _, a, b in ps for e in (a, b)]
        cpu0 = {e.name: cpu_ns(e.pid) for e in exs}
        results = {}
        start = time.time() + 1
        threads = []
        for i, (_, a, b) in enumerate(ps):
            # The pairs spread over the interval too, so that no two scrapes meet.
            base = i * INTERVAL / (2 * len(ps))
            for ex, off in ((a, base), (b, base + INTERVAL / 2)):
                t = threading.Thread(target=paced, args=(ex, off, start, results))
                t.start()
                threads.append(t)
        for t in threads:
            t.join()
        cpu1 = {e.name: cpu_ns(e.pid) for e in exs}
        log("| engine | exporter | scrapes | CPU ms / scrape | CPU s / hour | latency median ms | RSS MB |")
        log("|---|---|---:|---:|---:|---:|---:|")
        for title, a, b in ps:
            row = {}
            for ex in (a, b):
                n, lat = results[ex.name]
                cpu = (cpu1[ex.name] - cpu0[ex.name]) / 1e6
                row[ex.name] = cpu / max(1, n)
                log(f"| {title} | {ex.name} | {n} | {cpu / max(1, n):.2f} | "
                    f"{cpu / 1000 / DURATION * 3600:.2f} | "
                    f"{median(lat) * 1000 if lat else float('nan'):.2f} | {ex.rss():.0f} |")
            log(f"| {title} | ratio | | {row[a.name] / row[b.name]:.2f}× | | | |")
        log()
        log(f"load average at the end: {procs.loadavg()}")
    finally:
        run.close()
    print(f"results: {run.out}")


if __name__ == "__main__":
    main()

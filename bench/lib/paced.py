"""bench/paced.sh: dbscope and the community exporters scraped at Prometheus's pace rather than
back to back. Each engine's dbscope (one per build of AB) and its anchor run side by side against
the same server, every exporter scraped once per INTERVAL at its own point of the interval, so
that no two scrapes meet: WARMUP back-to-back scrapes first, then SETTLE seconds of paced scrapes
not counted, then DURATION seconds counted. A scrape after seconds of idling finds the CPU's
caches cold, and whatever runs between scrapes counts too: the CPU per scrape here is what a day
of monitoring costs, divided by its scrapes (the kernel's count for the whole process, in clock
ticks; the exact count per thread, for where it went). Prints figures; asserts nothing."""

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
# Paced scrapes before the measured part, not counted: the JIT keeps compiling the code that runs
# only between scrapes (timers, query analytics) for minutes after the back-to-back warm-up.
SETTLE = float(os.environ.get("SETTLE", 240))
ENGINES = os.environ.get("ENGINES", "pg mariadb redis").split()


def cpu_ns(pid):
    """CPU time the process has spent, all its threads, ended ones too (ns). The kernel gives it in
    clock ticks (10 ms): over the twenty scrapes of five minutes, half a millisecond per scrape at
    most. The per-thread counts below are exact but leave out threads that ended, such as a
    platform thread made for one collection."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1_000_000_000 // os.sysconf("SC_CLK_TCK")


def variants(default_jar):
    """AB="a.jar b.jar+-XX:A=1,-XX:B=2": the dbscope builds to run side by side, each a jar and
    JVM flags of its own after the launcher's."""
    out = []
    for v in os.environ.get("AB", default_jar).split():
        jar, _, flags = v.partition("+")
        out.append((jar, flags.split(",") if flags else []))
    return out


def by_thread(pid):
    """Per thread id: its name without its numbers, CPU ns and times run (wake-ups, near enough)."""
    out = {}
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{t}/comm") as f:
                name = f.read().strip().rstrip("0123456789-#")
            with open(f"/proc/{pid}/task/{t}/schedstat") as f:
                ns, _, runs = (int(x) for x in f.read().split()[:3])
            out[t] = (name, ns, runs)
        except OSError:
            pass
    return out


def by_name(before, after):
    """What each thread group spent between two by_thread readings: CPU ns and times run. A thread
    that ended in between is left out, with what it spent in between (an HTTP connection's thread,
    when idle connections are closed, spent nothing in its last seconds; all it did before would
    otherwise be subtracted); one born in between counts whole."""
    out = {}
    for t, (name, ns, runs) in after.items():
        _, ns0, runs0 = before.get(t, (name, 0, 0))
        was = out.get(name, (0, 0))
        out[name] = (was[0] + ns - ns0, was[1] + runs - runs0)
    return out


def pairs(run, builds, an, pg, my, rd):
    """Per engine: its dbscopes (one per build) and its anchor, all against the same server."""
    def start(engine, conf):
        return [run.keep(ds.start(run.work, f"dbscope-{engine}-{i}", [conf], flags))
                .ready("/-/ready") for i, (ds, flags) in enumerate(builds)]

    out = []
    if "pg" in ENGINES:
        out.append(("PostgreSQL", start("pg", pg_ds(pg)),
                    run.keep(an.postgres_exporter(run.work, "postgres_exporter", pg_dsn(pg),
                                                  "pgexp")).ready()))
    if "mariadb" in ENGINES:
        out.append(("MariaDB", start("my", {
                        "name": "mariadb", "engine": "mysql", "dbHost": f"127.0.0.1:{my.port}",
                        "dbUser": "dbscope", "dbPwd": PASSWORD}),
                    run.keep(an.mysqld_exporter(run.work, "mysqld_exporter", my.port, "myexp",
                                                PASSWORD)).ready()))
    if "redis" in ENGINES:
        out.append(("Redis", start("redis", {
                        "name": "redis", "engine": "redis", "dbHost": f"127.0.0.1:{rd.port}"}),
                    run.keep(an.redis_exporter(run.work, "redis_exporter",
                                               f"redis://127.0.0.1:{rd.port}")).ready()))
    return out


def paced(ex, offset, start, results):
    """Scrapes ex once per INTERVAL from start + offset until start + DURATION; counts those from
    start on, the ones before (from start - SETTLE) settle the process."""
    lat = []
    n = 0
    k = 0
    while True:
        at = start - SETTLE + offset + k * INTERVAL
        if at >= start + DURATION:
            break
        time.sleep(max(0.0, at - time.time()))
        s = ex.scrape()
        if at >= start:
            n += 1
            if s.status == 200:
                lat.append(s.seconds)
        k += 1
    time.sleep(max(0.0, start + DURATION - time.time()))
    # Read at the end of the measured part, by this thread before it ends: its kept connection closes with it, and a server with a thread
    # per connection then ends that thread, and what it spent would be left out.
    results[ex.name] = (n, lat, cpu_ns(ex.pid), by_thread(ex.pid))


def at_start(start, exs, ours):
    """Waits for start, then takes the CPU counts the measured part begins with."""
    time.sleep(max(0.0, start - time.time()))
    return ({e.name: cpu_ns(e.pid) for e in exs}, {e.name: by_thread(e.pid) for e in ours})


def main():
    an = exporters.Anchors(os.environ.get("ANCHORS", "debian12"))
    run = Run("paced")
    log = run.log
    try:
        exporters.install_missing(os.path.join(run.work, "apt.log"), anchors=True)
        jar = os.environ.get("DBSCOPE_JAR") or os.path.join(
            REPO, "dbscope-server", "target", "dbscope.jar")
        builds = [(exporters.Dbscope(REPO, j), f) for j, f in variants(jar)]
        pg, my, rd = run.servers(PASSWORD)
        m = measure.machine()
        extra = os.environ.get("DBSCOPE_JAVA_OPTS", "")
        log(f"**paced.sh, run of {time.strftime('%Y-%m-%dT%H:%M:%S')}**")
        log()
        log(f"- machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']}, Linux {m['kernel']}; "
            f"load average at start: {procs.loadavg()}")
        log(f"- dbscope " + ", ".join(os.path.basename(ds.jar) + (f" + `{' '.join(f)}`" if f else "")
                                      for ds, f in builds)
            + f" ({builds[0][0].jdk_version()}, the launcher's JVM flags"
            + (f" plus `{extra}`" if extra else "") + f"); anchors: {an.describe()}")
        log(f"- {WARMUP} back-to-back warm-up scrapes each, then one scrape every {INTERVAL:g} s, "
            f"{SETTLE:g} s not counted and {DURATION:g} s counted, each exporter at its own point "
            "of the interval, so "
            "that no two scrapes meet; CPU from /proc/<pid>/stat over the paced part (per thread: schedstat), "
            "all of it divided by the scrapes")
        log()
        ps = pairs(run, builds, an, pg, my, rd)
        for _, ours, anchor in ps:
            for _ in range(WARMUP):
                for e in ours + [anchor]:
                    e.scrape()
        time.sleep(2)
        exs = [e for _, ours, anchor in ps for e in ours + [anchor]]
        results = {}
        start = time.time() + 1 + SETTLE
        threads = []
        slot = INTERVAL / len(exs)
        for i, ex in enumerate(exs):
            t = threading.Thread(target=paced, args=(ex, (i + 0.5) * slot, start, results))
            t.start()
            threads.append(t)
        # Before the first counted scrape: each exporter's comes half a slot or more after start.
        cpu0, threads0 = at_start(start, exs, [e for _, ours, _ in ps for e in ours])
        for t in threads:
            t.join()
        cpu1 = {e.name: results[e.name][2] for e in exs}
        threads1 = {e.name: results[e.name][3] for _, ours, _ in ps for e in ours}
        log("| engine | exporter | scrapes | CPU ms / scrape | CPU s / hour | latency median ms | RSS MB |")
        log("|---|---|---:|---:|---:|---:|---:|")
        for title, ours, anchor in ps:
            per = {}
            for ex in ours + [anchor]:
                n, lat = results[ex.name][:2]
                cpu = (cpu1[ex.name] - cpu0[ex.name]) / 1e6
                per[ex.name] = cpu / max(1, n)
                log(f"| {title} | {ex.name} | {n} | {cpu / max(1, n):.2f} | "
                    f"{cpu / 1000 / DURATION * 3600:.2f} | "
                    f"{median(lat) * 1000 if lat else float('nan'):.2f} | {ex.rss():.0f} |")
            for ex in ours:
                log(f"| {title} | {ex.name} / {anchor.name} | | "
                    f"{per[ex.name] / per[anchor.name]:.2f}× | | | |")
        log()
        log("dbscope's CPU by thread over the paced part, ms per scrape, and in brackets the times "
            "the thread ran per scrape (the scrapes' own work is on the ForkJoinPool carriers and "
            "the HTTP dispatcher, if the JDK's server is used; the rest runs between them):")
        log()
        for title, ours, _ in ps:
            for ex in ours:
                n = max(1, results[ex.name][0])
                d = {k: (v[0] / 1e6 / n, v[1] / n)
                     for k, v in by_name(threads0[ex.name], threads1[ex.name]).items()}
                top = sorted(d.items(), key=lambda kv: -kv[1][0])[:8]
                log(f"- {ex.name}: " + ", ".join(f"{k} {v[0]:.2f} ({v[1]:.0f})"
                                                for k, v in top if v[0] >= 0.005))
        log()
        log(f"load average at the end: {procs.loadavg()}")
    finally:
        run.close()
    print(f"results: {run.out}")


if __name__ == "__main__":
    main()

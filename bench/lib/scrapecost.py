"""bench/scrape-cost.sh: what one scrape of one datasource costs dbscope, and where (CPU per JVM
thread group, read from /proc/<pid>/task). With several jars, they are measured in turns on the
same server, so that two builds can be compared on a machine whose speed drifts. Prints figures;
asserts nothing."""

import collections
import os
import sys
import tempfile

import exporters
import procs
from compare import REPO
from measure import median, percentile
from servers import MariaDb, Postgres, Redis

PASSWORD = "bench-Pw-1"
WARMUP = int(os.environ.get("WARMUP", 150))
SCRAPES = int(os.environ.get("SCRAPES", 500))
ROUNDS = int(os.environ.get("ROUNDS", 2))
# JVM flag variants on top of the launcher's, ';'-separated; each jar runs with each in turn.
FLAG_SETS = [v.strip() for v in os.environ.get("FLAG_SETS", "").split(";")]
# Allocation per scrape is the JVM's own count (jvm_memory_pool_allocated_bytes_total, all pools).
# EXCLUDE_SETS: collector-id variants (excludeCollectors), ';'-separated lists of ','-separated
# ids; each jar and flag set runs with each: EXCLUDE_SETS=";latency_histogram,latency_percentiles".
EXCLUDE_SETS = [v.strip() for v in os.environ.get("EXCLUDE_SETS", "").split(";")]


def threads(pid):
    """CPU ticks per thread group (names without their numbers) of a process."""
    out = collections.Counter()
    base = f"/proc/{pid}/task"
    for t in os.listdir(base):
        try:
            with open(f"{base}/{t}/stat") as f:
                st = f.read()
        except OSError:
            continue
        name = st[st.index("(") + 1:st.rindex(")")].rstrip("0123456789-#")
        fields = st[st.rindex(")") + 2:].split()
        out[name] += int(fields[11]) + int(fields[12])
    return out


def datasource(engine, server):
    if engine == "pg":
        return {"name": "pg", "engine": "postgres", "dbHost": f"127.0.0.1:{server.port}",
                "database": "postgres", "dbUser": "dbscope"}
    if engine == "mariadb":
        return {"name": "mariadb", "engine": "mysql", "dbHost": f"127.0.0.1:{server.port}",
                "dbUser": "dbscope", "dbPwd": PASSWORD}
    ds = {"name": "redis", "engine": "redis", "dbHost": f"127.0.0.1:{server.port}"}
    if engine == "idle":
        ds["enabled"] = False
    return ds


def allocated(body):
    """Bytes the JVM has allocated, summed over its pools, as the answer reports it (None if not)."""
    total = None
    for line in body.splitlines():
        if line.startswith("jvm_memory_pool_allocated_bytes_total{"):
            total = (total or 0) + float(line.rsplit(" ", 1)[1])
    return total


def measure(ds, work, name, dsconf, flags):
    ex = ds.start(work, name, [dsconf], flags).ready("/-/ready")
    try:
        for _ in range(WARMUP - 1):
            ex.scrape()
        a0 = allocated(ex.scrape().body)
        t0, c0 = threads(ex.pid), ex.cpu()
        lat = []
        for _ in range(SCRAPES):
            s = ex.scrape()
            lat.append(s.seconds)
        t1, c1 = threads(ex.pid), ex.cpu()
        a1 = allocated(s.body)
        rss = ex.rss()
    finally:
        ex.stop()
    ticks = os.sysconf("SC_CLK_TCK")
    groups = {g: (t1[g] - t0.get(g, 0)) * 1000 / ticks / SCRAPES for g in t1}
    # Each answer reports what was allocated before it was written: from the last warm-up
    # answer to the last one is SCRAPES scrapes' worth.
    alloc = (a1 - a0) / 1024 / SCRAPES if a0 is not None and a1 is not None else float("nan")
    return (median(lat) * 1000, percentile(lat, 90) * 1000, (c1 - c0) * 1000 / SCRAPES, rss,
            alloc, groups)


def main():
    engine = sys.argv[1] if len(sys.argv) > 1 else "redis"
    if engine not in ("pg", "mariadb", "redis", "idle"):
        sys.exit("usage: bench/scrape-cost.sh pg|mariadb|redis|idle [JAR...]")
    jars = sys.argv[2:] or [os.path.join(REPO, "dbscope-server", "target", "dbscope.jar")]
    work = tempfile.mkdtemp(prefix="dbscope-cost-")
    os.chmod(work, 0o755)
    server = {"pg": Postgres, "mariadb": MariaDb}.get(engine, Redis)(work)
    server.start()
    try:
        if engine == "pg":
            server.create_role("dbscope")
        elif engine == "mariadb":
            server.create_user("dbscope", PASSWORD)
        server.workload()
        print(f"{engine}: {WARMUP} warm-up scrapes, then {SCRAPES}; {ROUNDS} round(s); "
              f"load average {procs.loadavg()}")
        for r in range(1, ROUNDS + 1):
            runs = [(j, f, x) for j in jars for f in FLAG_SETS for x in EXCLUDE_SETS]
            for i, (jar, flags, exclude) in enumerate(runs):
                ds = exporters.Dbscope(REPO, jar)
                conf = datasource(engine, server)
                if exclude:
                    conf["excludeCollectors"] = exclude.split(",")
                med, p90, cpu, rss, alloc, groups = measure(ds, work, f"dbscope-{i}", conf,
                                                            flags.split())
                top = ", ".join(f"{g} {v:.2f}" for g, v in sorted(groups.items(), key=lambda x: -x[1])[:4] if v > 0)
                label = os.path.basename(jar) + (f" [{flags}]" if flags else "") + \
                    (f" [without {exclude}]" if exclude else "")
                print(f"round {r} {label}: median {med:.2f} ms, p90 {p90:.2f} ms, "
                      f"CPU {cpu:.2f} ms/scrape, allocated {alloc:.0f} KB/scrape, RSS {rss:.0f} MB; "
                      f"CPU ms/scrape by thread: {top}",
                      flush=True)
        print(f"load average at the end: {procs.loadavg()}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()

"""bench/scale.sh: one dbscope serving N datasources (N = 1 … 1000, mixed engines), what a scrape
costs and how memory grows with N (issue 3's scale benchmark)."""

import datetime
import math
import os
import re
import shutil
import subprocess
import time

import docs
import exporters
import measure
import procs
from compare import REPO, commit, jar_copy, wait_up
from measure import Log, median, percentile
from servers import MariaDb, Postgres, Redis

QUICK = os.environ.get("QUICK") == "1"
NS = [int(n) for n in os.environ.get("NS", "1 3 10 100" if QUICK else "1 3 10 100 500 1000")
      .split()]
SCRAPES = int(os.environ.get("SCRAPES", 5 if QUICK else 20))
WARMUP = int(os.environ.get("WARMUP", 5 if QUICK else 20))
HEADER = float(os.environ.get("TIMEOUT_HEADER", 10))
REDIS_SERVERS = int(os.environ.get("REDIS_SERVERS", 4))
AB = os.environ.get("AB", "").split()  # jars measured in turns on the same servers
ROUNDS = int(os.environ.get("ROUNDS", 2))
SQL_CAP = 50  # PostgreSQL databases and MariaDB schemas at most, each
PASSWORD = "bench"


def mix(n):
    """(postgres, mariadb, redis) datasources for a fleet of n: one PostgreSQL alone, then one of
    each, then thirds until PostgreSQL and MariaDB reach 50 each; Redis takes the rest."""
    if n == 1:
        return 1, 0, 0
    pg = my = min(math.ceil(n / 3), SQL_CAP)
    if pg + my > n:
        my = n - pg
    return pg, my, n - pg - my


def datasources(n, pg, my, redis):
    npg, nmy, nrd = mix(n)
    out = []
    for i in range(npg):
        out.append({"name": f"pg-{i + 1:02d}", "engine": "postgres",
                    "dbHost": f"127.0.0.1:{pg.port}", "database": db(i, "postgres"),
                    "dbUser": "dbscope", "maxOpenConns": 1, "maxIdleConns": 1})
    for i in range(nmy):
        out.append({"name": f"mariadb-{i + 1:02d}", "engine": "mysql",
                    "dbHost": f"127.0.0.1:{my.port}", "database": db(i, ""),
                    "dbUser": "dbscope", "dbPwd": PASSWORD, "maxOpenConns": 1,
                    "maxIdleConns": 1})
    for i in range(nrd):
        s = redis[i % len(redis)]
        out.append({"name": f"redis-{i + 1:04d}", "engine": "redis",
                    "dbHost": f"127.0.0.1:{s.port}", "database": (i // len(redis)) % 16,
                    "maxOpenConns": 1, "maxIdleConns": 1})
    return out


def db(i, first):
    return first if i == 0 and first else f"db{i + 1:02d}"


class Point:
    def __init__(self, n):
        self.n = n
        self.mix = mix(n)
        self.latencies = []
        self.cpu = 0.0
        self.rss = 0.0
        self.heap = None
        self.held = {}
        self.samples = 0
        self.up = 0
        self.cut = 0
        self.threads = 0
        self.failed = 0
        self.flags = ""
        self.start_s = 0.0
        self.first_bytes = []
        self.server_cpu = 0.0
        self.server_kinds = {}  # "postgres"/"mariadb"/"redis": CPU s per scrape
        self.client_cpu = 0.0
        self.own = {}


def measure_n(run_dir, ds, n, pg, my, redis, extra_flags, log, keys=None):
    p = Point(n)
    p.flags = " ".join(extra_flags) or "launcher defaults"
    t0 = time.time()
    ex = ds.start(run_dir, f"dbscope-{n}", datasources(n, pg, my, redis), extra_flags,
                  **{"collectStrategy": "concurrent", **(keys or {})})
    try:
        ex.ready("/-/ready", 300)
        p.up_at_start = wait_up(ex, n, 300)
        p.start_s = time.time() - t0
        for _ in range(WARMUP):
            ex.scrape(HEADER, 120)
        servers = [pg, my] + list(redis)
        kinds = {"postgres": [pg], "mariadb": [my], "redis": list(redis)}
        k0 = {k: server_cpu(v) for k, v in kinds.items()}
        c0, s0, h0 = ex.cpu(), server_cpu(servers), client_cpu()
        body = ""
        own = {}
        for _ in range(SCRAPES):
            s = ex.scrape(HEADER, 120)
            p.latencies.append(s.seconds)
            if s.status == 200:
                body = s.body
                p.first_bytes.append(s.first_byte)
                if n == 3:
                    for name, v in durations(s.body).items():
                        own.setdefault(name, []).append(v)
            else:
                p.failed += 1
        p.cpu = (ex.cpu() - c0) / SCRAPES
        # Parsing the answers above is the client's work too; it ran between the timed scrapes.
        p.server_cpu = (server_cpu(servers) - s0) / SCRAPES
        p.server_kinds = {k: (server_cpu(v) - k0[k]) / SCRAPES for k, v in kinds.items()}
        p.client_cpu = (client_cpu() - h0) / SCRAPES
        p.own = {k: median(v) for k, v in own.items()}
        p.samples, _ = procs.parse(body)
        if os.environ.get("BODY"):
            with open(os.environ["BODY"], "w") as f:
                f.write(body)
        ups = procs.up_values(body, ("dbscope_datasource_up",))
        p.up = sum(1 for u in ups if float(u.rsplit("=", 1)[1]) == 1)
        cut = procs.up_values(body, ("dbscope_datasource_timeout",))
        p.cut = sum(1 for u in cut if float(u.rsplit("=", 1)[1]) == 1)
        p.held = {"postgres": ex.held([pg.port]), "mariadb": ex.held([my.port])}
        for i, s in enumerate(redis):
            p.held[f"redis{i + 1}"] = ex.held([s.port])
        p.rss = ex.rss()
        if os.environ.get("NMT") == "1":
            # Where the RSS went, read before the full GC below changes the heap.
            nmt = subprocess.run([ds.jcmd, str(ex.pid), "VM.native_memory", "summary"],
                                 capture_output=True, text=True, timeout=120).stdout
            with open(os.path.join(REPO, "bench", "results", f"scale-nmt-{n}.txt"), "a") as f:
                f.write(f"# {os.path.basename(ds.jar)} {p.flags}\n{nmt}\n")
        if os.environ.get("SMAPS") == "1":
            # What the RSS is made of: anonymous memory (heap, metaspace, stacks, malloc) against
            # mapped files (libjvm, the CDS/AOT archive), and the largest mappings.
            with open(os.path.join(REPO, "bench", "results", f"scale-smaps-{n}.txt"), "a") as f:
                f.write(f"# {os.path.basename(ds.jar)} {p.flags}\n{procs.smaps_summary(ex.pid)}\n")
        p.heap = procs.heap_after_gc(ex.pid, ds.jcmd)
        if os.environ.get("HEAPDUMP"):
            subprocess.run([ds.jcmd, str(ex.pid), "GC.heap_dump", os.environ["HEAPDUMP"]],
                           capture_output=True, text=True, timeout=300)
        if os.environ.get("HISTO") == "1":
            histo = subprocess.run([ds.jcmd, str(ex.pid), "GC.class_histogram"],
                                   capture_output=True, text=True, timeout=120).stdout
            with open(os.path.join(REPO, "bench", "results", f"scale-histo-{n}.txt"), "w") as f:
                f.write(histo)
        p.threads = ex.threads()
        if n == 3:
            p.singles = singles(ex)
    finally:
        ex.stop()
    died = not p.latencies or p.failed == len(p.latencies)
    with open(ex.log, errors="replace") as f:
        oom = "OutOfMemoryError" in f.read()
    return p, died or oom


def three_line(three, one=None):
    """N = 3 against each datasource alone: the whole scrape, and each datasource's own collection
    time when the three are collected at once against when it is collected alone (seed 003,
    section 7: three datasources at once, each within 1.5× its time alone)."""
    worst = max(v[0] for v in three.singles.values())
    m3 = median(three.latencies)
    own = []
    for k, (_, alone) in three.singles.items():
        together = three.own.get(k)
        if alone and together:
            own.append(f"{k} {together * 1000:.1f} ms at once, {alone * 1000:.1f} ms alone "
                       f"({together / alone:.2f}×)")
    return (f"- N=3 (one datasource per engine): /metrics median {m3:.3f} s; /probe medians "
            + ", ".join(f"{k} {v[0]:.3f} s" for k, v in three.singles.items())
            + f"; ratio to the slowest single datasource {m3 / worst:.2f}×"
            + (f", to N=1 {m3 / median(one.latencies):.2f}×" if one else "")
            + ("; each datasource's own collection time: " + "; ".join(own) if own else ""))


def singles(ex):
    """For each of the three datasources of N = 3, scraped alone (/probe?target=): the median
    scrape, and the median of its own collection time (dbscope_datasource_scrape_duration_seconds)."""
    out = {}
    for target in ("pg-01", "mariadb-01", "redis-0001"):
        url = f"{ex.base}/probe?target={target}"
        for _ in range(WARMUP):
            procs.scrape(url, HEADER)
        runs = [procs.scrape(url, HEADER) for _ in range(SCRAPES)]
        own = [durations(r.body).get(target) for r in runs]
        out[target] = (median([r.seconds for r in runs]),
                       median([v for v in own if v is not None]) if any(own) else None)
    return out


DURATION = re.compile(r'^dbscope_datasource_scrape_duration_seconds\{[^}]*datasource="([^"]+)"'
                      r'[^}]*\} (\S+)$', re.M)


def durations(body):
    """Each datasource's own collection time in an answer, seconds."""
    return {m.group(1): float(m.group(2)) for m in DURATION.finditer(body)}


def server_cpu(servers):
    """CPU seconds of the database servers, their forked backends included."""
    return sum(procs.tree_cpu_seconds(s.proc.pid) for s in servers if s.proc is not None)


def client_cpu():
    """CPU seconds of this harness: sending the scrapes, reading and parsing the answers."""
    t = os.times()
    return t.user + t.system


def ab(work, pg, my, redis, log):
    """AB="a.jar b.jar": each jar in turn, ROUNDS times, on the same servers; a table, no docs."""
    # An entry may add JVM flags after the jar, joined by '+': "new.jar+-XX:MaxNewSize=80m". Only a
    # '+' before a '-' or '@' joins, so that "-XX:+UseCompactObjectHeaders" stays one flag. "+@k=v"
    # sets the global config key k: "new.jar+@maxConcurrentCollections=32".
    jars = []
    for i, entry in enumerate(AB):
        jar, *extras = re.split(r"\+(?=[-@])", entry)
        flags = [x for x in extras if not x.startswith("@")]
        keys = dict(x[1:].split("=", 1) for x in extras if x.startswith("@"))
        keys = {k: int(v) if v.isdigit() else v for k, v in keys.items()}
        copy = os.path.join(work, f"ab{i}-{os.path.basename(jar)}")
        shutil.copy(jar, copy)
        name = " ".join([os.path.basename(jar)] + extras)
        jars.append((name, exporters.Dbscope(REPO, copy), flags, keys))
    log("| N | jar | round | median s | first byte median s | p99 s | CPU s / scrape | servers' "
        "CPU s / scrape | client's CPU s / scrape | RSS MB | heap after a full GC used / "
        "committed MB | samples |")
    log("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for n in NS:
        for r in range(ROUNDS):
            for name, ds, flags, keys in jars:
                p, _ = measure_n(work, ds, n, pg, my, redis, flags, log, keys)
                heap = "—" if p.heap is None else f"{p.heap[0]:.1f} / {p.heap[1]:.0f}"
                log(f"| {n} | {name} | {r + 1} | {median(p.latencies):.3f} | "
                    f"{median(p.first_bytes):.3f} | {percentile(p.latencies, 99):.3f} | "
                    f"{p.cpu:.3f} | {p.server_cpu:.3f} | {p.client_cpu:.3f} | {p.rss:.0f} | "
                    f"{heap} | {p.samples} |")
                log("  servers' CPU s / scrape: " + ", ".join(
                    f"{k} {v:.3f}" for k, v in p.server_kinds.items()))
                if n == 3:
                    log(three_line(p))
    log()
    log(f"load average at the end: {procs.loadavg()}")


def table(points):
    lines = ["| N (pg/mariadb/redis) | JVM flags | scrape median s | first byte median s | p99 s | "
             "CPU s / scrape | servers' CPU s / scrape | client's CPU s / scrape | "
             "RSS MB after the scrapes | heap after a full GC used / committed MB | "
             "RSS / datasource MB | threads | samples | up | cut by "
             "deadline | connections held |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for p in points:
        heap = "—" if p.heap is None else f"{p.heap[0]:.1f} / {p.heap[1]:.0f}"
        held = ", ".join(f"{k} {v}" for k, v in p.held.items() if v)
        lines.append(
            f"| {p.n} ({'/'.join(map(str, p.mix))}) | {p.flags} | {median(p.latencies):.3f} | "
            f"{median(p.first_bytes):.3f} | {percentile(p.latencies, 99):.3f} | {p.cpu:.3f} | "
            f"{p.server_cpu:.3f} | {p.client_cpu:.3f} | {p.rss:.0f} | {heap} | "
            f"{p.rss / p.n:.2f} | {p.threads} | {p.samples} | {p.up} | {p.cut} | {held} |")
    return "\n".join(lines)


def plot(points, png, work):
    """Scrape latency (median, p99) and RSS versus fleet size, with gnuplot."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return "no plot: gnuplot is not installed (apt-get install gnuplot-nox)"
    data = os.path.join(work, "scale.dat")
    with open(data, "w") as f:
        for p in points:
            heap = p.heap[0] if p.heap else "?"
            f.write(f"{p.n} {median(p.latencies)} {percentile(p.latencies, 99)} {p.rss} {heap}\n")
    script = f"""
set terminal pngcairo size 900,540 font ",11"
set output "{png}"
set title "dbscope: scrape of N mixed datasources ({datetime.date.today()}, {os.cpu_count()} CPUs)"
set logscale x
set xlabel "datasources (N)"
set ylabel "scrape duration (s)"
set y2label "memory (MB)"
set ytics nomirror
set yrange [0:*]
set y2tics
set y2range [0:*]
set key top left
set grid
set xrange [0.8:{max(p.n for p in points) * 1.3}]
plot "{data}" using 1:2 with linespoints lw 2 title "median", \\
     "{data}" using 1:3 with linespoints lw 2 dt 2 title "p99", \\
     "{data}" using 1:4 axes x1y2 with linespoints lw 2 title "RSS (right axis)", \\
     "{data}" using 1:5 axes x1y2 with linespoints lw 2 dt 3 title "heap after full GC (right axis)"
"""
    r = subprocess.run([gnuplot], input=script, capture_output=True, text=True)
    if r.returncode != 0:
        script = script.replace("pngcairo", "png")
        r = subprocess.run([gnuplot], input=script, capture_output=True, text=True)
    return None if r.returncode == 0 else f"no plot: gnuplot failed: {r.stderr.strip()}"


def start_servers(work, running, redis_servers):
    """The fleet's servers, each appended to `running` as it starts (for the caller to stop): one
    PostgreSQL with SQL_CAP databases, one MariaDB with SQL_CAP schemas, `redis_servers` Redis;
    the `dbscope` role and user. Returns (pg, my, redis)."""
    pg = Postgres(work, max_connections=300)
    running.append(pg)
    pg.start()
    my = MariaDb(work, max_connections=300)
    running.append(my)
    my.start()
    redis = []
    for i in range(redis_servers):
        r = Redis(work, f"redis-{i + 1}", maxclients=10000)
        running.append(r)
        r.start()
        redis.append(r)
    pg.create_role("dbscope")
    my.create_user("dbscope", PASSWORD)
    for i in range(SQL_CAP):
        if i:
            pg.sql(f"CREATE DATABASE db{i + 1:02d}")
        my.sql(f"CREATE DATABASE db{i + 1:02d}")
    return pg, my, redis


def main():
    work = __import__("tempfile").mkdtemp(prefix="dbscope-scale-")
    os.chmod(work, 0o755)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    os.makedirs(os.path.join(REPO, "bench", "results"), exist_ok=True)
    out = os.path.join(REPO, "bench", "results", f"{stamp}-scale.md")
    log = Log(out)
    running = []
    points = []
    try:
        exporters.install_missing(os.path.join(work, "apt.log"),
                                  {"/usr/bin/gnuplot": "gnuplot-nox"}, anchors=False)
        ds = exporters.Dbscope(REPO, jar_copy(work))
        pg, my, redis = start_servers(work, running, REDIS_SERVERS)
        pg.workload(clients=2, transactions=50)
        my.workload(queries=200)
        for r in redis:
            r.workload(requests=500)
        m = measure.machine()
        log(f"**scale.sh, run of {datetime.datetime.now().isoformat(timespec='seconds')}**"
            + (" (QUICK)" if QUICK else ""))
        log()
        log(f"- machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']}, Linux {m['kernel']}")
        log(f"- load average at start: {procs.loadavg()}")
        log(f"- dbscope {commit()}, {ds.jdk_version()}, launcher JVM flags "
            f"`{' '.join(ds.flags + ds.extra)}`")
        log(f"- servers: PostgreSQL {pg.version()} (max_connections 300), MariaDB {my.version()} "
            f"(max_connections 300), {REDIS_SERVERS} × Redis {redis[0].version()} "
            f"(maxclients 10000)")
        log(f"- per N: a new dbscope (collectStrategy = concurrent, maxOpenConns = 1 per "
            f"datasource, default collectors), wait until every datasource is up, {WARMUP} "
            f"warm-up scrapes, then {SCRAPES} scrapes of /metrics with "
            f"X-Prometheus-Scrape-Timeout-Seconds: {HEADER:g}; heap after `jcmd GC.run`")
        log()
        if AB:
            ab(work, pg, my, redis, log)
            return
        crashes = []
        for n in NS:
            load0 = procs.loadavg()
            p, failed = measure_n(work, ds, n, pg, my, redis, [], log)
            if failed:
                print(f"N={n} failed with the launcher's flags; again with -Xmx1g", flush=True)
                p, _ = measure_n(work, ds, n, pg, my, redis, ["-Xmx1g"], log)
            p.load = (load0, procs.loadavg())
            if not my.alive():
                crashes.append(f"MariaDB died during N={n} ({my.crash_report()}); restarted")
                my.launch()
            points.append(p)
            print(table([p]).splitlines()[-1] + f" load {load0} → {p.load[1]}", flush=True)
        log(table(points))
        log()
        for p in points:
            log(f"- N={p.n}: {p.up_at_start} of {p.n} datasources up {p.start_s:.1f} s after the "
                f"start; load average "
                f"{p.load[0]} → {p.load[1]}")
        for c in crashes:
            log(f"- **{c}**")
        three = next((p for p in points if p.n == 3 and hasattr(p, "singles")), None)
        one = next((p for p in points if p.n == 1), None)
        if three:
            log(three_line(three, one))
        png = os.path.join(REPO, "docs", "bench-scale.png") if os.environ.get("NO_DOCS") != "1" \
            else out.replace(".md", ".png")
        problem = plot(points, png, work)
        log()
        log(problem or f"![scrape duration and RSS versus N]({os.path.basename(png)})")
        log()
        log(f"load average at the end: {procs.loadavg()}")
    finally:
        for s in reversed(running):
            s.stop()
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    if os.environ.get("NO_DOCS") != "1" and points:
        docs.update(os.path.join(REPO, "docs", "benchmarks.md"), "scale",
                    "Scale: one dbscope, N datasources", log.text())
        print(f"results: {out} and docs/benchmarks.md")


if __name__ == "__main__":
    main()

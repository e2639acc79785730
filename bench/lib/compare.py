"""bench/compare-exporters.sh: dbscope side by side with postgres_exporter, mysqld_exporter and
redis_exporter (Debian 12's packages, or with ANCHORS=newest Debian 13's builds) against the same
real servers (see docs/benchmarks.md for what each figure is)."""

import datetime
import os
import shutil
import subprocess
import sys
import threading
import time

import docs
import exporters
import measure
import procs
from measure import Counters, Log
from runs import Run
from servers import HangingListener, Redis, free_port

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QUICK = os.environ.get("QUICK") == "1"
# 200 and not 50: CPU time comes in clock ticks of 10 ms, and one Redis scrape costs about 2 ms,
# so 50 scrapes gave a resolution of 0.2 ms per scrape (±10 % of the figure).
SCRAPES = int(os.environ.get("SCRAPES", 10 if QUICK else 200))
WARMUP = int(os.environ.get("WARMUP", 5 if QUICK else 100))
INTERVAL = float(os.environ.get("SCRAPE_INTERVAL", 0))
SCENARIOS = os.environ.get("SCENARIOS", "1 2 3 4 5").split()
FLEET = int(os.environ.get("FLEET", 20 if QUICK else 100))
DBS = [int(n) for n in os.environ.get("DATABASES", "1 10" if QUICK else "1 10 50").split()]
PASSWORD = "bench"
ANCHORS = os.environ.get("ANCHORS", "debian12")
# Scenario 1's engines: ENGINES=redis measures only Redis (a third of the run's time).
ENGINES = os.environ.get("ENGINES", "pg mariadb redis").split()
# A newest run sits under its own heading below the Debian 12 run's, one level down.
SCENARIO = "#####" if ANCHORS == "newest" else "####"
# Scenario 3's per-table queries: the newest postgres_exporter's example file is empty (its
# queries became collectors), so both kinds of run take Debian 12's.
EXAMPLE_QUERIES = "/usr/share/doc/prometheus-postgres-exporter/examples/queries.yaml"


def jar_copy(work):
    """The jar as it is now, copied so that a rebuild during the run changes nothing."""
    jar = os.environ.get("DBSCOPE_JAR", os.path.join(REPO, "dbscope-server/target/dbscope.jar"))
    if not os.path.exists(jar):
        print("building dbscope (./mvnw -q -DskipTests package)...", flush=True)
        subprocess.run(["./mvnw", "-q", "-B", "-DskipTests", "package"], cwd=REPO, check=True)
    copy = os.path.join(work, "dbscope.jar")
    shutil.copy(jar, copy)
    return copy


def commit():
    def git(*args):
        return subprocess.run(["git", "-C", REPO] + list(args), capture_output=True,
                              text=True).stdout.strip()
    c = git("rev-parse", "--short", "HEAD") or "?"
    return c + (" (with uncommitted changes)" if git("status", "--porcelain", "--",
                                                     "dbscope-*/src", "pom.xml") else "")


def header(run, dbscope, an, pg, my, rd):
    m = measure.machine()
    log = run.log
    log(f"**compare-exporters.sh, run of {datetime.datetime.now().isoformat(timespec='seconds')}"
        + (" against the newest releases" if an.kind == "newest" else "") + "**"
        + (" (QUICK)" if QUICK else ""))
    log()
    log(f"- machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']}, Linux {m['kernel']}")
    log(f"- load average at start: {procs.loadavg()}")
    log(f"- dbscope {commit()}, {dbscope.jdk_version()}, JVM flags "
        f"`{' '.join(dbscope.flags + dbscope.extra)}`")
    log(f"- anchors (ANCHORS={an.kind}): {an.describe()}")
    log(f"- servers: PostgreSQL {pg.version()}, MariaDB {my.version()}, Redis {rd.version()}")
    log(f"- {SCRAPES} scrapes per exporter after {WARMUP} warm-up scrapes, in blocks of 10, "
        f"A/B/A/B; header X-Prometheus-Scrape-Timeout-Seconds: 10; Accept: {procs.ACCEPT}"
        f"{'; Accept-Encoding: gzip (GZIP=1)' if procs.GZIP else ''}"
        f"{'; one kept connection per target (KEEPALIVE=1)' if procs.KEEPALIVE else '; a new connection per scrape'}; "
        f"{'back to back' if not INTERVAL else f'{INTERVAL}s apart'}")
    log()


def pg_ds(pg, name="pg", database="postgres", **kw):
    return dict({"name": name, "engine": "postgres", "dbHost": f"127.0.0.1:{pg.port}",
                 "database": database, "dbUser": "dbscope"}, **kw)


def pg_dsn(pg, user="pgexp", database="postgres"):
    return f"postgresql://{user}@127.0.0.1:{pg.port}/{database}?sslmode=disable"


def pair(run, title, a, ca, b, cb, ports, scrapes=None, warmup=None):
    """Measures a (dbscope) against b (the anchor) and prints the table."""
    log = run.log
    load0 = procs.loadavg()
    res = measure.ab([(a, ca, ports), (b, cb, ports)], scrapes or SCRAPES, block=10,
                     warmup=WARMUP if warmup is None else warmup, interval=INTERVAL)
    log(f"**{title}**")
    log()
    log(measure.pair_table(res[0], res[1]))
    log()
    log(f"load average before/after: {load0} / {procs.loadavg()}")
    log()
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
    measure.write_families(os.path.join(run.work, f"families-{slug}.txt"), res[0], res[1])
    # A newest run keeps its lists apart, so that the Debian 12 run's stay as they were.
    fam_dir = os.path.join(os.path.dirname(run.out),
                           "families-newest" if ANCHORS == "newest" else "families")
    os.makedirs(fam_dir, exist_ok=True)
    measure.write_families(os.path.join(fam_dir, f"{slug}.txt"), res[0], res[1])
    with open(os.path.join(fam_dir, f"{slug}.statements.txt"), "w") as f:
        for name, counters in ((a.name, ca), (b.name, cb)):
            f.write(f"# {name}: statements since the server started (calls, text)\n")
            f.write(counters.detail() + "\n")
    return res


def scenario1(run, ds, an, pg, my, rd):
    run.log(f"{SCENARIO} Scenario 1: one datasource per engine, default collectors")
    run.log()
    if "pg" in ENGINES:
        a = run.keep(ds.start(run.work, "dbscope-pg", [pg_ds(pg)])).ready("/-/ready")
        b = run.keep(an.postgres_exporter(
            run.work, "postgres_exporter", pg_dsn(pg), "pgexp")).ready()
        pair(run, "1a PostgreSQL", a, Counters.per_user(pg, "dbscope"), b,
             Counters.per_user(pg, "pgexp"), [pg.port])
        a.stop(), b.stop()

    if "mariadb" in ENGINES:
        a = run.keep(ds.start(run.work, "dbscope-my", [{
            "name": "mariadb", "engine": "mysql", "dbHost": f"127.0.0.1:{my.port}",
            "dbUser": "dbscope", "dbPwd": PASSWORD}])).ready("/-/ready")
        b = run.keep(an.mysqld_exporter(
            run.work, "mysqld_exporter", my.port, "myexp", PASSWORD)).ready()
        pair(run, "1b MariaDB", a, Counters.per_user(my, "dbscope"), b,
             Counters.per_user(my, "myexp"), [my.port])
        a.stop(), b.stop()

    if "redis" in ENGINES:
        a = run.keep(ds.start(run.work, "dbscope-redis", [{
            "name": "redis", "engine": "redis",
            "dbHost": f"127.0.0.1:{rd.port}"}])).ready("/-/ready")
        b = run.keep(an.redis_exporter(
            run.work, "redis_exporter", f"redis://127.0.0.1:{rd.port}")).ready()
        pair(run, "1c Redis", a, Counters.redis([rd]), b, Counters.redis([rd]), [rd.port])
        a.stop(), b.stop()


def scenario2(run, ds, an, pg):
    run.log(f"{SCENARIO} Scenario 2: PostgreSQL with statement statistics")
    run.log()
    pg.workload(clients=2, transactions=200)
    fingerprints = pg.sql("SELECT count(*) FROM pg_stat_statements").strip()
    query_file = os.path.join(REPO, "bench", "anchors", "pg_stat_statements.yaml")
    a = run.keep(ds.start(run.work, "dbscope-pgss", [pg_ds(pg)])).ready("/-/ready")
    b = run.keep(an.postgres_exporter(
        run.work, "postgres_exporter+queries", pg_dsn(pg), "pgexp",
        [f"--extend.query-path={query_file}"])).ready()
    res = pair(run, "2 PostgreSQL with pg_stat_statements", a, Counters.per_user(pg, "dbscope"),
               b, Counters.per_user(pg, "pgexp"), [pg.port])
    mine = sorted(f for f in res[0].families
                  if f.startswith(("pg_query", "pg_statements", "pg_stat_statements")))
    run.log(f"pg_stat_statements held {fingerprints} fingerprints at the start. "
            f"dbscope's statement families: {', '.join(mine) if mine else 'none'}"
            + ("" if mine else " — statement analytics is not in this build, so dbscope ran its "
               "default collectors only; the anchor's figures include the statement query."))
    run.log()
    a.stop(), b.stop()


def scenario3(run, ds, an, pg):
    run.log(f"{SCENARIO} Scenario 3: databases in one PostgreSQL cluster")
    run.log()
    existing = set(pg.sql("SELECT datname FROM pg_database").split())
    names = ["postgres"] + [f"db{i:02d}" for i in range(1, max(DBS))]
    for n in names[1:]:
        if n not in existing:
            pg.sql(f"CREATE DATABASE {n}")
            pg.sql("CREATE TABLE t (id int primary key, v text); "
                   "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 100) g", db=n)
    tables = os.path.join(run.work, "pg_tables.yaml")
    with open(tables, "w") as f:
        f.write(example_queries({"pg_stat_user_tables", "pg_statio_user_tables"}))
    run.log("The anchor runs with --auto-discover-databases and the per-table queries of Debian "
            "12's example queries.yaml (pg_stat_user_tables, pg_statio_user_tables; the newest "
            "release's example file is empty), which run in every "
            "discovered database; dbscope has one datasource per database (maxOpenConns = 1): "
            "the first with the default collectors, the others with collectors = "
            "[pg_stat_user_tables, pg_statio_user_tables]. Each database has one table.")
    run.log()
    per_db = ["pg_stat_user_tables", "pg_statio_user_tables"]
    for count in DBS:
        dbs = names[:count]
        a = run.keep(ds.start(run.work, f"dbscope-{count}db",
                     [pg_ds(pg, name=f"pg-{d}", database=d, maxOpenConns=1,
                            **({} if i == 0 else {"collectors": per_db}))
                      for i, d in enumerate(dbs)])).ready("/-/ready")
        wait_up(a, count)
        b = run.keep(an.postgres_exporter(
            run.work, f"postgres_exporter-{count}db", pg_dsn(pg), "pgexp",
            ["--auto-discover-databases", "--include-databases=" + ",".join(dbs),
             f"--extend.query-path={tables}"])).ready()
        pair(run, f"3 {count} database{'s' if count > 1 else ''}", a,
             Counters.per_user(pg, "dbscope"), b, Counters.per_user(pg, "pgexp"), [pg.port],
             warmup=min(WARMUP, 20) if count >= 10 else None)
        a.stop(), b.stop()


def example_queries(wanted):
    """The named top-level entries of the query file Debian 12 ships with postgres_exporter."""
    out, keep = [], False
    with open(EXAMPLE_QUERIES) as f:
        for line in f:
            if line[:1].strip() and not line.startswith("#"):
                keep = line.split(":", 1)[0] in wanted
            if keep:
                out.append(line)
    return "".join(out)


def wait_up(ex, count, seconds=120):
    """Waits until `count` datasources report up=1 (their pools connect on first scrapes);
    returns how many were up at the end."""
    deadline = time.time() + seconds
    ups = []
    while time.time() < deadline:
        s = ex.scrape()
        ups = [v for v in procs.up_values(s.body, ("dbscope_datasource_up",))
               if float(v.rsplit("=", 1)[1]) == 1]
        if len(ups) >= count:
            return len(ups)
        time.sleep(1)
    print(f"warning: {len(ups)} of {count} datasources up in {ex.name} after {seconds} s",
          flush=True)
    return len(ups)


def scenario4(run, ds, an, rd):
    run.log(f"{SCENARIO} Scenario 4: a fleet of {FLEET} Redis datasources")
    run.log()
    servers = [rd] + [run.keep(Redis(run.work, f"redis-fleet-{i}")) for i in range(9)]
    for s in servers[1:]:
        s.start()
    targets = [(servers[i % 10], i // 10) for i in range(FLEET)]
    a = run.keep(ds.start(run.work, "dbscope-fleet", [
        {"name": f"redis-{i:03d}", "engine": "redis", "dbHost": f"127.0.0.1:{s.port}",
         "database": db} for i, (s, db) in enumerate(targets)])).ready("/-/ready")
    members = [an.redis_exporter(run.work, f"redis_exporter-{i:03d}",
                                 f"redis://127.0.0.1:{s.port}/{db}")
               for i, (s, db) in enumerate(targets)]
    b = run.keep(exporters.Group(f"redis_exporter ×{FLEET}", members))
    for m in members:
        m.ready()
    wait_up(a, FLEET)
    rounds = max(SCRAPES // 2, 10)
    load0 = procs.loadavg()
    res = measure.ab([(a, Counters.redis(servers), [s.port for s in servers]),
                      (b, Counters.redis(servers), [s.port for s in servers])],
                     rounds, block=5, warmup=3, interval=INTERVAL)
    run.log(f"{rounds} rounds each; a round is one scrape of dbscope's /metrics, or one scrape of "
            f"each of the {FLEET} anchor processes (8 at a time). Per-scrape figures are per "
            "round.")
    run.log()
    run.log(measure.pair_table(res[0], res[1]))
    run.log()
    run.log(f"load average before/after: {load0} / {procs.loadavg()}")
    run.log()
    b.stop()
    a.stop()
    for s in servers[1:]:
        s.stop()


def scenario5(run, ds, an, pg, my, rd):
    run.log(f"{SCENARIO} Scenario 5: a hanging database and a stopped one")
    run.log()
    hang = {e: run.keep(HangingListener()) for e in ("pg", "my", "redis")}
    down = {e: free_port() for e in ("pg", "my", "redis")}

    def dss(kind, ports):
        return [
            pg_ds(pg, name=f"pg-{kind}", dbHost=f"127.0.0.1:{ports['pg']}"),
            {"name": f"mariadb-{kind}", "engine": "mysql", "dbHost": f"127.0.0.1:{ports['my']}",
             "dbUser": "dbscope", "dbPwd": PASSWORD},
            {"name": f"redis-{kind}", "engine": "redis", "dbHost": f"127.0.0.1:{ports['redis']}"},
        ]
    hang_ports = {e: h.port for e, h in hang.items()}
    a = run.keep(ds.start(run.work, "dbscope-faults",
                          dss("hang", hang_ports) + dss("down", down) + [
                              {"name": "redis-ok", "engine": "redis",
                               "dbHost": f"127.0.0.1:{rd.port}"}])).ready("/-/ready")
    anchors = {}
    for kind, ports in (("hang", hang_ports), ("down", down)):
        anchors[("pg", kind)] = an.postgres_exporter(
            run.work, f"postgres_exporter-{kind}",
            f"postgresql://pgexp@127.0.0.1:{ports['pg']}/postgres?sslmode=disable", "pgexp")
        anchors[("my", kind)] = an.mysqld_exporter(
            run.work, f"mysqld_exporter-{kind}", ports["my"], "myexp", PASSWORD)
        anchors[("redis", kind)] = an.redis_exporter(
            run.work, f"redis_exporter-{kind}", f"redis://127.0.0.1:{ports['redis']}")
    for ex in anchors.values():
        run.keep(ex)
        procs.wait_http(ex.url.replace("/metrics", "/"), 30, ex.proc, ex.log)
    header_s = 10.0
    client_s = float(os.environ.get("CLIENT_TIMEOUT", 30))
    repeats = 1 if QUICK else 3
    names = {"pg": ("PostgreSQL", "pg"), "my": ("MariaDB", "mariadb"), "redis": ("Redis", "redis")}
    rows = []
    for attempt in range(1, repeats + 1):
        jobs = {}
        for (engine, kind), ex in anchors.items():
            jobs[(engine, kind, ex.name)] = ex.url
            target = f"{names[engine][1]}-{kind}"
            jobs[(engine, kind, "dbscope")] = f"{a.base}/probe?target={target}"
        jobs[("all", "mixed", "dbscope")] = a.url
        results = {}

        def go(key, url):
            results[key] = procs.scrape(url, header_s, client_s)
        threads = [threading.Thread(target=go, args=(k, u)) for k, u in jobs.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for key in sorted(results, key=lambda k: (k[0], k[1], k[2] != "dbscope")):
            s = results[key]
            engine, kind, who = key
            what = describe(s, client_s)
            label = "all 7 datasources (/metrics)" if engine == "all" else \
                f"{names[engine][0]} {'hanging' if kind == 'hang' else 'stopped'}"
            rows.append(f"| {attempt} | {label} | {who} | "
                        f"{'—' if s.status == 0 else f'{s.seconds:.2f} s'} | {what} |")
    run.log(f"All scrapes at once, with X-Prometheus-Scrape-Timeout-Seconds: {header_s:g} "
            "(dbscope's "
            f"deadline: 0.8 × 10 s = 8 s); the client gives up after {client_s:g} s. The hanging "
            "database is a loopback listener that accepts and never answers; the stopped one is "
            "a closed port. dbscope's /metrics also serves a healthy Redis (redis-ok).")
    run.log()
    run.log("| try | database | exporter | answered after | what was answered |")
    run.log("|---|---|---|---:|---|")
    for r in rows:
        run.log(r)
    run.log()


def describe(s, client_s):
    if s.status == 0:
        return f"no answer within {client_s:g} s ({s.error})"
    samples, families = procs.parse(s.body)
    ups = []
    for u in procs.up_values(s.body, ("pg_up", "mysql_up", "redis_up")):
        name, value = u.rsplit("=", 1)
        ds = name.split('datasource="')[1].split('"')[0] if 'datasource="' in name else ""
        ups.append(f"{name.split('{')[0]}{'{' + ds + '}' if ds else ''}={float(value):g}")
    return f"HTTP {s.status}, {samples} samples; " + (", ".join(ups) if ups else "no up metric")


def main():
    try:
        an = exporters.Anchors(ANCHORS)
    except ValueError as e:
        sys.exit(str(e))
    newest = an.kind == "newest"
    run = Run("compare-newest" if newest else "compare")
    try:
        # A newest run still needs Debian 12's postgres_exporter package for scenario 3's queries.
        exporters.install_missing(os.path.join(run.work, "apt.log"), anchors=not newest,
                                  extra={EXAMPLE_QUERIES: "prometheus-postgres-exporter"})
        ds = exporters.Dbscope(REPO, jar_copy(run.work))
        pg, my, rd = run.servers(PASSWORD)
        header(run, ds, an, pg, my, rd)
        if "1" in SCENARIOS:
            scenario1(run, ds, an, pg, my, rd)
        if "2" in SCENARIOS:
            scenario2(run, ds, an, pg)
        if "3" in SCENARIOS:
            scenario3(run, ds, an, pg)
        if "4" in SCENARIOS:
            scenario4(run, ds, an, rd)
        if "5" in SCENARIOS:
            scenario5(run, ds, an, pg, my, rd)
        run.log(f"load average at the end: {procs.loadavg()}")
    finally:
        run.close()
    if os.environ.get("NO_DOCS") != "1" and set(ENGINES) != {"pg", "mariadb", "redis"}:
        print("a run of some of scenario 1's engines: docs/benchmarks.md left alone")
    elif os.environ.get("NO_DOCS") != "1":
        # A run that scrapes as Prometheus does has blocks of its own, after the others.
        if procs.AS_PROMETHEUS and newest:
            docs.update(os.path.join(REPO, "docs", "benchmarks.md"), "compare-newest-prometheus",
                        "The newest releases, scraped as Prometheus scrapes", run.log.text(),
                        after="compare-prometheus", level=4)
        elif procs.AS_PROMETHEUS:
            docs.update(os.path.join(REPO, "docs", "benchmarks.md"), "compare-prometheus",
                        "Debian 12's exporters, scraped as Prometheus scrapes", run.log.text(),
                        after="compare-newest", level=4)
        elif procs.GZIP or procs.KEEPALIVE or procs.ACCEPT != "text/plain;version=0.0.4":
            print("a run with some of Prometheus's ways but not all: docs/benchmarks.md left alone")
        elif newest:
            docs.update(os.path.join(REPO, "docs", "benchmarks.md"), "compare-newest",
                        "The same scenarios against the newest releases",
                        run.log.text(), after="compare", level=4)
        else:
            docs.update(os.path.join(REPO, "docs", "benchmarks.md"), "compare",
                        "Side by side with the community exporters", run.log.text())
        print(f"results: {run.out} and docs/benchmarks.md")


if __name__ == "__main__":
    main()

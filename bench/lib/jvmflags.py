"""bench/jvm-flags.sh: one dbscope with one PostgreSQL datasource, started with different JVM flags
on top of the launcher's, to see what drives its RSS and CPU (issue 6: under 150 MB for one
datasource). Each variant: a new process, warm-up, scrapes, then RSS, heap after a full GC and
the JVM's own account of its native memory (Native Memory Tracking, in a separate process so
that its overhead does not count in the RSS column)."""

import datetime
import os
import re
import shutil
import subprocess
import tempfile

import docs
import exporters
import measure
import procs
from compare import REPO, commit, jar_copy
from measure import Log, median
from servers import Postgres

QUICK = os.environ.get("QUICK") == "1"
SCRAPES = int(os.environ.get("SCRAPES", 20 if QUICK else 50))
WARMUP = int(os.environ.get("WARMUP", 20 if QUICK else 100))
VARIANTS = [v.strip() for v in os.environ.get("FLAG_SETS", ";".join([
    "",
    "-XX:CompileThresholdScaling=1",
    "-XX:TieredStopAtLevel=4",
    "-XX:TieredStopAtLevel=4 -XX:CompileThresholdScaling=1",
    "-Xmx64m",
    "-XX:+UseCompactObjectHeaders",
])).split(";")]


def nmt(ds, work, pg, flags):
    """Committed memory by NMT category (MB) after the same warm-up and scrapes."""
    ex = ds.start(work, "dbscope-nmt", [pg_ds(pg)], flags + ["-XX:NativeMemoryTracking=summary"])
    try:
        ex.ready("/-/ready")
        for _ in range(WARMUP + SCRAPES):
            ex.scrape()
        out = subprocess.run([ds.jcmd, str(ex.pid), "VM.native_memory", "summary", "scale=KB"],
                             capture_output=True, text=True, timeout=60).stdout
    finally:
        ex.stop()
    cats = {}
    for m in re.finditer(r"^-\s+([A-Za-z ]+?) \(reserved=\d+KB, committed=(\d+)KB", out, re.M):
        cats[m.group(1).strip()] = int(m.group(2)) / 1024
    total = re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", out)
    return (int(total.group(1)) / 1024 if total else None), cats


def pg_ds(pg):
    return {"name": "pg", "engine": "postgres", "dbHost": f"127.0.0.1:{pg.port}",
            "database": "postgres", "dbUser": "dbscope"}


def main():
    work = tempfile.mkdtemp(prefix="dbscope-jvm-")
    os.chmod(work, 0o755)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    os.makedirs(os.path.join(REPO, "bench", "results"), exist_ok=True)
    out = os.path.join(REPO, "bench", "results", f"{stamp}-jvm.md")
    log = Log(out)
    pg = None
    rows = []
    try:
        exporters.install_missing(os.path.join(work, "apt.log"), anchors=False)
        ds = exporters.Dbscope(REPO, jar_copy(work))
        pg = Postgres(work)
        pg.start()
        pg.create_role("dbscope")
        pg.workload()
        m = measure.machine()
        log(f"**jvm-flags.sh, run of {datetime.datetime.now().isoformat(timespec='seconds')}**"
            + (" (QUICK)" if QUICK else ""))
        log()
        log(f"- machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']}, Linux {m['kernel']}; "
            f"load average at start {procs.loadavg()}")
        log(f"- dbscope {commit()}, {ds.jdk_version()}; launcher flags "
            f"`{' '.join(ds.flags + ds.extra)}`, each variant's flags added after them")
        log(f"- one PostgreSQL {pg.version()} datasource, default collectors; {WARMUP} warm-up "
            f"scrapes, then {SCRAPES}; NMT in a second process with the same flags")
        log()
        log("| added flags | scrape median ms | CPU ms / scrape | RSS MB | heap after GC used / "
            "committed MB | NMT committed MB | largest NMT categories (MB) |")
        log("|---|---:|---:|---:|---:|---:|---|")
        for v in VARIANTS:
            flags = v.split()
            ex = ds.start(work, "dbscope-jvm", [pg_ds(pg)], flags)
            try:
                ex.ready("/-/ready")
                for _ in range(WARMUP):
                    ex.scrape()
                c0 = ex.cpu()
                lat = [ex.scrape().seconds for _ in range(SCRAPES)]
                cpu = (ex.cpu() - c0) * 1000 / SCRAPES
                rss = ex.rss()
                heap = procs.heap_after_gc(ex.pid, ds.jcmd)
            finally:
                ex.stop()
            total, cats = nmt(ds, work, pg, flags)
            top = ", ".join(f"{k} {c:.0f}" for k, c in
                            sorted(cats.items(), key=lambda kv: -kv[1])[:5])
            heap_s = "—" if heap is None else f"{heap[0]:.1f} / {heap[1]:.0f}"
            row = (f"| {v or '(none)'} | {median(lat) * 1000:.1f} | {cpu:.1f} | {rss:.0f} | "
                   f"{heap_s} | {'—' if total is None else f'{total:.0f}'} | {top} |")
            rows.append(row)
            log(row)
        log()
        log(f"load average at the end: {procs.loadavg()}")
    finally:
        if pg:
            pg.stop()
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)
    if os.environ.get("NO_DOCS") != "1" and rows:
        docs.update(os.path.join(REPO, "docs", "benchmarks.md"), "jvm",
                    "JVM flags and memory of one datasource", log.text())
        print(f"results: {out} and docs/benchmarks.md")


if __name__ == "__main__":
    main()

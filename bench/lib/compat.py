"""bench/compat.sh: which names and label sets the newest community exporters serve that dbscope
does not, with their default flags and with every optional collector on, against the same real
servers under the same workload. Prints the tables and lists, keeps them in bench/results/ and puts
them in docs/compatibility.md (unless NO_DOCS=1)."""

import datetime
import os
import re
import subprocess
import sys
import tempfile
import time

import docs
import exporters
import procs
from compare import jar_copy
from runs import Run

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "bench"
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+\S+")
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"')
# The exporters' own Go runtime and HTTP handler: not what a database dashboard queries.
RUNTIME = ("go_", "process_", "promhttp_")
# Labels dbscope adds to every sample of a datasource.
OURS = {"datasource"}


def flags(binary, prefix):
    """The exporter's boolean collector flags: '--prefix.x' with no value, that are no option of
    another collector (x.y where x is a collector)."""
    text = subprocess.run([binary, "--help"], capture_output=True, text=True)
    help_ = text.stdout + text.stderr
    found = re.findall(r"--(?:\[no-\])?(" + re.escape(prefix) + r"\.[a-z_.]+)(=?)", help_)
    names = sorted({n for n, eq in found if not eq})
    return [n for n in names if not any(n.startswith(m + ".") for m in names if m != n)]


def series(body, skip=RUNTIME):
    """{sample name: set of label names} of an exposition, runtime families left out."""
    out = {}
    for line in body.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m or m.group(1).startswith(skip):
            continue
        labels = set(LABEL.findall(m.group(3) or "")) - OURS
        out.setdefault(m.group(1), set()).update(labels)
    return out


def scrape_twice(url, pause=3):
    """The second of two scrapes: some families (rates, deltas, cached collectors) appear late."""
    procs.scrape(url, 30, 60)
    time.sleep(pause)
    s = procs.scrape(url, 30, 60)
    if s.status != 200:
        raise RuntimeError(f"{url}: {s.status} {s.error}")
    return s.body


def start_exporters(run, an, pg, my, rd, everything):
    """The three exporters, each with its default flags or with every optional collector on."""
    bins = an.binaries
    pg_flags = [f"--{f}" for f in flags(bins["postgres_exporter"], "collector")] if everything \
        else []
    my_flags = [f"--{f}" for f in flags(bins["mysqld_exporter"], "collect")] if everything else []
    rd_flags = ["-include-system-metrics", "-include-config-metrics", "-include-modules-metrics",
                "-export-client-list", "-check-keys=db0=key:*", "-check-single-keys=db0=mylist",
                "-count-keys=db0=key:*", "-check-key-groups=^(key):",
                "-check-single-streams=db0=compat-stream"] if everything else []
    suffix = "-all" if everything else ""
    ex = {
        "postgres_exporter": an.postgres_exporter(
            run.work, "postgres_exporter" + suffix,
            f"postgresql://pgexp@127.0.0.1:{pg.port}/postgres?sslmode=disable", "pgexp", pg_flags),
        "mysqld_exporter": an.mysqld_exporter(run.work, "mysqld_exporter" + suffix, my.port,
                                              "myexp", PASSWORD, my_flags),
        "redis_exporter": an.redis_exporter(run.work, "redis_exporter" + suffix,
                                            f"redis://127.0.0.1:{rd.port}", rd_flags),
    }
    for e in ex.values():
        run.keep(e).ready()
    return ex


def dbscope_accepts(ds, key_line):
    """Whether this dbscope takes a datasource key (an older build has no optionalCollectors)."""
    path = os.path.join(tempfile.mkdtemp(), "probe.toml")
    with open(path, "w") as f:
        f.write(f'[[datasource]]\nname = "x"\nengine = "redis"\ndbHost = "127.0.0.1"\n{key_line}\n')
    out = subprocess.run([ds.java, "-jar", ds.jar, "check", "--config", path],
                         capture_output=True, text=True)
    return "unknown key" not in out.stdout + out.stderr


def start_dbscope(run, ds, pg, my, rd, everything):
    extra = {}
    if everything and dbscope_accepts(ds, 'optionalCollectors = "all"'):
        extra = {"optionalCollectors": "all"}
    sources = [
        dict({"name": "pg", "engine": "postgres", "dbHost": f"127.0.0.1:{pg.port}",
              "dbUser": "dbscope"}, **extra),
        dict({"name": "mariadb", "engine": "mysql", "dbHost": f"127.0.0.1:{my.port}",
              "dbUser": "dbscope", "dbPwd": PASSWORD}, **extra),
        dict({"name": "redis", "engine": "redis", "dbHost": f"127.0.0.1:{rd.port}"}, **extra,
             **(REDIS_KEY_CHECKS if extra and dbscope_accepts(ds, 'checkKeys = "k"') else {})),
    ]
    name = "dbscope-all" if everything else "dbscope"
    return run.keep(ds.start(run.work, name, sources)).ready("/-/ready"), bool(extra)


# The key checks redis_exporter runs with every optional collector on (rd_flags), as dbscope's
# datasource keys.
REDIS_KEY_CHECKS = {"checkKeys": "db0=key:*", "checkSingleKeys": "db0=mylist",
                    "countKeys": "db0=key:*", "checkSingleStreams": "db0=compat-stream",
                    "checkKeyGroups": "^(key):"}

TARGETS = {"postgres_exporter": "pg", "mysqld_exporter": "mariadb", "redis_exporter": "redis"}


def compare(theirs, ours):
    """(served, missing names, {name: (their labels, our labels)} where ours lack some)."""
    missing = sorted(n for n in theirs if n not in ours)
    labels = {n: (theirs[n], ours[n]) for n in sorted(theirs)
              if n in ours and not theirs[n] <= ours[n]}
    return len(theirs), missing, labels


def report(log, mode, versions, results, optional_key):
    log(f"#### {mode}")
    log()
    if mode.startswith("Every optional") and not optional_key:
        log("dbscope has no `optionalCollectors` key in this build: it ran with its defaults.")
        log()
    log("| exporter | names it serves | served by dbscope with its labels | share | missing "
        "| labels differ |")
    log("|---|---:|---:|---:|---:|---:|")
    for exporter, (total, missing, labels) in results.items():
        good = total - len(missing) - len(labels)
        share = 100.0 * good / total if total else 100.0
        log(f"| {exporter} {versions[exporter]} | {total} | {good} | {share:.1f} % "
            f"| {len(missing)} | {len(labels)} |")
    log()
    for exporter, (_, missing, labels) in results.items():
        if missing:
            log(f"{exporter}, names dbscope does not serve ({len(missing)}): "
                + ", ".join(f"`{n}`" for n in missing))
            log()
        if labels:
            log(f"{exporter}, names dbscope serves with other labels ({len(labels)}): "
                + "; ".join(f"`{n}` {{{', '.join(sorted(t))}}} vs {{{', '.join(sorted(o))}}}"
                            for n, (t, o) in labels.items()))
            log()


def main():
    an = exporters.Anchors("newest")
    versions = an.releases()
    run = Run("compat")
    try:
        exporters.install_missing(os.path.join(run.work, "apt.log"), anchors=False)
        ds = exporters.Dbscope(REPO, jar_copy(run.work))
        pg, my, rd = run.servers(PASSWORD)
        rd.client.call("XADD", "compat-stream", "*", "field", "1")
        log = run.log
        log(f"**compat.sh, run of {datetime.datetime.now().isoformat(timespec='seconds')}**")
        log()
        log(f"- exporters (Debian trixie): " + ", ".join(f"{n} {v}" for n, v in versions.items()))
        log(f"- servers: PostgreSQL {pg.version()}, MariaDB {my.version()}, Redis {rd.version()}")
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, cwd=REPO).stdout.strip()
        log(f"- dbscope: {os.environ.get('DBSCOPE_JAR', 'dbscope-server/target/dbscope.jar')}"
            f" (checkout at {head})")
        log("- names are sample names (`_bucket`, `_sum`, `_count` each count); labels are label"
            " names, dbscope's `datasource` label left out; the exporters' Go runtime families"
            " (`go_*`, `process_*`, `promhttp_*`) left out. dbscope is read through"
            " `/probe?target=<datasource>`, one datasource per engine.")
        log()
        for everything in (False, True):
            ex = start_exporters(run, an, pg, my, rd, everything)
            dbs, optional_key = start_dbscope(run, ds, pg, my, rd, everything)
            results = {}
            for name, exporter in ex.items():
                theirs = series(scrape_twice(exporter.url))
                ours = series(scrape_twice(f"{dbs.base}/probe?target={TARGETS[name]}"),
                              skip=RUNTIME + ("jvm_", "dbscope_"))
                results[name] = compare(theirs, ours)
            report(log, "Every optional collector on" if everything else "Default flags",
                   versions, results, optional_key)
            for e in list(ex.values()) + [dbs]:
                e.stop()
    finally:
        run.close()
    if os.environ.get("NO_DOCS") != "1":
        docs.update(os.path.join(REPO, "docs", "compatibility.md"), "compat",
                    "Names and labels against the newest exporters", run.log.text())
        print(f"results: {run.out} and docs/compatibility.md")


if __name__ == "__main__":
    main()

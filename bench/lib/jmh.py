"""bench/jmh.sh: runs the JMH benchmarks of dbscope-bench and puts their table in
docs/benchmarks.md (the previous table moves to History)."""

import csv
import datetime
import os
import subprocess
import sys

import docs
import measure
import procs
from compare import REPO, commit

ARGS = os.environ.get("JMH_ARGS", "-f 1 -wi 2 -i 3").split()


def main():
    jar = os.path.join(REPO, "dbscope-bench", "target", "benchmarks.jar")
    java = os.path.join(procs.java_home(REPO), "bin", "java")
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    os.makedirs(os.path.join(REPO, "bench", "results"), exist_ok=True)
    out = os.path.join(REPO, "bench", "results", f"{stamp}-jmh.md")
    result = os.path.join(REPO, "bench", "results", f"{stamp}-jmh.csv")
    log = measure.Log(out)
    load0 = procs.loadavg()
    cmd = [java, "-jar", jar] + ARGS + ["-rf", "csv", "-rff", result] + sys.argv[1:]
    print(" ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)
    m = measure.machine()
    jdk = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    log(f"**jmh.sh, run of {datetime.datetime.now().isoformat(timespec='seconds')}**")
    log()
    log(f"- machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']}, Linux {m['kernel']}; "
        f"load average at start {load0}, at the end {procs.loadavg()}")
    log(f"- dbscope {commit()}, {jdk}")
    log(f"- `java -jar dbscope-bench/target/benchmarks.jar {' '.join(ARGS + sys.argv[1:])}`")
    log()
    log("| benchmark | what | mode | score | error (99.9%) | unit |")
    log("|---|---|---|---:|---:|---|")
    with open(result) as f:
        for row in csv.DictReader(f):
            full, _, secondary = row["Benchmark"].partition(":")
            name = full.rsplit(".", 2)
            short = f"{name[-2]}.{name[-1]}"
            # @Param values (JdbcOverheadBenchmark's driver and instrumentation) and -prof gc's
            # secondary results (gc.alloc.rate.norm: bytes per operation) name their row.
            params = ", ".join(f"{k[7:]}={v}" for k, v in row.items()
                               if k.startswith("Param: ") and v)
            what = WHAT.get(short, "")
            short += (f" [{params}]" if params else "") + (f" {secondary}" if secondary else "")
            err = row["Score Error (99.9%)"]
            err = "—" if err in ("", "NaN") else f"{float(err):.1f}"
            log(f"| {short} | {what} | {row['Mode']} | "
                f"{float(row['Score']):.1f} | {err} | {row['Unit']} |")
    log()
    if os.environ.get("NO_DOCS") != "1":
        docs.update(os.path.join(REPO, "docs", "benchmarks.md"), "jmh", "Hot paths (JMH)",
                    log.text())
        print(f"results: {out} and docs/benchmarks.md")


WHAT = {
    "ExpositionBenchmark.buildAndWriteText": "10,000 samples: merge into an Exposition + text",
    "ExpositionBenchmark.writeText": "10,000 samples: text format only",
    "ExpositionBenchmark.writeOpenMetrics": "10,000 samples: OpenMetrics only",
    "JdbcOverheadBenchmark.statement": "one statement: prepare, bind, execute, read 1 row, close",
    "RedisInfoBenchmark.parse": "parse INFO all of Redis 7.0.15",
    "RedisInfoBenchmark.parseAndMap": "parse + every built-in INFO definition mapped",
    "RowMapperBenchmark.map1000Rows": "1,000 rows × 12 value columns → samples",
    "StatementDeltaBenchmark.update": "10,000 fingerprints: deltas + top-N",
    "StatementDeltaBenchmark.updateAndExport": "10,000 fingerprints: deltas + top-N + export",
}

if __name__ == "__main__":
    main()

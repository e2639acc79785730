"""Start-up and memory of the Debian package (bench/aot.sh, bench/memory.sh).

The package is unpacked into a temp dir (dpkg-deb -x) and started through its own launcher,
/usr/bin/dbscope, as a user's systemd would, so that the runtime, the flags and the AOT cache are
the package's. Redis servers are private ones on free loopback ports (Debian's redis-server).

aot:    start to ready (wall), CPU until ready, CPU and latency of the first scrape, and the
        steady-state CPU per scrape after WARMUP scrapes, with the AOT cache, without it (the
        runtime's default CDS archive) and with neither (-XX:AOTMode=off), in turn RUNS times;
        medians.
memory: RSS and Native Memory Tracking after SCRAPES scrapes of one datasource and of a fleet,
        under the launcher's flags and under each variant of FLAG_SETS (';'-separated).
"""

import glob
import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import procs

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unpack(work):
    debs = glob.glob(os.path.join(REPO, "dbscope-dist", "target", "dbscope_*.deb"))
    if not debs:
        sys.exit("no dbscope-dist/target/dbscope_*.deb: run ./mvnw -pl dbscope-dist -am package first")
    root = os.path.join(work, "root")
    subprocess.run(["dpkg-deb", "-x", debs[0], root], check=True)
    return root, os.path.basename(debs[0])


class Redis:
    def __init__(self, work):
        self.port = free_port()
        d = os.path.join(work, f"redis-{self.port}")
        os.makedirs(d)
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", d, "--maxclients", "10000"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def config(path, port, redis_ports, n):
    lines = [f'listenAddress = "127.0.0.1:{port}"', 'logLevel = "warn"']
    for i in range(n):
        lines += ["", "[[datasource]]", f'name = "redis-{i}"', 'engine = "redis"',
                  f'dbHost = "127.0.0.1:{redis_ports[i % len(redis_ports)]}"',
                  # one connection each, no periodic PING between scrapes
                  "maxOpenConns = 1", "healthCheckInterval = 600"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def get(url, timeout=30):
    """GET with Prometheus's timeout header, and its Accept and Accept-Encoding where ACCEPT and
    GZIP=1 ask for them (procs)."""
    headers = {"X-Prometheus-Scrape-Timeout-Seconds": "25", "Accept": procs.ACCEPT}
    if procs.GZIP:
        headers["Accept-Encoding"] = "gzip"
    req = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        body = r.read()
        if r.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return r.status, body


class Dbscope:
    def __init__(self, root, work, cfg, port, java_opts=""):
        # Words of the form NAME=value are environment variables (MALLOC_ARENA_MAX=2), the rest
        # JVM flags.
        # NOCACHE: the package without its AOT cache (the file moved away while this process
        # runs), so that the runtime's default CDS archive serves, as it would for a user.
        words = java_opts.split()
        self.moved = None
        if "NOCACHE" in words:
            words.remove("NOCACHE")
            cache = os.path.join(root, "usr/lib/dbscope/dbscope.aot")
            self.moved = (cache, cache + ".off")
            os.rename(*self.moved)
        env = dict(w.split("=", 1) for w in words if re.match(r"[A-Z_]+=", w))
        env.update({"PATH": "/usr/bin:/bin", "HOME": work, "DBSCOPE_JAVA_OPTS":
                    " ".join(w for w in words if not re.match(r"[A-Z_]+=", w))})
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(os.path.join(work, f"dbscope-{port}.log"), "w")
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen([os.path.join(root, "usr/bin/dbscope"), "run", "--config", cfg],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.pid = self.proc.pid

    def ready(self, timeout=120):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dbscope exited, see {self.log.name}")
            try:
                if get(self.url + "/-/ready", 1)[0] == 200:
                    return time.monotonic() - self.t0
            except OSError:
                pass
            time.sleep(0.005)
        raise RuntimeError("dbscope not ready")

    def scrape(self):
        status, body = get(self.url + "/metrics", 60)
        return body

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        self.log.close()
        if self.moved:
            os.rename(self.moved[1], self.moved[0])


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def jcmd_nmt(root_java_home, pid):
    """NMT summary of a running JVM. The package's runtime has no jcmd: the build JDK's is used
    (the same JDK version)."""
    jcmd = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jcmd")
    out = subprocess.run([jcmd, str(pid), "VM.native_memory", "summary", "scale=KB"],
                         capture_output=True, text=True, timeout=60).stdout
    cats = {}
    for m in re.finditer(r"^-\s+([A-Za-z ]+?) \(reserved=\d+KB, committed=(\d+)KB", out, re.M):
        cats[m.group(1).strip()] = int(m.group(2)) / 1024
    total = re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", out)
    return (int(total.group(1)) / 1024 if total else None), cats


def live_heap_mb(pid):
    """Used heap right after a full collection (jcmd GC.run, then GC.heap_info): what the data
    needs, whatever the collector keeps committed."""
    jcmd = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jcmd")
    subprocess.run([jcmd, str(pid), "GC.run"], capture_output=True, timeout=120)
    out = subprocess.run([jcmd, str(pid), "GC.heap_info"], capture_output=True, text=True,
                         timeout=60).stdout
    used = [int(k) for k in re.findall(r"(?m)^\S.*?\s+total \d+K, used (\d+)K", out)]
    return sum(used) / 1024 if used else float("nan")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def aot(root, work, deb):
    runs = int(os.environ.get("RUNS", 5))
    warmup = int(os.environ.get("WARMUP", 200))
    redis = Redis(work)
    # VARIANTS="label=flags;label=flags" compares other flags (added after the launcher's).
    spec = os.environ.get("VARIANTS", "AOT cache=;no cache (default CDS)=NOCACHE;"
                          "neither (AOTMode off)=-XX:AOTMode=off")
    opts = dict(v.split("=", 1) for v in spec.split(";"))
    roots = {name: root for name in opts}
    # BASELINE=other.deb: each variant of that package too, in the same alternation (A/B of two
    # builds under the same load).
    if os.environ.get("BASELINE"):
        base = os.path.join(work, "baseline")
        subprocess.run(["dpkg-deb", "-x", os.environ["BASELINE"], base], check=True)
        for name in list(opts):
            label = f"{name}, {os.path.basename(os.environ['BASELINE'])}"
            opts[label], roots[label] = opts[name], base
    results = {name: [] for name in opts}
    try:
        for _ in range(runs):
            for name in results:
                port = free_port()
                cfg = os.path.join(work, f"aot-{port}.toml")
                config(cfg, port, [redis.port], 1)
                ds = Dbscope(roots[name], work, cfg, port, opts[name])
                try:
                    ready = ds.ready()
                    c0 = cpu(ds.pid)
                    t = time.monotonic()
                    ds.scrape()
                    first_ms = (time.monotonic() - t) * 1000
                    first_cpu = (cpu(ds.pid) - c0) * 1000
                    for _ in range(warmup):
                        ds.scrape()
                    c1 = cpu(ds.pid)
                    for _ in range(50):
                        ds.scrape()
                    steady = (cpu(ds.pid) - c1) / 50 * 1000
                    results[name].append((ready, c0, first_ms, first_cpu, steady, rss_mb(ds.pid)))
                finally:
                    ds.stop()
    finally:
        redis.stop()
    print(f"bench/aot.sh: {deb}, one Redis datasource; {runs} runs of each, alternating; medians;"
          f" steady state = CPU per scrape over 50 scrapes after {warmup}; load average {loadavg()}")
    print()
    print("| | start to ready s | CPU until ready s | first scrape ms | first scrape CPU ms |"
          " steady CPU ms / scrape | first / steady | RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, rows in results.items():
        cols = list(zip(*rows))
        m = [median(c) for c in cols]
        print(f"| {name} | {m[0]:.2f} | {m[1]:.2f} | {m[2]:.1f} | {m[3]:.0f} | {m[4]:.2f} |"
              f" {m[3] / m[4]:.1f}x | {m[5]:.0f} |")


def memory(root, work, deb):
    scrapes = int(os.environ.get("SCRAPES", 1000))
    fleet = int(os.environ.get("FLEET", 1000))
    fleet_scrapes = int(os.environ.get("FLEET_SCRAPES", 20))
    variants = [(v.strip(), root, "") for v in os.environ.get("FLAG_SETS", "").split(";")]
    # BASELINE=other.deb: each variant of that package too, right after this one's (A/B).
    if os.environ.get("BASELINE"):
        base = os.path.join(work, "baseline")
        subprocess.run(["dpkg-deb", "-x", os.environ["BASELINE"], base], check=True)
        label = f", {os.path.basename(os.environ['BASELINE'])}"
        variants = [v for flags, _, _ in variants
                    for v in ((flags, root, ""), (flags, base, label))]
    servers = [Redis(work) for _ in range(int(os.environ.get("REDIS_SERVERS", 4)))]
    rows = []
    try:
        for n, count in ((1, scrapes), (fleet, fleet_scrapes)):
            if n == 0 or count == 0:
                continue
            for flags, build, label in variants:
                for nmt in (False, True):
                    port = free_port()
                    cfg = os.path.join(work, f"mem-{port}.toml")
                    config(cfg, port, [s.port for s in servers], n)
                    opts = (flags + (" -XX:NativeMemoryTracking=summary" if nmt else "")).strip()
                    ds = Dbscope(build, work, cfg, port, opts)
                    try:
                        ds.ready()
                        c0 = cpu(ds.pid)
                        t = []
                        for _ in range(count):
                            s = time.monotonic()
                            ds.scrape()
                            t.append(time.monotonic() - s)
                        cpu_ms = (cpu(ds.pid) - c0) / count * 1000
                        if nmt:
                            total, cats = jcmd_nmt(root, ds.pid)
                            rows[-1].update(nmt_total=total, cats=cats)
                        else:
                            rss = rss_mb(ds.pid)
                            rows.append(dict(n=n, flags=(flags or "(launcher's)") + label,
                                             scrapes=count,
                                             median_ms=median(t) * 1000, cpu_ms=cpu_ms,
                                             rss=rss, live=live_heap_mb(ds.pid)))
                    finally:
                        ds.stop()
    finally:
        for s in servers:
            s.stop()
    print(f"bench/memory.sh: {deb}; Redis datasources on {len(servers)} Redis servers; RSS after the"
          f" scrapes; NMT (committed MB) in a second process with the same flags; load average"
          f" {loadavg()}")
    print()
    print("| datasources | added flags | scrapes | median ms | CPU ms / scrape | RSS MB |"
          " live heap after full GC | NMT total | heap | metaspace + class space | shared classes (CDS/AOT) | code | thread stacks | GC |"
          " compiler + arena | other |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        c = r.get("cats", {})
        heap = c.get("Java Heap", 0)
        meta = c.get("Class", 0) + c.get("Metaspace", 0)
        shared = c.get("Shared class space", 0)
        code = c.get("Code", 0)
        thread = c.get("Thread", 0) + c.get("Thread Stack", 0)
        gc = c.get("GC", 0)
        comp = c.get("Compiler", 0) + c.get("Arena Chunk", 0)
        total = r.get("nmt_total") or 0
        other = total - heap - meta - shared - code - thread - gc - comp
        print(f"| {r['n']} | {r['flags']} | {r['scrapes']} | {r['median_ms']:.1f} | {r['cpu_ms']:.1f} |"
              f" {r['rss']:.0f} | {r['live']:.1f} | {total:.0f} | {heap:.0f} | {meta:.0f} | {shared:.0f} | {code:.0f} |"
              f" {thread:.0f} | {gc:.0f} | {comp:.0f} | {other:.0f} |")


def main():
    work = tempfile.mkdtemp(prefix="dbscope-pkg-bench-")
    try:
        root, deb = unpack(work)
        {"aot": aot, "memory": memory}[sys.argv[1]](root, work, deb)
    finally:
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

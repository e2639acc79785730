"""bench/cluster.sh: cluster mode (issue 19). The rendezvous simulation, then 3 instances x N/3
datasources against 1 instance x N (Redis datasources on a few real redis-servers), and the time
to full coverage after a kill -9."""

import datetime
import json
import os
import signal
import subprocess
import tempfile
import time
import urllib.request

import measure
import procs
from compare import REPO, commit
from measure import Log, median, percentile
from servers import Redis, free_port

N = int(os.environ.get("DATASOURCES", 3000))
REDIS_SERVERS = int(os.environ.get("REDIS_SERVERS", 4))
SCRAPES = int(os.environ.get("SCRAPES", 10))
WARMUP = int(os.environ.get("WARMUP", 3))
LEASE = os.environ.get("LEASE", "15s")
SETTLE = os.environ.get("SETTLE", "5s")
JAVA = os.path.join(os.environ["JAVA_HOME"], "bin", "java")
FLAGS = ["-Xmx512m", "-XX:+UseSerialGC"]


def config(path, servers, cluster_redis=None):
    lines = ['listenAddress = "127.0.0.1:${DBSCOPE_PORT}"', 'eventLog = "off"',
             'collectStrategy = "concurrent"']
    if cluster_redis:
        lines += ["[cluster]", f'redis = "127.0.0.1:{cluster_redis.port}"',
                  'advertise = "http://127.0.0.1:${DBSCOPE_PORT}"', f'lease = "{LEASE}"',
                  f'settle = "{SETTLE}"']
    for i in range(N):
        s = servers[i % len(servers)]
        lines += ["[[datasource]]", f'name = "redis-{i:04d}"', 'engine = "redis"',
                  f'dbHost = "127.0.0.1:{s.port}"', f'database = "{(i // len(servers)) % 16}"',
                  "maxOpenConns = 1", "maxIdleConns = 1"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


class Instance:
    def __init__(self, work, cfg, name):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = os.path.join(work, f"{name}.log")
        env = dict(os.environ, DBSCOPE_PORT=str(self.port))
        with open(self.log, "w") as out:
            self.proc = subprocess.Popen(
                [JAVA] + FLAGS + ["-cp", os.environ["DBSCOPE_CP"], "io.dbscope.server.Main",
                                  "run", "--config", cfg],
                stdout=out, stderr=subprocess.STDOUT, env=env)
        self.pid = self.proc.pid

    def ready(self, seconds=120):
        procs.wait_http(self.base + "/-/ready", seconds, self.proc, self.log)

    def cluster(self):
        try:
            with urllib.request.urlopen(self.base + "/api/v1/cluster", timeout=2) as r:
                return json.load(r)
        except OSError:
            return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def owned(instances):
    views = [i.cluster() for i in instances]
    if any(v is None for v in views):
        return None
    return [set(v["owned"]) for v in views]


def covered(instances):
    o = owned(instances)
    if o is None:
        return False
    return sum(len(s) for s in o) == N and len(set().union(*o)) == N


def measure_instances(instances):
    """Scrapes every instance's /metrics in turn: latency, CPU per scrape, RSS."""
    out = []
    for ex in instances:
        for _ in range(WARMUP):
            procs.scrape(ex.base + "/metrics", 30, 120)
        c0 = procs.cpu_seconds(ex.pid)
        lat = []
        up = 0
        for _ in range(SCRAPES):
            s = procs.scrape(ex.base + "/metrics", 30, 120)
            lat.append(s.seconds)
            if s.status == 200:
                ups = procs.up_values(s.body, ("dbscope_datasource_up",))
                up = sum(1 for u in ups if float(u.rsplit("=", 1)[1]) == 1)
        cpu = (procs.cpu_seconds(ex.pid) - c0) / SCRAPES
        out.append((median(lat), percentile(lat, 99), cpu, procs.rss_mb(ex.pid), up))
    return out


def simulation(log):
    log("Simulation (no I/O): D datasources over M members with equal weights; moves when one"
        " member joins or leaves; time of one full assignment (median of 50, after warm-up).")
    log()
    log("| D | M | mean per member | min / max | sd | moved on a join | modulo on a join |"
        " moved on a leave | modulo on a leave | ms per assignment |")
    log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for m in (3, 10, 50):
        r = subprocess.run([JAVA, "-cp", os.environ["SIM_CP"],
                            "io.dbscope.cluster.RendezvousSimulation", "10000", str(m)],
                           capture_output=True, text=True, check=True)
        log(r.stdout.strip())
    log()


def main():
    work = tempfile.mkdtemp(prefix="dbscope-cluster-")
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    os.makedirs(os.path.join(REPO, "bench", "results"), exist_ok=True)
    log = Log(os.path.join(REPO, "bench", "results", f"{stamp}-cluster.md"))
    m = measure.machine()
    log(f"**cluster.sh, run of {datetime.datetime.now().isoformat(timespec='seconds')}**")
    log()
    log(f"- machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']}; load average at start "
        f"{procs.loadavg()} (the machine is shared with other work: absolute figures are noisy)")
    log(f"- dbscope {commit()}, JVM flags `{' '.join(FLAGS)}`")
    log()
    if os.environ.get("SKIP_SIM") != "1":
        simulation(log)
    if os.environ.get("SKIP_FLEET") == "1":
        return
    running = []
    try:
        servers = [Redis(work, f"redis-{i}").start() for i in range(REDIS_SERVERS)]
        running += servers
        store = Redis(work, "cluster-store").start()
        running.append(store)
        single_cfg = os.path.join(work, "single.toml")
        cluster_cfg = os.path.join(work, "cluster.toml")
        config(single_cfg, servers)
        config(cluster_cfg, servers, store)

        one = Instance(work, single_cfg, "single")
        running.append(one)
        one.ready()
        single = measure_instances([one])[0]
        one.stop()
        running.remove(one)

        three = [Instance(work, cluster_cfg, f"member-{i}") for i in range(3)]
        running += three
        for ex in three:
            ex.ready()
        t0 = time.time()
        while not covered(three):
            time.sleep(0.2)
            if time.time() - t0 > 180:
                raise RuntimeError("the three instances did not cover every datasource")
        shares = [len(s) for s in owned(three)]
        members = measure_instances(three)

        log(f"Fleet: {N} Redis datasources (engine redis, default collectors, one connection "
            f"each) on {REDIS_SERVERS} redis-servers; lease {LEASE}, settle {SETTLE}. "
            f"{WARMUP} warm-up scrapes, then {SCRAPES} scrapes of each instance's /metrics in "
            f"turn (one at a time, so the figures are per instance, not under contention).")
        log()
        log("| setup | datasources scraped | scrape median s | p99 s | CPU s / scrape | RSS MB |"
            " datasources up |")
        log("|---|---:|---:|---:|---:|---:|---:|")
        log(f"| 1 instance | {N} | {single[0]:.3f} | {single[1]:.3f} | {single[2]:.3f} | "
            f"{single[3]:.0f} | {single[4]} |")
        for i, (r, n) in enumerate(zip(members, shares)):
            log(f"| cluster member {i + 1} of 3 | {n} | {r[0]:.3f} | {r[1]:.3f} | {r[2]:.3f} | "
                f"{r[3]:.0f} | {r[4]} |")
        log()

        victim = three[0]
        lost = len(owned(three)[0])
        t0 = time.time()
        os.kill(victim.pid, signal.SIGKILL)
        victim.proc.wait()
        rest = three[1:]
        while not covered(rest):
            time.sleep(0.1)
        took = time.time() - t0
        log(f"kill -9 of member 1 (owning {lost}): every datasource owned again after "
            f"{took:.1f} s (lease {LEASE}, settle {SETTLE}; bound: lease + lease/3 + settle).")
        log()
    finally:
        for r in reversed(running):
            r.stop()


if __name__ == "__main__":
    main()

"""A/B measurement of exporters against the same servers, and the tables that show it.

Each exporter is scraped in blocks, A/B/A/B, so that machine drift (other processes, the page
cache, CPU frequency) hits both. Around each block the harness reads the exporter's CPU time and
the servers' counters of its statements and new connections; the figures are sums over the
blocks divided by the scrapes."""

import math
import os
import time

import procs


class Counters:
    """Server-side counters attributed to one exporter. snapshot() returns cumulative
    (statements, new connections); probe is how many statements each snapshot itself adds to the
    next window (Redis counts server-wide, so its INFO shows up there)."""

    def __init__(self, snapshot, probe=0, detail=None):
        self.snapshot = snapshot
        self.probe = probe
        self.detail = detail or (lambda: "")

    @staticmethod
    def none():
        return Counters(lambda: (0, 0))

    @staticmethod
    def per_user(server, user):
        return Counters(lambda: (server.statements(user), server.connections(user)),
                        detail=lambda: server.statement_list(user))

    @staticmethod
    def redis(servers):
        def snap():
            st = cn = 0
            for s in servers:
                info = s.client.info()
                st += int(info["total_commands_processed"])
                cn += int(info["total_connections_received"])
            return st, cn
        return Counters(snap, probe=len(servers))


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a list of numbers."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(1, math.ceil(p / 100 * len(s)))
    return s[k - 1]


def median(values):
    if not values:
        return float("nan")
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


class Result:
    def __init__(self, name):
        self.name = name
        self.latencies = []
        self.cpu = 0.0
        self.statements = 0
        self.connections = 0
        self.errors = 0
        self.scrapes = 0
        self.rss = 0.0
        self.held = 0
        self.samples = 0
        self.families = set()
        self.db_families = set()
        self.threads = 0
        self.last_body = ""

    def figures(self):
        n = max(self.scrapes, 1)
        return {
            "latency median ms": median(self.latencies) * 1000,
            "latency p90 ms": percentile(self.latencies, 90) * 1000,
            "latency max ms": max(self.latencies) * 1000 if self.latencies else float("nan"),
            "CPU ms / scrape": self.cpu * 1000 / n,
            "RSS MB after": self.rss,
            "statements / scrape": self.statements / n,
            "new connections / scrape": self.connections / n,
            "connections held": self.held,
            "samples": self.samples,
            "metric families": len(self.families),
            "database families": len(self.db_families),
            "failed scrapes": self.errors,
        }


def ab(targets, scrapes, block=10, warmup=20, timeout_header=10.0, interval=0.0):
    """Scrapes each target `scrapes` times after `warmup` scrapes, in alternating blocks.

    targets: list of (Exporter, Counters, server ports for "connections held").
    Returns a Result per target, in order."""
    for ex, _, _ in targets:
        for _ in range(warmup):
            ex.scrape(timeout_header)
    results = [Result(ex.name) for ex, _, _ in targets]
    rounds = math.ceil(scrapes / block)
    for r in range(rounds):
        n = min(block, scrapes - r * block)
        for (ex, counters, _), res in zip(targets, results):
            st0, cn0 = counters.snapshot()
            c0 = ex.cpu()
            for _ in range(n):
                s = ex.scrape(timeout_header)
                res.latencies.append(s.seconds)
                res.scrapes += 1
                if s.status != 200:
                    res.errors += 1
                else:
                    res.last_body = s.body
                if interval:
                    time.sleep(interval)
            c1 = ex.cpu()
            st1, cn1 = counters.snapshot()
            res.cpu += c1 - c0
            res.statements += st1 - st0 - counters.probe
            res.connections += cn1 - cn0
    for (ex, _, ports), res in zip(targets, results):
        res.rss = ex.rss()
        res.threads = ex.threads()
        res.held = ex.held(ports)
        res.samples, res.families = procs.parse(res.last_body)
        res.db_families = procs.db_families(res.families)
    return results


def fmt(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "—"
        if abs(v) >= 100:
            return f"{v:.0f}"
        if abs(v) >= 10:
            return f"{v:.1f}"
        return f"{v:.2f}"
    return str(v)


def ratio(a, b):
    if isinstance(a, float) and math.isnan(a) or isinstance(b, float) and math.isnan(b):
        return "—"
    if b == 0:
        return "—" if a == 0 else "∞"
    return f"{a / b:.2f}×"


def pair_table(a, b):
    """Markdown table: figure | a | b | a/b."""
    fa, fb = a.figures(), b.figures()
    lines = [f"| figure | {a.name} | {b.name} | ratio |", "|---|---:|---:|---:|"]
    for k in fa:
        lines.append(f"| {k} | {fmt(fa[k])} | {fmt(fb[k])} | {ratio(fa[k], fb[k])} |")
    missing = sorted(b.db_families - a.db_families)
    lines.append("")
    lines.append(f"{b.name}'s database families missing in {a.name}: {len(missing)}"
                 + (" (" + ", ".join(missing[:40]) + (" …" if len(missing) > 40 else "") + ")"
                    if missing else ""))
    return "\n".join(lines)


def write_families(path, a, b):
    """The family lists of both sides, for checking coverage by hand."""
    with open(path, "w") as f:
        f.write(f"# {a.name}: {len(a.families)} families\n")
        f.write("\n".join(sorted(a.families)) + "\n")
        f.write(f"\n# {b.name}: {len(b.families)} families\n")
        f.write("\n".join(sorted(b.families)) + "\n")
        f.write(f"\n# in {b.name}, not in {a.name} (database families)\n")
        f.write("\n".join(sorted(b.db_families - a.db_families)) + "\n")


class Log:
    """Prints and keeps the markdown of a run, for the console and docs/benchmarks.md."""

    def __init__(self, path):
        self.path = path
        self.parts = []

    def __call__(self, text=""):
        print(text, flush=True)
        self.parts.append(text)
        with open(self.path, "a") as f:
            f.write(text + "\n")

    def text(self):
        return "\n".join(self.parts)


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // 1024
    return {
        "cpus": os.cpu_count(),
        "cpu": model,
        "memory": f"{mem / 1024:.1f} GiB",
        "kernel": os.uname().release,
    }

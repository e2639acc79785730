"""The processes under test: dbscope (the jar, with the launcher's JVM flags) and the community
exporters, Debian 12's packages or the newest releases (Debian 13's builds, unpacked), each on its
own loopback port with its own log."""

import os
import re
import shutil
import subprocess
import time

import procs
from servers import free_port, stop

ANCHOR_PACKAGES = {
    "postgres_exporter": ("prometheus-postgres-exporter", "/usr/bin/prometheus-postgres-exporter"),
    "mysqld_exporter": ("prometheus-mysqld-exporter", "/usr/bin/prometheus-mysqld-exporter"),
    "redis_exporter": ("prometheus-redis-exporter", "/usr/bin/prometheus-redis-exporter"),
}


# Binaries the harness runs, and the Debian package of each.
TOOLS = {
    "/usr/lib/postgresql/15/bin/postgres": "postgresql-15",
    "/usr/lib/postgresql/15/lib/pg_stat_statements.so": "postgresql-15",
    "/usr/lib/postgresql/15/bin/pgbench": "postgresql-client-15",
    "/usr/sbin/mariadbd": "mariadb-server",
    "/usr/bin/mysqlslap": "mariadb-client",
    "/usr/bin/redis-server": "redis-server",
    "/usr/bin/redis-benchmark": "redis-tools",
}


SERVICES = {"postgresql-15": "postgresql", "mariadb-server": "mariadb",
            "redis-server": "redis-server"}


def install_missing(log, extra=None, anchors=True):
    """apt-get installs the packages whose binaries are missing: the servers and tools, the
    exporters, and `extra` ({binary: package}). A policy-rc.d that exits 101 keeps the packages
    from starting their services during the install; any service that started anyway is stopped
    and disabled."""
    wanted = dict(TOOLS)
    if anchors:
        wanted.update({binary: pkg for pkg, binary in ANCHOR_PACKAGES.values()})
    wanted.update(extra or {})
    missing = sorted({pkg for binary, pkg in wanted.items() if not os.path.exists(binary)})
    if not missing:
        return
    if os.geteuid() != 0:
        raise RuntimeError("missing " + " ".join(missing) + ": install them (apt-get install -y "
                           + " ".join(missing) + ") or run as root")
    print("installing " + " ".join(missing) + "...", flush=True)
    policy = "/usr/sbin/policy-rc.d"
    saved = None
    if os.path.exists(policy):
        saved = policy + ".dbscope-bench"
        shutil.move(policy, saved)
    try:
        with open(policy, "w") as f:
            f.write("#!/bin/sh\nexit 101\n")
        os.chmod(policy, 0o755)
        with open(log, "a") as out:
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            subprocess.run(["apt-get", "update", "-qq"], stdout=out, stderr=subprocess.STDOUT,
                           env=env)
            subprocess.run(["apt-get", "install", "-y", "-q"] + missing, stdout=out,
                           stderr=subprocess.STDOUT, env=env, check=True)
    finally:
        os.remove(policy)
        if saved:
            shutil.move(saved, policy)
    for pkg in missing:
        service = pkg if pkg.startswith("prometheus-") else SERVICES.get(pkg)
        if service and shutil.which("systemctl"):
            subprocess.run(["systemctl", "disable", "--now", service], capture_output=True)


NEWEST_DIR = os.environ.get("NEWEST_DIR", "/var/cache/dbscope-bench/newest-exporters")


def newest(cache=NEWEST_DIR):
    """{exporter: binary} of the newest exporters, Debian 13's (trixie) builds, downloaded and
    unpacked once into `cache` without installing them: a private apt state whose only source is
    the machine's own Debian mirror with suite trixie."""
    binaries = {n: os.path.join(cache, "usr", "bin", pkg)
                for n, (pkg, _) in ANCHOR_PACKAGES.items()}
    if all(os.path.exists(b) for b in binaries.values()):
        return binaries
    state = os.path.join(cache, "apt")
    for d in ("state/lists/partial", "cache/archives/partial", "debs"):
        os.makedirs(os.path.join(state, d), exist_ok=True)
    uri = "http://deb.debian.org/debian"
    src = "/etc/apt/sources.list.d/debian.sources"
    if os.path.exists(src):
        for line in open(src):
            if line.startswith("URIs:"):
                uri = line.split()[1]
                break
    with open(os.path.join(state, "sources.list"), "w") as f:
        f.write(f"deb {uri} trixie main\n")
    opts = ["-q", "-o", f"Dir::State={state}/state", "-o", f"Dir::Cache={state}/cache",
            "-o", f"Dir::Etc::SourceList={state}/sources.list",
            "-o", "Dir::Etc::SourceParts=/dev/null"]
    print("fetching the newest exporters from Debian trixie...", flush=True)
    subprocess.run(["apt-get"] + opts + ["update"], check=True, capture_output=True)
    debs = os.path.join(state, "debs")
    subprocess.run(["apt-get"] + opts + ["download"] + [p for p, _ in ANCHOR_PACKAGES.values()],
                   check=True, capture_output=True, cwd=debs)
    for deb in os.listdir(debs):
        subprocess.run(["dpkg-deb", "-x", os.path.join(debs, deb), cache], check=True)
    return binaries


def version(binary):
    """The exporter's Debian version, e.g. 0.17.1-1+b4: the Prometheus exporters print it as
    their build's revision, redis_exporter as its own version."""
    out = subprocess.run([binary, "--version"], capture_output=True, text=True)
    text = out.stdout + out.stderr
    m = re.search(r"revision: ([0-9][^)\s]*)", text) or \
        re.search(r"Exporter v?([0-9][^\s\"]*)", text)
    return m.group(1) if m else (text.strip().splitlines() or ["?"])[0]


def release(binary):
    """The upstream release of the exporter, e.g. 0.17.1."""
    return version(binary).split("-")[0]


class Exporter:
    """One running exporter: its process, the URL Prometheus would scrape, and the identity the
    servers count its statements and connections under."""

    def __init__(self, name, cmd, url, log, env=None, user=None):
        self.name = name
        self.url = url
        self.base = url.rsplit("/", 1)[0]
        self.log = log
        self.user = user
        self.proc = subprocess.Popen(cmd, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                                     env=dict(os.environ, **(env or {})))

    @property
    def pid(self):
        return self.proc.pid

    def ready(self, path=None, seconds=120):
        procs.wait_http(self.url if path is None else self.base + path, seconds, self.proc,
                        self.log)
        return self

    def alive(self):
        return self.proc.poll() is None

    def scrape(self, timeout_header=10.0, client_timeout=30.0):
        return procs.scrape(self.url, timeout_header, client_timeout)

    def cpu(self):
        return procs.cpu_seconds(self.pid)

    def rss(self):
        return procs.rss_mb(self.pid)

    def threads(self):
        return procs.threads(self.pid)

    def held(self, ports):
        return procs.connections_to(self.pid, ports)

    def stop(self):
        stop(self.proc)


class Anchors:
    """The community exporters a run measures against, started the same way whichever build they
    are: Debian 12's packages (installed) or the newest releases, Debian 13's builds (unpacked by
    newest()). Their flags are the same in both: mysqld_exporter reads host, port and credentials
    from --config.my-cnf, which 0.14 and 0.17 both take."""

    KINDS = {"debian12": "Debian 12's packages",
             "newest": "the newest releases, Debian 13's builds unpacked from trixie"}

    def __init__(self, kind):
        if kind not in self.KINDS:
            raise ValueError(f"ANCHORS={kind}: one of {', '.join(self.KINDS)}")
        self.kind = kind
        self.binaries = newest() if kind == "newest" else \
            {n: binary for n, (_, binary) in ANCHOR_PACKAGES.items()}

    def describe(self):
        return self.KINDS[self.kind] + ": " + ", ".join(
            f"{n} {version(b)}" for n, b in self.binaries.items())

    def releases(self):
        return {n: release(b) for n, b in self.binaries.items()}

    def postgres_exporter(self, workdir, name, dsn, user="pgexp", extra=()):
        port = free_port()
        log = os.path.join(workdir, f"{name}.log")
        cmd = [self.binaries["postgres_exporter"], f"--web.listen-address=127.0.0.1:{port}",
               "--log.level=warn"] + list(extra)
        return Exporter(name, cmd, f"http://127.0.0.1:{port}/metrics", log,
                        env={"DATA_SOURCE_NAME": dsn}, user=user)

    def mysqld_exporter(self, workdir, name, server_port, user, password, extra=()):
        port = free_port()
        log = os.path.join(workdir, f"{name}.log")
        cnf = os.path.join(workdir, f"{name}.my.cnf")
        with open(cnf, "w") as f:
            f.write(f"[client]\nuser={user}\npassword={password}\nhost=127.0.0.1\n"
                    f"port={server_port}\n")
        cmd = [self.binaries["mysqld_exporter"], f"--web.listen-address=127.0.0.1:{port}",
               f"--config.my-cnf={cnf}", "--log.level=warn"] + list(extra)
        return Exporter(name, cmd, f"http://127.0.0.1:{port}/metrics", log, user=user)

    def redis_exporter(self, workdir, name, addr, extra=()):
        port = free_port()
        log = os.path.join(workdir, f"{name}.log")
        cmd = [self.binaries["redis_exporter"], f"--redis.addr={addr}",
               f"--web.listen-address=127.0.0.1:{port}", "--log-format=txt"] + list(extra)
        return Exporter(name, cmd, f"http://127.0.0.1:{port}/metrics", log)


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def dbscope_config(path, port, datasources, **globals_):
    """Writes a dbscope TOML config. Every datasource gets healthCheckInterval = 600 unless it says
    otherwise: the periodic PING would otherwise land in another exporter's block of scrapes and
    be counted on Redis, whose counters are server-wide."""
    lines = [f'listenAddress = "127.0.0.1:{port}"', 'logLevel = "warn"']
    lines += [f"{k} = {toml_value(v)}" for k, v in globals_.items()]
    for ds in datasources:
        ds = dict({"healthCheckInterval": 600}, **ds)
        lines.append("")
        lines.append("[[datasource]]")
        lines += [f"{k} = {toml_value(v)}" for k, v in ds.items()]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


class Dbscope:
    """How to start dbscope: the jar copied at the start of the run (so that a rebuild during the
    run changes nothing), the JDK the launcher picks and the launcher's JVM flags, plus
    DBSCOPE_JAVA_OPTS as the launcher adds them."""

    def __init__(self, repo, jar):
        self.java_home = procs.java_home(repo)
        self.java = os.path.join(self.java_home, "bin", "java")
        self.jcmd = os.path.join(self.java_home, "bin", "jcmd")
        self.flags = procs.java_flags(os.path.join(repo, "dbscope"))
        self.extra = os.environ.get("DBSCOPE_JAVA_OPTS", "").split()
        self.jar = jar

    def jdk_version(self):
        out = subprocess.run([self.java, "-version"], capture_output=True, text=True).stderr
        return out.splitlines()[0] if out else "?"

    def start(self, workdir, name, datasources, extra_flags=(), **globals_):
        port = free_port()
        config = os.path.join(workdir, f"{name}.toml")
        dbscope_config(config, port, datasources, **globals_)
        log = os.path.join(workdir, f"{name}.log")
        cmd = [self.java] + self.flags + self.extra + list(extra_flags) + \
            ["-jar", self.jar, "run", "--config", config]
        ex = Exporter(name, cmd, f"http://127.0.0.1:{port}/metrics", log, user="dbscope")
        ex.cmdline = cmd
        return ex


class Group:
    """Many exporters scraped as one round (a fleet of single-target anchors): a round scrapes
    every member, 8 at a time as a Prometheus server would; CPU, RSS and connections are sums."""

    def __init__(self, name, members, parallel=8):
        self.name = name
        self.members = members
        self.parallel = parallel
        self.user = None
        self.pool = None

    def scrape(self, timeout_header=10.0, client_timeout=30.0):
        from concurrent.futures import ThreadPoolExecutor
        if self.pool is None:
            # Kept from round to round: with KEEPALIVE=1 each thread keeps its connections.
            self.pool = ThreadPoolExecutor(self.parallel)
        start = time.perf_counter()
        out = list(self.pool.map(lambda m: m.scrape(timeout_header, client_timeout), self.members))
        bad = [s for s in out if s.status != 200]
        body = "\n".join(s.body for s in out)
        return procs.Scrape(0 if bad else 200, time.perf_counter() - start, body,
                            bad[0].error if bad else None)

    def cpu(self):
        return sum(m.cpu() for m in self.members)

    def rss(self):
        return sum(m.rss() for m in self.members)

    def threads(self):
        return sum(m.threads() for m in self.members)

    def held(self, ports):
        return sum(m.held(ports) for m in self.members)

    def stop(self):
        if self.pool is not None:
            self.pool.shutdown()
        for m in self.members:
            m.stop()

"""What the harness measures from outside a process: CPU time and RSS from /proc, the TCP
connections it holds to a server port, and timed HTTP scrapes of its metrics endpoint."""

import gzip
import http.client
import os
import re
import subprocess
import threading
import time
import urllib.parse

TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def cpu_seconds(pid):
    """utime + stime of every thread of the process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def tree_cpu_seconds(pid):
    """CPU seconds of a process and all its descendants, alive or reaped (a server that forks a
    backend per connection: PostgreSQL; or runs behind runuser)."""
    children = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(p))
    total, todo = 0.0, [pid]
    while todo:
        q = todo.pop()
        try:
            with open(f"/proc/{q}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime + stime, and cutime + cstime: the children it has reaped.
        total += sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICKS
        todo.extend(children.get(q, []))
    return total


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def smaps_summary(pid, top=12):
    """The process's RSS by kind (status lines) and its largest mappings by RSS, as text."""
    with open(f"/proc/{pid}/status") as f:
        status = [l.strip() for l in f if l.startswith(("VmRSS", "VmHWM", "RssAnon", "RssFile",
                                                          "RssShmem"))]
    maps, current = [], None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            head = line.split()
            if head and "-" in head[0] and not head[0].endswith(":"):
                current = [0, " ".join(head[5:]) or "[anon]", head[0]]
                maps.append(current)
            elif head and head[0] == "Rss:" and current is not None:
                current[0] = int(head[1])
    maps.sort(key=lambda m: -m[0])
    lines = status + [f"{kb / 1024:8.1f} MB  {name}  {span}" for kb, name, span in maps[:top]]
    return "\n".join(lines)


def threads(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return 0


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def _socket_inodes(pid):
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if link.startswith("socket:["):
                inodes.add(link[8:-1])
    except OSError:
        pass
    return inodes


def connections_to(pid, ports):
    """Established TCP connections from the process to any of the given (loopback) ports,
    read from /proc/net/tcp*: the client side of "connections held", the same for every engine."""
    inodes = _socket_inodes(pid)
    ports = set(ports)
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    if parts[3] != "01":  # ESTABLISHED
                        continue
                    remote_port = int(parts[2].rsplit(":", 1)[1], 16)
                    if remote_port in ports and parts[9] in inodes:
                        count += 1
        except OSError:
            pass
    return count


class Scrape:
    __slots__ = ("status", "seconds", "body", "error", "first_byte")

    def __init__(self, status, seconds, body, error=None, first_byte=None):
        self.status, self.seconds, self.body, self.error = status, seconds, body, error
        # Seconds until the status line and headers had arrived (the body not yet read).
        self.first_byte = first_byte


# The Accept header of every scrape. The text format by default; ACCEPT=prometheus sends what
# Prometheus 2.x sends (OpenMetrics first, the text format at q=0.5), any other value as it is.
PROMETHEUS_ACCEPT = ("application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                     "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
ACCEPT = {"": "text/plain;version=0.0.4", "prometheus": PROMETHEUS_ACCEPT}.get(
    os.environ.get("ACCEPT", ""), os.environ.get("ACCEPT", ""))
# GZIP=1: ask for gzip as Prometheus does on every scrape (Accept-Encoding: gzip), and unpack it.
GZIP = os.environ.get("GZIP") == "1"
# KEEPALIVE=1: keep one connection per target and thread from scrape to scrape, as Prometheus 2.x
# does for a target named by its address; by default every scrape opens a new connection.
KEEPALIVE = os.environ.get("KEEPALIVE") == "1"
_kept = threading.local()
# All three: the way Prometheus scrapes (a run of compare-exporters.sh gets blocks of its own).
AS_PROMETHEUS = GZIP and KEEPALIVE and ACCEPT == PROMETHEUS_ACCEPT


def _connection(host, port, timeout):
    """(connection, whether to close it after the scrape)."""
    if not KEEPALIVE:
        return http.client.HTTPConnection(host, port, timeout=timeout), True
    kept = getattr(_kept, "connections", None)
    if kept is None:
        kept = _kept.connections = {}
    conn = kept.get((host, port))
    if conn is None:
        conn = kept[(host, port)] = http.client.HTTPConnection(host, port, timeout=timeout)
    conn.timeout = timeout
    if conn.sock is not None:
        conn.sock.settimeout(timeout)
    return conn, False


def _forget(conn):
    kept = getattr(_kept, "connections", {})
    for k, v in list(kept.items()):
        if v is conn:
            del kept[k]


def scrape(url, timeout_header=10.0, client_timeout=30.0):
    """One scrape with Prometheus's timeout header, on a new connection (KEEPALIVE=1: on the kept
    one). The time is from sending the request to reading the last byte of the body."""
    u = urllib.parse.urlsplit(url)
    path = u.path + ("?" + u.query if u.query else "")
    start = time.perf_counter()
    conn, close = _connection(u.hostname, u.port, client_timeout)
    try:
        headers = {
            "X-Prometheus-Scrape-Timeout-Seconds": f"{timeout_header:g}",
            "Accept": ACCEPT,
        }
        if GZIP:
            headers["Accept-Encoding"] = "gzip"
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        first = time.perf_counter() - start
        raw = r.read()
        if r.getheader("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        body = raw.decode(errors="replace")
        return Scrape(r.status, time.perf_counter() - start, body, first_byte=first)
    except (OSError, http.client.HTTPException) as e:
        close = True
        _forget(conn)
        return Scrape(0, time.perf_counter() - start, "", f"{type(e).__name__}: {e}")
    finally:
        if close:
            conn.close()


def wait_http(url, seconds, proc=None, log=None):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            break
        s = scrape(url, client_timeout=5)
        if s.status == 200:
            return
        time.sleep(0.2)
    tail = ""
    if log and os.path.exists(log):
        with open(log, errors="replace") as f:
            tail = "".join(f.readlines()[-30:])
    why = f"exited {proc.returncode}" if proc is not None and proc.poll() is not None \
        else f"did not answer 200 within {seconds}s"
    raise RuntimeError(f"{url}: {why}\n{tail}")


SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)")

# Families every exporter has about itself (its runtime, its HTTP handler, its own scrape
# bookkeeping): counted in "families", left out of "database families".
SELF_PREFIXES = ("go_", "process_", "promhttp_", "jvm_", "dbscope_", "pg_exporter_",
                 "postgres_exporter_", "mysql_exporter_", "mysqld_exporter_", "redis_exporter_",
                 "pg_scrape_collector_", "mysql_scrape_", "redis_exporter_scrape")


def parse(body):
    """(samples, set of family names) of a text exposition. A family is a '# TYPE' name or,
    without one, a sample's name."""
    samples = 0
    families = set()
    typed = set()
    for line in body.splitlines():
        if line.startswith("# TYPE "):
            parts = line.split()
            if len(parts) >= 3:
                typed.add(parts[2])
            continue
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if m:
            samples += 1
            families.add(m.group(1))
    out = set(typed)
    for name in families:
        base = re.sub(r"_(bucket|sum|count|total|created)$", "", name)
        if name not in typed and base not in typed:
            out.add(name)
    return samples, out


def db_families(families):
    return {f for f in families if not f.startswith(SELF_PREFIXES)}


def up_values(body, names=("pg_up", "mysql_up", "redis_up", "dbscope_datasource_up")):
    """Values of the up metrics in an exposition, as 'name{labels}=value' strings."""
    out = []
    for line in body.splitlines():
        m = SAMPLE.match(line)
        if m and m.group(1) in names:
            out.append(f"{m.group(1)}{m.group(2) or ''}={m.group(3)}")
    return out


def java_flags(launcher):
    """The JVM flags the ./dbscope launcher puts before DBSCOPE_JAVA_OPTS, read from its exec line,
    so that the harness runs the jar exactly as users do."""
    with open(launcher) as f:
        text = f.read().replace("\\\n", " ")
    m = re.search(r'exec\s+"\$JAVA_HOME/bin/java"(.*?)\$\{DBSCOPE_JAVA_OPTS', text, re.S)
    if not m:
        raise RuntimeError(f"cannot find the java exec line in {launcher}")
    return m.group(1).split()


def java_home(repo):
    return subprocess.run([os.path.join(repo, "scripts", "java-home.sh")], capture_output=True,
                          text=True, check=True).stdout.strip()


def heap_after_gc(pid, jcmd):
    """(used, committed) heap in MB after a full GC (jcmd GC.run, then GC.heap_info), or None."""
    try:
        subprocess.run([jcmd, str(pid), "GC.run"], capture_output=True, timeout=60)
        out = subprocess.run([jcmd, str(pid), "GC.heap_info"], capture_output=True, text=True,
                             timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    # The generations (Serial: DefNew and Tenured; older names and other collectors too), not
    # the metaspace, which also says "used".
    gens = re.findall(r"(?:DefNew|Tenured|def new generation|tenured generation|"
                      r"garbage-first heap|PSYoungGen|ParOldGen)\s+total (\d+)K, used (\d+)K", out)
    if not gens:
        return None
    return sum(int(u) for _, u in gens) / 1024, sum(int(t) for t, _ in gens) / 1024

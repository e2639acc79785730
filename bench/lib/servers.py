"""Real database servers for the benchmarks, started from Debian's binaries on free loopback ports
in a temp dir, plus a "hanging" listener that accepts connections and never answers.

Why Debian's binaries and not the test kit's: the community exporters packaged by Debian
(postgres_exporter 0.11, mysqld_exporter 0.14, redis_exporter 1.45) know the catalog of the
PostgreSQL, MariaDB and Redis versions of the same release; PostgreSQL 17+ changed
pg_stat_bgwriter, which would make the anchor fail and flatter dbscope.

Every server records its own log; nothing here asserts, a failure raises with the log's tail.
"""

import os
import random
import shutil
import socket
import subprocess
import threading
import time

PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")


# Listening ports come from below Linux's ephemeral range (32768-60999 by default): a port the
# kernel hands out as free can otherwise be taken, before the server binds it, by one of the
# many outgoing connections a fleet run opens (seen: an anchor dying with "address in use").
_PORTS = iter(range(20000 + random.randrange(0, 4000), 32768))
_handed_out = set()


def free_port():
    for port in _PORTS:
        if port in _handed_out:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError("no free port left in 20000-32767")


def wait_port(port, seconds, proc=None, log=None):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    tail = ""
    if log and os.path.exists(log):
        with open(log, errors="replace") as f:
            tail = "".join(f.readlines()[-20:])
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds}s\n{tail}")


def run(cmd, **kw):
    """Runs a command, raising with its output when it fails."""
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
    return p.stdout


def stop(proc, seconds=15):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Postgres:
    """PostgreSQL with pg_stat_statements preloaded and connections logged (to count the new
    connections of each exporter's role). Trust authentication on 127.0.0.1; superuser postgres.
    As root, the server runs as the system user postgres (PostgreSQL refuses root)."""

    def __init__(self, root, max_connections=300):
        self.dir = os.path.join(root, "pg")
        self.port = free_port()
        self.max_connections = max_connections
        self.proc = None
        self.log = os.path.join(self.dir, "server.log")
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def start(self):
        os.makedirs(self.dir)
        if self.as_user:
            shutil.chown(self.dir, "postgres", "postgres")
        data = os.path.join(self.dir, "data")
        run(self.as_user + [f"{PG_BIN}/initdb", "-D", data, "-U", "postgres", "--auth=trust",
                            "-E", "UTF8", "--locale=C"])
        settings = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": self.dir,
            "max_connections": str(self.max_connections),
            "shared_preload_libraries": "pg_stat_statements",
            "pg_stat_statements.track": "all",
            "pg_stat_statements.max": "20000",
            "track_io_timing": "on",
            "log_connections": "on",
            "log_line_prefix": "%m [%p] %u@%d ",
            "shared_buffers": "64MB",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
        }
        cmd = self.as_user + [f"{PG_BIN}/postgres", "-D", data]
        for k, v in settings.items():
            cmd += ["-c", f"{k}={v}"]
        logf = open(self.log, "w")
        if self.as_user:
            shutil.chown(self.log, "postgres", "postgres")
        self.proc = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT)
        wait_port(self.port, 60, self.proc, self.log)
        for _ in range(100):
            if subprocess.run([f"{PG_BIN}/pg_isready", "-h", "127.0.0.1", "-p", str(self.port)],
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        self.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", db="template1")
        self.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        return self

    def version(self):
        return self.sql("SHOW server_version").strip()

    def sql(self, query, db="postgres"):
        return run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                    "-p", str(self.port), "-U", "postgres", "-d", db, "-c", query])

    def create_role(self, name):
        self.sql(f"CREATE ROLE {name} LOGIN; GRANT pg_monitor TO {name}")

    def statements(self, role):
        """Statements the role ran, as pg_stat_statements counts them (every database)."""
        out = self.sql("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s "
                       f"JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = '{role}'")
        return int(out.strip() or 0)

    def statement_list(self, role):
        """calls and text of every statement the role ran, most called first."""
        return self.sql("SELECT calls, regexp_replace(query, '\\s+', ' ', 'g') "
                        "FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid "
                        f"WHERE r.rolname = '{role}' ORDER BY calls DESC, query")

    def connections(self, role):
        """Connections the role opened since start, from the connection log."""
        needle = f"connection authorized: user={role} "
        with open(self.log, errors="replace") as f:
            return sum(1 for line in f if needle in line)

    def workload(self, clients=2, transactions=100):
        """pgbench at scale 1 in database bench, then a bounded run of TPC-B-like transactions."""
        args = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        if "bench" not in self.sql("SELECT datname FROM pg_database").split():
            self.sql("CREATE DATABASE bench")
            run(["pgbench", "-q", "-i", "-s", "1"] + args + ["bench"])
        run(["pgbench", "-n", "-c", str(clients), "-t", str(transactions)] + args + ["bench"])

    def stop(self):
        stop(self.proc)


class MariaDb:
    """MariaDB with performance_schema on (statements per user), own datadir, --user=root.
    Superuser root@127.0.0.1 without a password."""

    def __init__(self, root, max_connections=300):
        self.dir = os.path.join(root, "mariadb")
        self.port = free_port()
        self.max_connections = max_connections
        self.proc = None
        self.log = os.path.join(self.dir, "error.log")

    def start(self):
        data = os.path.join(self.dir, "data")
        os.makedirs(data)
        init = os.path.join(self.dir, "init.sql")
        with open(init, "w") as f:
            f.write("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';\n"
                    "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n")
        run(["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--skip-test-db",
             "--auth-root-authentication-method=normal", "--skip-name-resolve"] + self._user())
        return self.launch()

    @staticmethod
    def _user():
        return ["--user=root"] if os.geteuid() == 0 else []

    def launch(self):
        """Starts mariadbd on the existing datadir (again, after a crash)."""
        data = os.path.join(self.dir, "data")
        cmd = ["mariadbd", "--no-defaults", f"--datadir={data}",
               f"--socket={self.dir}/mysqld.sock", f"--pid-file={self.dir}/mysqld.pid",
               f"--port={self.port}", "--bind-address=127.0.0.1", "--skip-name-resolve",
               f"--init-file={self.dir}/init.sql", "--performance-schema=ON",
               "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=16M",
               "--innodb-flush-log-at-trx-commit=0",
               f"--max-connections={self.max_connections}", f"--log-error={self.log}"] + \
            self._user()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(self.port, 60, self.proc, self.log)
        for _ in range(100):
            try:
                self.sql("SELECT 1")
                break
            except RuntimeError:
                time.sleep(0.2)
        return self

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def crash_report(self):
        """The error log's lines about the last crash: the signal and the query."""
        with open(self.log, errors="replace") as f:
            lines = f.read().splitlines()
        keep = [ln for ln in lines if "got signal" in ln or ln.startswith("Query (")]
        return " / ".join(keep[-2:])

    def version(self):
        return self.sql("SELECT VERSION()").strip()

    def sql(self, query, db=None):
        cmd = ["mariadb", "--no-defaults", "-h", "127.0.0.1", "-P", str(self.port), "-u", "root",
               "--batch", "--skip-column-names", "-e", query]
        return run(cmd + ([db] if db else []))

    def create_user(self, name, password):
        self.sql(f"CREATE USER '{name}'@'127.0.0.1' IDENTIFIED BY '{password}'; "
                 f"GRANT PROCESS, REPLICATION CLIENT, SELECT ON *.* TO '{name}'@'127.0.0.1'")

    def statements(self, user):
        out = self.sql("SELECT coalesce(sum(COUNT_STAR), 0) FROM performance_schema."
                       f"events_statements_summary_by_user_by_event_name WHERE USER = '{user}'")
        return int(out.strip() or 0)

    def statement_list(self, user):
        """Statements of the user by kind (performance_schema keeps no per-user digests)."""
        return self.sql("SELECT COUNT_STAR, EVENT_NAME FROM performance_schema."
                        "events_statements_summary_by_user_by_event_name "
                        f"WHERE USER = '{user}' AND COUNT_STAR > 0 ORDER BY COUNT_STAR DESC")

    def connections(self, user):
        out = self.sql("SELECT coalesce(sum(TOTAL_CONNECTIONS), 0) FROM performance_schema.users "
                       f"WHERE USER = '{user}'")
        return int(out.strip() or 0)

    def workload(self, queries=400):
        run(["mysqlslap", "--no-defaults", "-h", "127.0.0.1", "-P", str(self.port), "-u", "root",
             "--auto-generate-sql", "--auto-generate-sql-load-type=mixed", "--concurrency=2",
             "--iterations=1", f"--number-of-queries={queries}", "--create-schema=slap",
             "--no-drop", "--silent"])

    def stop(self):
        stop(self.proc, 30)


class Resp:
    """A tiny Redis client on one persistent connection, so that the harness's own probes add
    one command each and no connection to the server's counters."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = self.sock.makefile("rb")

    def call(self, *args):
        out = [f"*{len(args)}\r\n".encode()]
        for a in args:
            b = str(a).encode()
            out.append(f"${len(b)}\r\n".encode() + b + b"\r\n")
        self.sock.sendall(b"".join(out))
        return self._read()

    def _read(self):
        line = self.buf.readline().rstrip(b"\r\n")
        kind, rest = line[:1], line[1:]
        if kind in (b"+", b":"):
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.buf.read(n + 2)[:-2]
            return data.decode(errors="replace")
        if kind == b"*":
            return [self._read() for _ in range(int(rest))]
        raise RuntimeError(f"unexpected reply {line!r}")

    def info(self):
        out = {}
        for line in self.call("INFO", "all").splitlines():
            if ":" in line and not line.startswith("#"):
                k, v = line.split(":", 1)
                out[k] = v
        return out

    def close(self):
        self.sock.close()


class Redis:
    """redis-server without persistence. Counters are server-wide (Redis has no per-user
    statistics), so the harness reads them around each exporter's block of scrapes while the
    other exporters are idle, and subtracts its own probe command."""

    def __init__(self, root, name="redis", maxclients=10000):
        self.dir = os.path.join(root, name)
        self.port = free_port()
        self.maxclients = maxclients
        self.proc = None
        self.log = os.path.join(self.dir, "redis.log")
        self.client = None

    def start(self):
        os.makedirs(self.dir)
        cmd = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", self.dir, "--logfile", self.log,
               "--maxclients", str(self.maxclients), "--databases", "16"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(self.port, 20, self.proc, self.log)
        self.client = Resp(self.port)
        return self

    def version(self):
        return self.client.info()["redis_version"]

    def commands(self, _user=None):
        """Commands processed since start, less the probes this client sent before this one."""
        return int(self.client.info()["total_commands_processed"])

    def connections(self, _user=None):
        return int(self.client.info()["total_connections_received"])

    def workload(self, requests=2000):
        run(["redis-benchmark", "-h", "127.0.0.1", "-p", str(self.port), "-q", "-n",
             str(requests), "-c", "4", "-t", "set,get,incr,lpush,lpop,sadd,hset"])
        for db in range(3):
            self.client.call("SELECT", db)
            for i in range(50):
                self.client.call("SET", f"key:{db}:{i}", i)
            self.client.call("EXPIRE", f"key:{db}:0", 3600)
        self.client.call("SELECT", 0)

    def stop(self):
        if self.client:
            self.client.close()
        stop(self.proc)


class HangingListener:
    """A loopback listener that accepts every connection and never sends a byte: a database
    whose host is up and whose server process is stuck (or a firewall black hole after the
    handshake)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(512)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
                self.held.append(conn)
            except OSError:
                return

    def stop(self):
        self.running = False
        self.sock.close()
        for c in self.held:
            c.close()

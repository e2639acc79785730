"""bench/stop-time.sh: how long dbscope takes to stop (SIGTERM to exit) when N of its MariaDB
datasources are black-holed, as the databases of a cut-off network zone are: a listener here
accepts their connections and never answers, and one scrape has their pools start connecting.
Several jars are run in turns. Prints figures; asserts nothing."""

import os
import signal
import socket
import sys
import tempfile
import threading
import time

import exporters
import procs
from compare import REPO

N = int(os.environ.get("N", 20))
RUNS = int(os.environ.get("RUNS", 2))


def black_hole():
    """A port that accepts connections and never answers; the connections are held open."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    held = []

    def accept():
        while True:
            conn, _ = listener.accept()
            held.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1]


def stop_seconds(jar, work, port, run):
    ds = exporters.Dbscope(REPO, jar)
    conf = [{"name": f"zone-{i:03d}", "engine": "mysql", "dbHost": f"127.0.0.1:{port}",
             "dbUser": "dbscope"} for i in range(N)]
    ex = ds.start(work, f"dbscope-{run}", conf).ready("/-/ready")
    try:
        s = procs.scrape(ex.url, 2.0)
        if s.status != 200:
            sys.exit(f"the scrape answered {s.status}: {s.error}")
        time.sleep(0.5)
        t0 = time.perf_counter()
        ex.proc.send_signal(signal.SIGTERM)
        ex.proc.wait(300)
        return time.perf_counter() - t0
    finally:
        if ex.proc.poll() is None:
            ex.proc.kill()


def main():
    jars = sys.argv[1:] or [os.path.join(REPO, "dbscope-server", "target", "dbscope.jar")]
    work = tempfile.mkdtemp(prefix="dbscope-stop-")
    os.chmod(work, 0o755)
    port = black_hole()
    print(f"{N} MariaDB datasources black-holed (connections accepted, never answered), "
          f"connectTimeout 5 s; one scrape, then SIGTERM; load average {procs.loadavg()}")
    for r in range(1, RUNS + 1):
        for i, jar in enumerate(jars):
            took = stop_seconds(jar, work, port, f"{r}-{i}")
            print(f"round {r} {os.path.basename(jar)}: stopped in {took:.2f} s", flush=True)


if __name__ == "__main__":
    main()

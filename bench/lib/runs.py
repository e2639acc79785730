"""One run of a bench harness: its temporary work directory, its results file under
bench/results/ (also printed), and the processes to stop at the end, last started first."""

import datetime
import os
import shutil
import sys
import tempfile

from measure import Log

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Run:
    def __init__(self, kind):
        self.work = tempfile.mkdtemp(prefix=f"dbscope-{kind}-")
        os.chmod(self.work, 0o755)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        os.makedirs(os.path.join(REPO, "bench", "results"), exist_ok=True)
        self.out = os.path.join(REPO, "bench", "results", f"{stamp}-{kind}.md")
        self.log = Log(self.out)
        self.running = []

    def keep(self, thing):
        self.running.append(thing)
        return thing

    def servers(self, password):
        """PostgreSQL, MariaDB and Redis started in the work directory, with dbscope's and the
        exporters' users (dbscope, pgexp, myexp) and a small workload on each."""
        from servers import MariaDb, Postgres, Redis
        pg = self.keep(Postgres(self.work))
        pg.start()
        my = self.keep(MariaDb(self.work))
        my.start()
        rd = self.keep(Redis(self.work))
        rd.start()
        for role in ("dbscope", "pgexp"):
            pg.create_role(role)
        for user in ("dbscope", "myexp"):
            my.create_user(user, password)
        print("workload: pgbench, mysqlslap, redis-benchmark...", flush=True)
        pg.workload()
        my.workload()
        rd.workload()
        return pg, my, rd

    def close(self):
        for thing in reversed(self.running):
            try:
                thing.stop()
            except Exception as e:  # noqa: BLE001 - cleanup goes on
                print(f"cannot stop {thing}: {e}", file=sys.stderr)
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(self.work, ignore_errors=True)
        else:
            print(f"kept {self.work}")

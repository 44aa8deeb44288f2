"""What keel's benchmarks share: running and timing commands, the engines' admin side
(create, drop, SQL through the engine's own client), the test servers, machine facts.

Python 3.11 standard library only.
"""

from __future__ import annotations

import os
import platform
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVERS_ENV = Path("/tmp/servers.env")
TIME = "/usr/bin/time"


def log(msg: str) -> None:
    print(f"==> {msg}", file=sys.stderr, flush=True)


class BenchError(Exception):
    pass


# --------------------------------------------------------------------- helpers


def shown(cmd) -> str:
    text = " ".join(shlex.quote(str(c)) for c in cmd) if isinstance(cmd, list) else str(cmd)
    return re.sub(r"(://[^:/@\s]+:)[^@\s]+@", r"\1***@", text)


def run(cmd, *, env=None, cwd=None, check=True) -> subprocess.CompletedProcess:
    r = subprocess.run(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check and r.returncode != 0:
        out = ((r.stdout or "") + (r.stderr or "")).strip().splitlines()
        raise BenchError(f"{shown(cmd)} exited {r.returncode}: " + " | ".join(out[-6:]))
    return r


def first_line(cmd) -> str:
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, text=True, timeout=60)
        return " ".join(r.stdout.split())[:160] or "?"
    except (OSError, subprocess.SubprocessError) as e:
        return f"unavailable ({e})"


def with_db(url: str, db: str) -> str:
    p = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((p.scheme, p.netloc, "/" + db, p.query, p.fragment))


@dataclass
class Measurement:
    seconds: float
    rss_mb: float
    stdout: str


def measure(cmd: list[str], *, env=None, cwd=None, stdout_path: Path | None = None,
            ok_codes=(0,)) -> Measurement:
    """One run of `cmd` under /usr/bin/time -v: wall seconds, peak RSS, stdout."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        out = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
        try:
            t0 = time.perf_counter()
            r = subprocess.run([TIME, "-v", "-o", tf.name] + cmd, env=env, cwd=cwd,
                               stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE)
            elapsed = time.perf_counter() - t0
        finally:
            if stdout_path:
                out.close()
        report = Path(tf.name).read_text(errors="replace")
    if r.returncode not in ok_codes:
        err = r.stderr.decode(errors="replace").strip().splitlines()
        raise BenchError(f"{shown(cmd)} exited {r.returncode}: " + " | ".join(err[-6:]))
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    if not m:
        raise BenchError(f"no peak RSS in /usr/bin/time output: {report[-300:]}")
    text = r.stdout.decode(errors="replace") if r.stdout else ""
    return Measurement(elapsed, int(m.group(1)) / 1024, text)


def ensure_time() -> None:
    if os.access(TIME, os.X_OK):
        return
    log("installing Debian's `time` package for /usr/bin/time")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "time"], env=env,
                      stdin=subprocess.DEVNULL, stdout=sys.stderr).returncode != 0:
        subprocess.run(sudo + ["apt-get", "update", "-q"], env=env, stdin=subprocess.DEVNULL,
                       stdout=sys.stderr)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "time"], env=env,
                       stdin=subprocess.DEVNULL, stdout=sys.stderr, check=True)
    if not os.access(TIME, os.X_OK):
        raise BenchError("/usr/bin/time is missing and could not be installed (apt-get install time)")


# ----------------------------------------------------------------------- engines


class Engine:
    """A database engine as a benchmark drives it: create and drop databases, run SQL."""
    name = ""

    def create(self, db: str) -> str: ...
    def drop(self, db: str) -> None: ...
    def versions(self) -> list[str]: ...
    def execute(self, url: str, sql: str) -> None:
        """Runs `sql` in the database at `url` with the engine's own client."""
    def size_bytes(self, url: str) -> int:
        """The database's size on disk, as the engine reports it."""


class Sqlite(Engine):
    name = "sqlite"

    def __init__(self, work: Path):
        self.dir = work / "sqlite-dbs"
        self.dir.mkdir()
        self.bin = shutil.which("sqlite3")
        if not self.bin:
            raise BenchError("sqlite3 is not installed (apt-get install sqlite3)")

    def path(self, db: str) -> Path:
        return self.dir / f"{db}.db"

    def create(self, db):
        self.drop(db)
        return f"sqlite://{self.path(db)}"

    def drop(self, db):
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path(db)}{suffix}").unlink(missing_ok=True)

    def execute(self, url, sql):
        run([self.bin, url.removeprefix("sqlite://"), sql])

    def size_bytes(self, url):
        return Path(url.removeprefix("sqlite://")).stat().st_size

    def versions(self):
        return [f"sqlite3 CLI {first_line([self.bin, '--version']).split()[0]}"]


class Postgres(Engine):
    name = "postgres"

    def __init__(self, admin_url: str, pg_bin: str):
        self.admin = admin_url
        # The server's own binaries: /usr/bin/pg_dump is Debian's Perl wrapper, whose start-up
        # (and memory) would be charged to pg_dump.
        def tool(name):
            direct = Path(pg_bin) / name if pg_bin else None
            return str(direct) if direct and direct.exists() else (shutil.which(name) or name)
        self.psql, self.pg_dump, self.pg_restore = tool("psql"), tool("pg_dump"), tool("pg_restore")

    def sql(self, sql: str) -> str:
        return run([self.psql, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql, self.admin]).stdout.strip()

    def create(self, db):
        self.drop(db)
        self.sql(f"CREATE DATABASE {db}")
        return with_db(self.admin, db)

    def drop(self, db):
        self.sql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")

    def execute(self, url, sql):
        run([self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql, url])

    def size_bytes(self, url):
        out = run([self.psql, "-X", "-At", "-c", "SELECT pg_database_size(current_database())", url])
        return int(out.stdout.strip())

    def versions(self):
        return [f"PostgreSQL server {self.sql('SHOW server_version')}",
                first_line([self.pg_dump, "--version"])]


class Mysql(Engine):
    name = "mysql"

    def __init__(self, admin_url: str):
        p = urllib.parse.urlsplit(admin_url)
        self.admin = admin_url
        self.host, self.port = p.hostname, str(p.port or 3306)
        self.user = urllib.parse.unquote(p.username or "")
        self.password = urllib.parse.unquote(p.password or "")
        self.client = shutil.which("mariadb") or shutil.which("mysql")
        self.dumper = shutil.which("mariadb-dump") or shutil.which("mysqldump")
        if not self.client or not self.dumper:
            raise BenchError("the mariadb client and mariadb-dump are needed (apt-get install mariadb-client)")

    def base(self, binary: str) -> list[str]:
        return [binary, "--no-defaults", "--protocol=TCP", "-h", self.host, "-P", self.port, "-u", self.user]

    def env(self) -> dict:
        return dict(os.environ, MYSQL_PWD=self.password)  # keeps the password out of argv

    def sql(self, sql: str) -> str:
        return run(self.base(self.client) + ["-N", "-s", "-e", sql], env=self.env()).stdout.strip()

    def create(self, db):
        self.drop(db)
        self.sql(f"CREATE DATABASE {db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        return with_db(self.admin, db)

    def drop(self, db):
        self.sql(f"DROP DATABASE IF EXISTS {db}")

    def execute(self, url, sql):
        db = urllib.parse.urlsplit(url).path.lstrip("/")
        run(self.base(self.client) + [db, "-e", sql], env=self.env())

    def size_bytes(self, url):
        db = urllib.parse.urlsplit(url).path.lstrip("/")
        return int(self.sql("SELECT COALESCE(SUM(data_length + index_length), 0) FROM "
                            f"information_schema.tables WHERE table_schema = '{db}'") or 0)

    def versions(self):
        return [f"MariaDB server {self.sql('SELECT VERSION()')}", first_line([self.dumper, "--version"])]


# ----------------------------------------------------------------------- servers


class Servers:
    """`scripts/test --servers-only` in the background; stopped by stop()."""

    def __init__(self, work: Path):
        self.proc: subprocess.Popen | None = None
        self.log_path = work / "servers.log"
        self.env: dict[str, str] = {}

    def reuse(self, path: Path) -> None:
        if not path.is_file():
            raise BenchError(f"--reuse-servers: {path} does not exist")
        for line in path.read_text().splitlines():
            m = re.match(r"export (\w+)='(.*)'$", line.strip())
            if m:
                self.env[m.group(1)] = m.group(2)
        log(f"reusing the servers in {path}: " + ", ".join(sorted(k for k in self.env if k.endswith("_URL"))))

    def start(self, timeout: float = 900) -> None:
        log(f"starting PostgreSQL and MariaDB with scripts/test --servers-only (log: {self.log_path})")
        env = {k: v for k, v in os.environ.items()
               if k not in ("KEEL_TEST_POSTGRES_URL", "KEEL_TEST_MYSQL_URL", "KEEL_TEST_PG_BIN")}
        self.logf = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [str(ROOT / "scripts" / "test"), "--servers-only"], cwd=ROOT, env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.logf, text=True,
        )
        lines: queue.Queue = queue.Queue()

        def reader(stream):
            for line in stream:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=reader, args=(self.proc.stdout,), daemon=True).start()
        deadline = time.monotonic() + timeout
        wanted = {"KEEL_TEST_POSTGRES_URL", "KEEL_TEST_PG_BIN", "KEEL_TEST_MYSQL_URL"}
        while not wanted <= self.env.keys():
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                line = ""
            if line is None:
                raise BenchError(f"scripts/test --servers-only exited early; see {self.log_path}:\n{self.tail()}")
            m = re.match(r"export (\w+)='(.*)'$", line.strip()) if line else None
            if m:
                self.env[m.group(1)] = m.group(2)
            elif "servers are running" in self.log_path.read_text(errors="replace"):
                break  # a server failed to start: its export line will not come
            if time.monotonic() > deadline:
                raise BenchError(f"servers not ready after {timeout:.0f}s:\n{self.tail()}")
        log("servers ready: " + ", ".join(sorted(k for k in self.env if k.endswith("_URL"))))

    def tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self) -> None:
        if not self.proc or self.proc.poll() is not None:
            return
        log("stopping the database servers")
        self.proc.send_signal(signal.SIGINT)  # its trap stops both servers and deletes their data
        try:
            self.proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            log(f"scripts/test (pid {self.proc.pid}) did not stop in 90 s; terminating it")
            self.proc.terminate()
            self.proc.wait()


# -------------------------------------------------------------------------- data

PHOTOS_DDL = "CREATE TABLE photos (id INTEGER PRIMARY KEY, caption VARCHAR(200), body TEXT)"
PHOTO_BYTES = 1024


def photos_fill_sql(engine: str, rows: int) -> str:
    """The engine's own fastest way to write `rows` photos of about 1 KiB each."""
    if engine == "sqlite":
        return (f"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows}) "
                "INSERT INTO photos SELECT x, 'caption ' || x, hex(randomblob(500)) FROM c;")
    # Random hex, like SQLite's: a repeated string would compress to nothing and flatter
    # every tool that compresses.
    if engine == "postgres":
        body = " || ".join(["md5(random()::text)"] * 31)
        return (f"INSERT INTO photos SELECT g, 'caption ' || g, {body} "
                f"FROM generate_series(1, {rows}) g;")
    body = ", ".join(["MD5(RAND())"] * 31)
    return (f"INSERT INTO photos SELECT seq, CONCAT('caption ', seq), CONCAT({body}) "
            f"FROM seq_1_to_{rows};")


def fill_photos(eng: "Engine", url: str, size_mb: int) -> None:
    """Fills an existing `photos` table (PHOTOS_DDL) to about `size_mb` MiB."""
    rows = size_mb * 1024 * 1024 // PHOTO_BYTES
    log(f"{eng.name}: filling photos with {rows:,} rows (~{size_mb} MiB)")
    t0 = time.perf_counter()
    eng.execute(url, photos_fill_sql(eng.name, rows))
    if eng.name == "mysql":
        # InnoDB's size statistics lag behind a bulk insert until the table is analysed.
        eng.execute(url, "ANALYZE TABLE photos")
    log(f"{eng.name}: filled in {time.perf_counter() - t0:.0f}s")


ENGINE_NAMES = ("sqlite", "postgres", "mysql")


def sized_bench_args(description: str, results: str, runs: int):
    """The options of the benchmarks on a generated `photos` table of --size-mb MiB, parsed:
    the namespace and the engines wanted."""
    import argparse

    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--size-mb", type=int, default=1024, help="photos table size in MiB (default 1024)")
    ap.add_argument("--engines", default=",".join(ENGINE_NAMES), help="comma-separated subset of sqlite,postgres,mysql")
    ap.add_argument("--runs", type=int, default=runs, help=f"measured runs (default {runs})")
    ap.add_argument("--reuse-servers", action="store_true",
                    help=f"use the servers exported in {SERVERS_ENV} instead of starting new ones")
    ap.add_argument("--no-build", action="store_true", help="use the existing target/release/keel")
    ap.add_argument("--keel", metavar="KEEL", help="measure this keel binary instead of building the checkout")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / results),
                    help=f"where to write the Markdown results (default bench/results/{results})")
    ap.add_argument("--no-write", action="store_true", help="print only; do not write --out")
    args = ap.parse_args()
    wanted = [e.strip() for e in args.engines.split(",") if e.strip()]
    if any(e not in ENGINE_NAMES for e in wanted) or args.runs < 1 or args.size_mb < 1:
        ap.error("engines are sqlite, postgres, mysql; --runs and --size-mb are at least 1")
    return args, wanted


def open_engines(wanted: list[str], work: Path, servers: "Servers", reuse: bool) -> dict[str, "Engine"]:
    """The engines wanted: SQLite files under `work`, the servers reused or started."""
    engines: dict[str, Engine] = {}
    if "sqlite" in wanted:
        engines["sqlite"] = Sqlite(work)
    if {"postgres", "mysql"} & set(wanted):
        servers.reuse(SERVERS_ENV) if reuse else servers.start()
        if "postgres" in wanted:
            engines["postgres"] = Postgres(servers.env["KEEL_TEST_POSTGRES_URL"],
                                           servers.env.get("KEEL_TEST_PG_BIN", ""))
        if "mysql" in wanted:
            engines["mysql"] = Mysql(servers.env["KEEL_TEST_MYSQL_URL"])
    return engines


def prepare_keel(no_build: bool, keel: str | None, work: Path) -> str:
    """A private copy of the keel to measure (a rebuild of the checkout must not change it
    mid-benchmark): `keel` as given, else the release build (built unless `no_build`)."""
    if not no_build and not keel:
        log("cargo build --release -p keel")
        subprocess.run(["cargo", "build", "--release", "-p", "keel"], cwd=ROOT, check=True,
                       stdin=subprocess.DEVNULL, stdout=sys.stderr)
    built = Path(keel) if keel else ROOT / "target" / "release" / "keel"
    if not os.access(built, os.X_OK):
        raise BenchError(f"{built} not found or not executable")
    copy = work / "keel"
    shutil.copy2(built, copy)
    return str(copy)


# ------------------------------------------------------------------------- facts


def machine_facts(keel: str, engines: dict[str, Engine]) -> list[str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, AttributeError):
        pass
    facts = [
        f"date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        f"machine: nproc {first_line(['nproc'])}, {cpu}, {mem}, {platform.system()} {platform.release()}",
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"keel: {first_line([keel, '--version'])} (release build, git "
        f"{first_line(['git', '-C', str(ROOT), 'describe', '--always', '--dirty'])})",
        f"rustc: {first_line(['rustc', '--version'])}",
        f"time: {first_line(['dpkg-query', '-W', '-f', '${Package} ${Version}', 'time'])} ({TIME} -v)",
    ]
    for eng in engines.values():
        facts.append(f"{eng.name}: " + "; ".join(eng.versions()))
    return facts


def keel_env() -> dict:
    return {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}

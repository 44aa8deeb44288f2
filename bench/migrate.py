#!/usr/bin/env python3
"""keel's migration benchmark: apply 1,000 generated migrations on each engine.

    bench/migrate.py [--runs N] [--count N] [--engines sqlite,postgres,mysql]
                     [--markdown] [--no-build] [--no-install] [--seed N]
                     [--keel BINARY] [--baseline BINARY] [--keel-only] [--noop]
                     [--no-per-file]

For every engine (SQLite, PostgreSQL, MariaDB) and for each of N runs, every tool
applies the same generated migrations to its own fresh, empty database:

  keel              `keel migrate` (release build of this checkout)
  <client> all.sql  the engine's client, one session over every up script
                    concatenated in order (no history, no per-migration transaction)
  <client> all.sql + history
                    the same session with keel's history writes put in by hand
                    (what the bare client costs once it keeps keel's bookkeeping)
  <client> per file one client invocation per up file from a bash loop, the
                    shell-script runner (psql runs each file with --single-transaction)
  sqlx              `sqlx migrate run` (sqlx-cli from crates.io)
  diesel            `diesel migration run` (diesel_cli from crates.io)

plus `keel status` on the database keel just migrated (every migration applied).
`--baseline BINARY` adds a second keel (e.g. built before a change) to every run,
`--keel-only` leaves the other tools out, and `--noop` replaces the generated
schema changes with `SELECT 1`, leaving only each tool's overhead per migration.
Wall time is measured around the whole process (start-up, connect, work, exit).
The order of the tools is shuffled anew for every run (seeded) so that slow phases
of a noisy machine, or the aftermath of the previous tool, do not always hit the
same tool.

Servers: `scripts/test --servers-only` (the test harness) starts private
PostgreSQL and MariaDB servers; they run with fsync off, which is the same for
every tool. sqlx-cli and diesel_cli are installed once into bench/.tools
(`cargo install --root bench/.tools`), unless already on PATH or in
~/.cargo/bin; a tool that cannot be installed is reported, not measured.

Output: progress on stderr; machine facts and one table per engine on stdout
(plain text; with --markdown the same tables once more in Markdown). Everything the benchmark creates
(temp folder, databases, servers) is removed on every exit path.

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BenchError, Servers, log  # noqa: E402  (the benchmarks' shared module)

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "bench" / ".tools"
ENGINES = ("sqlite", "postgres", "mysql")
HISTORY_TABLES = ("keel_migrations", "_sqlx_migrations", "__diesel_schema_migrations", "bench_history")

PEERS = {
    "sqlx": [
        "sqlx-cli", "--locked", "--no-default-features",
        "--features", "sqlite,postgres,mysql,rustls",
    ],
    "diesel": [
        "diesel_cli", "--locked", "--no-default-features",
        "--features", "postgres,mysql,sqlite",
    ],
}


# ------------------------------------------------------------------ generation


@dataclass
class Table:
    name: str
    columns: list[str]  # indexable text/int columns, besides id/created_at
    indexed: set[str] = field(default_factory=set)


NOUNS = (
    "users accounts orders invoices payments products categories reviews sessions "
    "devices tokens teams projects tasks comments tags events audits shipments "
    "addresses carts coupons refunds subscriptions plans webhooks notifications "
    "messages threads files folders reports metrics jobs queues tenants roles "
    "permissions settings vendors warehouses stocks prices taxes regions"
).split()
ATTRS = (
    "status title label code email phone note source channel priority kind "
    "reference slug locale currency country city state owner color level"
).split()


class Dialect:
    """Column types and the odd statement that differ between engines."""

    def __init__(self, engine: str):
        self.engine = engine

    def id_col(self) -> str:
        return {
            "postgres": "id BIGSERIAL PRIMARY KEY",
            "mysql": "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
            "sqlite": "id INTEGER PRIMARY KEY",
        }[self.engine]

    def text(self) -> str:
        return "TEXT" if self.engine == "sqlite" else "VARCHAR(191)"

    def created_at(self) -> str:
        return {
            "postgres": "created_at TIMESTAMPTZ NOT NULL DEFAULT now()",
            "mysql": "created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP",
            "sqlite": "created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP",
        }[self.engine]

    def fk_col(self, col: str, parent: str) -> tuple[str, str | None]:
        """(column definition, table constraint or None)."""
        if self.engine == "mysql":
            return f"{col} BIGINT NULL", f"FOREIGN KEY ({col}) REFERENCES {parent} (id)"
        ty = "BIGINT" if self.engine == "postgres" else "INTEGER"
        return f"{col} {ty} NULL REFERENCES {parent} (id)", None

    def bool_col(self, col: str) -> str:
        if self.engine == "sqlite":
            return f"{col} INTEGER NOT NULL DEFAULT 0"
        return f"{col} BOOLEAN NOT NULL DEFAULT FALSE"

    def drop_index(self, index: str, table: str) -> str:
        if self.engine == "mysql":
            return f"DROP INDEX {index} ON {table}"
        return f"DROP INDEX {index}"


def generate(engine: str, count: int, seed: int,
             noop: bool = False) -> list[tuple[str, list[str], list[str]]]:
    """`count` migrations as (name, up statements, down statements), 1–4 statements each.
    With `noop`, every migration is a lone `SELECT 1`: what is left to time is each tool's
    own overhead per migration (transactions, history rows, round trips, process start)."""
    if noop:
        return [(f"noop_{i}", ["SELECT 1"], ["SELECT 1"]) for i in range(1, count + 1)]
    rng = random.Random(f"{seed}-{engine}")
    d = Dialect(engine)
    tables: list[Table] = []
    migrations = []
    serial = 0

    def new_table_name() -> str:
        nonlocal serial
        serial += 1
        return f"{rng.choice(NOUNS)}_{serial}"

    def new_column(t: Table) -> str:
        nonlocal serial
        serial += 1
        return f"{rng.choice(ATTRS)}_{serial}"

    def values(t: Table, rows: int) -> tuple[str, str]:
        """An INSERT of `rows` rows, and the list of its first-column values (for the down)."""
        cols = ", ".join(t.columns[:2])
        tuples = [[f"'{rng.choice(ATTRS)}-{rng.randrange(10_000)}'" for _ in t.columns[:2]]
                  for _ in range(rows)]
        vals = ", ".join("(" + ", ".join(r) + ")" for r in tuples)
        return f"INSERT INTO {t.name} ({cols}) VALUES {vals}", ", ".join(r[0] for r in tuples)

    for _ in range(count):
        kind = "create_table" if len(tables) < 3 else rng.choices(
            ["create_table", "add_column", "add_index", "seed", "backfill"],
            weights=[30, 25, 15, 15, 15],
        )[0]
        up: list[str] = []
        down: list[str] = []
        if kind == "create_table":
            t = Table(new_table_name(), [])
            t.columns = [new_column(t), new_column(t)]
            defs = [d.id_col()] + [f"{c} {d.text()} NOT NULL" for c in t.columns]
            defs.append(d.bool_col("active"))
            constraints = []
            if tables and rng.random() < 0.4:
                parent = rng.choice(tables)
                col, constraint = d.fk_col(f"{parent.name}_id", parent.name)
                defs.append(col)
                if constraint:
                    constraints.append(constraint)
            defs.append(d.created_at())
            body = ",\n    ".join(defs + constraints)
            up.append(f"CREATE TABLE {t.name} (\n    {body}\n)")
            if rng.random() < 0.5:
                ix = f"ix_{t.name}_{t.columns[0]}"
                up.append(f"CREATE INDEX {ix} ON {t.name} ({t.columns[0]})")
                t.indexed.add(t.columns[0])
            if rng.random() < 0.3:
                up.append(values(t, rng.randint(1, 3))[0])
            down.append(f"DROP TABLE {t.name}")
            tables.append(t)
            name = f"create_{t.name}"
        elif kind in ("add_column", "backfill"):
            t = rng.choice(tables)
            col = new_column(t)
            up.append(f"ALTER TABLE {t.name} ADD COLUMN {col} {d.text()} NULL")
            undo = [f"ALTER TABLE {t.name} DROP COLUMN {col}"]
            if kind == "add_column" and rng.random() < 0.5:
                ix = f"ix_{t.name}_{col}"
                up.append(f"CREATE INDEX {ix} ON {t.name} ({col})")
                undo.insert(0, d.drop_index(ix, t.name))
                t.indexed.add(col)
            if kind == "backfill":
                up.append(f"UPDATE {t.name} SET {col} = {t.columns[0]} WHERE {col} IS NULL")
                if rng.random() < 0.5:
                    up.append(f"UPDATE {t.name} SET {col} = 'unknown' WHERE {col} = ''")
            down.extend(undo)
            t.columns.append(col)
            name = f"{'add' if kind == 'add_column' else 'backfill'}_{col}_to_{t.name}"
        elif kind == "add_index":
            t = rng.choice(tables)
            free = [c for c in t.columns if c not in t.indexed] or t.columns
            cols = rng.sample(free, k=min(len(free), rng.randint(1, 2)))
            for c in cols:
                ix = f"ix_{t.name}_{c}_{len(migrations) + 1}"
                up.append(f"CREATE INDEX {ix} ON {t.name} ({c})")
                down.insert(0, d.drop_index(ix, t.name))
                t.indexed.add(c)
            name = f"index_{t.name}_{'_'.join(cols)}"
        else:  # seed
            picked = rng.sample(tables, k=min(len(tables), rng.randint(1, 3)))
            for t in picked:
                stmt, firsts = values(t, rng.randint(1, 5))
                up.append(stmt)
                down.insert(0, f"DELETE FROM {t.name} WHERE {t.columns[0]} IN ({firsts})")
            name = f"seed_{picked[0].name}"
        assert 1 <= len(up) <= 4, (kind, up)
        migrations.append((name[:80], up, down))
    return migrations


def write_layouts(work: Path, engine: str, migrations) -> dict[str, Path]:
    """keel layout (also sqlx's reversible layout), diesel folders, and all.sql."""
    keel_dir = work / engine / "keel"
    diesel_dir = work / engine / "diesel"
    keel_dir.mkdir(parents=True)
    diesel_dir.mkdir(parents=True)
    script = lambda stmts: "".join(s + ";\n" for s in stmts)  # noqa: E731
    parts = []
    for i, (name, up, down) in enumerate(migrations, start=1):
        up_text, down_text = script(up), script(down)
        (keel_dir / f"{i:04d}_{name}.up.sql").write_text(up_text)
        (keel_dir / f"{i:04d}_{name}.down.sql").write_text(down_text)
        # diesel's own version format, YYYY-MM-DD-HHMMSS: one second apart.
        hh, rest = divmod(i, 3600)
        mm, ss = divmod(rest, 60)
        folder = diesel_dir / f"2024-01-01-{hh:02d}{mm:02d}{ss:02d}_{name}"
        folder.mkdir()
        (folder / "up.sql").write_text(up_text)
        (folder / "down.sql").write_text(down_text)
        parts.append(f"-- {i:04d}_{name}\n{up_text}")
    all_sql = work / engine / "all.sql"
    all_sql.write_text("".join(parts))
    history_sql = work / engine / "all_history.sql"
    history_sql.write_text(with_history(engine, migrations))
    return {"keel": keel_dir, "sqlx": keel_dir, "diesel": diesel_dir, "all": all_sql,
            "all_history": history_sql}


def with_history(engine: str, migrations) -> str:
    """all.sql with the history writes keel makes, in the same places, for the client to run:
    what a bare client session costs once it keeps keel's bookkeeping. PostgreSQL and SQLite:
    each migration in a transaction with one history INSERT. MariaDB (DDL commits at once):
    a `failed` row before the first statement, the running statement's number before each
    later one, and `applied` after the last (DESIGN 5.1)."""
    out = ["CREATE TABLE bench_history (id VARCHAR(191) NOT NULL PRIMARY KEY, "
           "state VARCHAR(16) NOT NULL, failed_statement BIGINT NULL);\n"]
    for i, (_, up, _) in enumerate(migrations, start=1):
        if engine != "mysql":
            out.append("BEGIN;\n" + "".join(s + ";\n" for s in up)
                       + f"INSERT INTO bench_history VALUES ('{i:04d}', 'applied', NULL);\nCOMMIT;\n")
            continue
        out.append(f"INSERT INTO bench_history VALUES ('{i:04d}', 'failed', 1);\n")
        for n, statement in enumerate(up, start=1):
            if n > 1:
                out.append(f"UPDATE bench_history SET failed_statement = {n} WHERE id = '{i:04d}';\n")
            out.append(statement + ";\n")
        out.append(f"UPDATE bench_history SET state = 'applied', failed_statement = NULL WHERE id = '{i:04d}';\n")
    return "".join(out)


def created_tables(migrations) -> int:
    return sum(1 for _, up, _ in migrations for s in up if s.startswith("CREATE TABLE"))


# --------------------------------------------------------------------- helpers


def run(cmd, *, env=None, cwd=None, stdin=None, check=True, capture=True, timeout=None):
    """Runs a command; on failure raises BenchError with the tail of its output."""
    r = subprocess.run(
        cmd, env=env, cwd=cwd, stdin=stdin if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, timeout=timeout,
    )
    if check and r.returncode != 0:
        out = ((r.stdout or "") + (r.stderr or "")).strip().splitlines()
        raise BenchError(f"{shown(cmd)} exited {r.returncode}: " + " | ".join(out[-6:]))
    return r


def shown(cmd) -> str:
    text = " ".join(str(c) for c in cmd) if isinstance(cmd, list) else str(cmd)
    return re.sub(r"(://[^:/@\s]+:)[^@\s]+@", r"\1***@", text)[:300]


def timed(cmd, *, env=None, cwd=None, stdin_path: Path | None = None) -> float:
    """Wall seconds of one command, which must succeed."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        r = subprocess.run(cmd, env=env, cwd=cwd, stdin=stdin,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - t0
    finally:
        if stdin_path:
            stdin.close()
    if r.returncode != 0:
        err = r.stderr.decode(errors="replace").strip().splitlines()
        raise BenchError(f"{shown(cmd)} exited {r.returncode}: " + " | ".join(err[-6:]))
    return elapsed


def first_line(cmd) -> str:
    """A command's output on one line (diesel --version spreads its version over three)."""
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, text=True, timeout=60)
        return " ".join(r.stdout.split())[:160] or "?"
    except (OSError, subprocess.SubprocessError) as e:
        return f"unavailable ({e})"


def with_db(url: str, db: str) -> str:
    p = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((p.scheme, p.netloc, "/" + db, p.query, p.fragment))


# ----------------------------------------------------------------------- engines


class Engine:
    """One engine: how to make a database, its client, how to check the result."""

    name = ""
    client = ""

    def create(self, db: str) -> str: ...
    def drop(self, db: str) -> None: ...
    def client_all(self, url: str, all_sql: Path) -> tuple[list[str], Path | None, dict]: ...
    def client_each(self, url: str, folder: Path) -> tuple[list[str], dict]: ...
    def scalar(self, url: str, sql: str) -> str: ...
    def tables_sql(self) -> str: ...
    def version(self) -> str: ...

    def count_tables(self, url: str) -> int:
        return int(self.scalar(url, self.tables_sql()))


class Sqlite(Engine):
    name, client = "sqlite", "sqlite3"

    def __init__(self, work: Path):
        self.dir = work / "sqlite-dbs"
        self.dir.mkdir()
        self.bin = shutil.which("sqlite3") or "sqlite3"

    def path(self, db: str) -> Path:
        return self.dir / f"{db}.db"

    def create(self, db: str) -> str:
        self.drop(db)
        return f"sqlite://{self.path(db)}"

    def drop(self, db: str) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path(db)}{suffix}").unlink(missing_ok=True)

    def file(self, url: str) -> str:
        return url.removeprefix("sqlite://")

    def client_all(self, url, all_sql):
        return [self.bin, "-bail", self.file(url)], all_sql, os.environ.copy()

    def client_each(self, url, folder):
        loop = 'for f in "$DIR"/*.up.sql; do "$BIN" -bail "$DB" < "$f" || exit 1; done'
        env = dict(os.environ, DIR=str(folder), BIN=self.bin, DB=self.file(url))
        return ["bash", "-c", loop], env

    def scalar(self, url, sql):
        return run([self.bin, self.file(url), sql]).stdout.strip()

    def tables_sql(self):
        excluded = ", ".join(f"'{t}'" for t in HISTORY_TABLES)
        return ("SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                f"AND name NOT LIKE 'sqlite_%' AND name NOT IN ({excluded})")

    def version(self):
        return "sqlite3 CLI " + first_line([self.bin, "--version"]).split()[0]

    def sqlx_url(self, url: str) -> str:
        Path(self.file(url)).touch()  # sqlx-cli does not create the file
        return url

    def diesel_url(self, url: str) -> str:
        return self.file(url)


class Postgres(Engine):
    name, client = "postgres", "psql"

    def __init__(self, admin_url: str, pg_bin: str):
        self.admin = admin_url
        # Call psql directly: /usr/bin/psql is Debian's Perl wrapper, which would add
        # ~50 ms of start-up to every call of the per-file loop.
        self.psql = str(Path(pg_bin) / "psql") if pg_bin else (shutil.which("psql") or "psql")

    def create(self, db):
        self.drop(db)
        self.scalar(self.admin, f"CREATE DATABASE {db}")
        return with_db(self.admin, db)

    def drop(self, db):
        self.scalar(self.admin, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")

    def client_all(self, url, all_sql):
        return [self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(all_sql), url], None, os.environ.copy()

    def client_each(self, url, folder):
        loop = ('for f in "$DIR"/*.up.sql; do '
                '"$BIN" -X -q -v ON_ERROR_STOP=1 --single-transaction -f "$f" "$URL" || exit 1; done')
        return ["bash", "-c", loop], dict(os.environ, DIR=str(folder), BIN=self.psql, URL=url)

    def scalar(self, url, sql):
        return run([self.psql, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql, url]).stdout.strip()

    def tables_sql(self):
        excluded = ", ".join(f"'{t}'" for t in HISTORY_TABLES)
        return ("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                f"AND tablename NOT IN ({excluded})")

    def version(self):
        server = self.scalar(self.admin, "SHOW server_version")
        return f"PostgreSQL server {server}; {first_line([self.psql, '--version'])}"

    def sqlx_url(self, url):
        return url

    def diesel_url(self, url):
        return url


class Mysql(Engine):
    name, client = "mysql", "mariadb"

    def __init__(self, admin_url: str):
        p = urllib.parse.urlsplit(admin_url)
        self.admin = admin_url
        self.host, self.port = p.hostname, str(p.port or 3306)
        self.user = urllib.parse.unquote(p.username or "")
        self.password = urllib.parse.unquote(p.password or "")
        self.bin = shutil.which("mariadb") or shutil.which("mysql") or "mariadb"

    def base(self) -> list[str]:
        return [self.bin, "--no-defaults", "--protocol=TCP", "-h", self.host, "-P", self.port, "-u", self.user]

    def env(self) -> dict:
        return dict(os.environ, MYSQL_PWD=self.password)  # keeps the password out of argv

    def dbname(self, url: str) -> str:
        return urllib.parse.urlsplit(url).path.lstrip("/")

    def create(self, db):
        self.drop(db)
        self.scalar(self.admin, f"CREATE DATABASE {db}")
        return with_db(self.admin, db)

    def drop(self, db):
        self.scalar(self.admin, f"DROP DATABASE IF EXISTS {db}")

    def client_all(self, url, all_sql):
        return self.base() + [self.dbname(url)], all_sql, self.env()

    def client_each(self, url, folder):
        loop = 'for f in "$DIR"/*.up.sql; do "$@" < "$f" || exit 1; done'
        return (["bash", "-c", loop, "each"] + self.base() + [self.dbname(url)],
                dict(self.env(), DIR=str(folder)))

    def scalar(self, url, sql):
        return run(self.base() + ["-N", "-s", "-e", sql, self.dbname(url)], env=self.env()).stdout.strip()

    def tables_sql(self):
        excluded = ", ".join(f"'{t}'" for t in HISTORY_TABLES)
        return ("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                f"AND TABLE_NAME NOT IN ({excluded})")

    def version(self):
        server = self.scalar(self.admin, "SELECT VERSION()")
        return f"MariaDB server {server}; {first_line([self.bin, '--version'])}"

    def sqlx_url(self, url):
        return url

    def diesel_url(self, url):
        return url


# ----------------------------------------------------------------------- servers


# ------------------------------------------------------------------------- tools


def find_peer(name: str) -> str | None:
    for candidate in (TOOLS / "bin" / name, Path.home() / ".cargo" / "bin" / name):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def ensure_peer(name: str, install: bool) -> tuple[str | None, str]:
    """(path or None, note). Installs with cargo into bench/.tools when missing."""
    path = find_peer(name)
    if path:
        return path, ""
    if not install:
        return None, "not installed (--no-install)"
    TOOLS.mkdir(parents=True, exist_ok=True)
    log_path = TOOLS / f"{name}-install.log"
    cmd = ["cargo", "install", "--root", str(TOOLS)] + PEERS[name]
    log(f"installing {name}: {' '.join(cmd)} (slow; log: {log_path})")
    with open(log_path, "w") as f:
        rc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL).returncode
    path = find_peer(name)
    if rc == 0 and path:
        return path, ""
    errors = [l for l in log_path.read_text(errors="replace").splitlines() if l.startswith("error")]
    return None, f"cargo install failed ({(errors or ['see ' + str(log_path)])[0][:200]})"


@dataclass
class Result:
    tool: str
    times: list[float] = field(default_factory=list)
    note: str = ""


def stats(xs: list[float]) -> tuple[float, float, float]:
    return statistics.median(xs), min(xs), max(xs)


# -------------------------------------------------------------------------- main


def bench_engine(eng: Engine, layout: dict[str, Path], migrations, runs: int,
                 keel: str, peers: dict[str, str | None], peer_notes: dict[str, str],
                 work: Path, baseline: str | None = None,
                 keel_only: bool = False, per_file: bool = True) -> tuple[list[Result], Result]:
    count = len(migrations)
    tables = created_tables(migrations)
    keel_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    keel_cwd = work / eng.name / "keel-project"  # journal goes to .keel/ here
    keel_cwd.mkdir()

    # `keel` is what a user gets (verified pre-migrate backup and data guard included);
    # `keel --no-backup` is the migrator alone, the like-for-like peer of the other tools.
    tools = ["keel", "keel --no-backup"] + (["keel baseline"] if baseline else [])
    results = {t: Result(t) for t in
               tools + [f"{eng.client} all.sql", f"{eng.client} all.sql + history",
                        f"{eng.client} per file", "sqlx", "diesel"]}
    status = Result("keel status")
    for peer in ("sqlx", "diesel"):
        if not peers.get(peer):
            results[peer].note = peer_notes.get(peer, "not available")

    def keel_migrate(url, binary=keel, extra=()):
        return timed([binary, "migrate", "-q", *extra, "--database", url, "--dir", str(layout["keel"])],
                     env=keel_env, cwd=keel_cwd), "keel_migrations"

    def client_all(url, script="all"):
        # The history variant leaves its bookkeeping table, as keel does.
        history = "bench_history" if script == "all_history" else None
        cmd, stdin, env = eng.client_all(url, layout[script])
        if stdin is None:
            return timed(cmd, env=env), history
        return timed(cmd, env=env, stdin_path=stdin), history

    def client_each(url):
        cmd, env = eng.client_each(url, layout["keel"])
        return timed(cmd, env=env), None

    def sqlx(url):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        return timed([peers["sqlx"], "migrate", "run", "--source", str(layout["sqlx"]),
                      "--database-url", eng.sqlx_url(url)], env=env, cwd=work), "_sqlx_migrations"

    def diesel(url):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        return timed([peers["diesel"], "migration", "run", "--migration-dir", str(layout["diesel"]),
                      "--database-url", eng.diesel_url(url)], env=env, cwd=work), "__diesel_schema_migrations"

    runners = {
        "keel": keel_migrate,
        "keel --no-backup": lambda url: keel_migrate(url, extra=("--no-backup",)),
        "keel baseline": lambda url: keel_migrate(url, baseline),
        f"{eng.client} all.sql": client_all,
        f"{eng.client} all.sql + history": lambda url: client_all(url, "all_history"),
        f"{eng.client} per file": client_each,
        "sqlx": sqlx,
        "diesel": diesel,
    }
    if keel_only:
        results = {t: r for t, r in results.items() if t.startswith("keel")}
    if not per_file:
        results.pop(f"{eng.client} per file", None)
    order = [t for t in runners if t in results and not results[t].note]
    for r in range(runs):
        # A new order every run (seeded, so reproducible): a tool never always follows the
        # same neighbour (whose aftermath, e.g. a big DROP DATABASE, it would otherwise inherit).
        shuffled = order[:]
        random.Random(f"order-{eng.name}-{r}").shuffle(shuffled)
        for tool in shuffled:
            if results[tool].note:
                continue  # failed in an earlier run
            db = f"kb_{eng.name}_{re.sub(r'[^a-z0-9]+', '_', tool.lower())}_{r}"
            url = eng.create(db)
            try:
                seconds, history = runners[tool](url)
                got = eng.count_tables(url)
                if got != tables:
                    raise BenchError(f"expected {tables} tables afterwards, found {got}")
                if history:
                    rows = int(eng.scalar(url, f"SELECT count(*) FROM {history}"))
                    if rows != count:
                        raise BenchError(f"expected {count} rows in {history}, found {rows}")
                results[tool].times.append(seconds)
                log(f"{eng.name} run {r + 1}/{runs}: {tool}: {seconds:.3f}s")
                if tool == "keel":
                    s = timed([keel, "status", "--database", url, "--dir", str(layout["keel"])],
                              env=keel_env, cwd=keel_cwd)
                    status.times.append(s)
                    log(f"{eng.name} run {r + 1}/{runs}: keel status: {s:.3f}s")
            except BenchError as e:
                if tool == "keel":
                    raise
                results[tool].note = f"failed: {e}"[:400]
                log(f"{eng.name}: {tool} {results[tool].note}")
            finally:
                eng.drop(db)
    return list(results.values()), status


def render(engine_name: str, count: int, results: list[Result], status: Result,
           markdown: bool) -> str:
    keel_times = results[0].times
    keel_median = statistics.median(keel_times)
    rows = []
    for res in results:
        if res.times:
            med, lo, hi = stats(res.times)
            # Run r of a tool and run r of keel happened minutes apart at most; the median of
            # those per-run ratios shrugs off a slow phase of the machine better.
            paired = statistics.median(t / k for t, k in zip(res.times, keel_times))
            runs_text = str(len(res.times)) + (f" ({res.note})" if res.note else "")
            rows.append([res.tool, f"{med:.3f}", f"{lo:.3f}", f"{hi:.3f}",
                         f"{med / keel_median:.2f}", f"{paired:.2f}", runs_text])
        else:
            rows.append([res.tool, "—", "—", "—", "—", "—", f"0 ({res.note})"])
    head = ["tool", "median s", "min s", "max s", "× keel", "× keel per run", "runs"]
    if status.times:
        med, lo, hi = stats(status.times)
        status_line = (f"keel status ({count} applied): median {med:.3f}s, "
                       f"min {lo:.3f}s, max {hi:.3f}s ({len(status.times)} runs)")
    else:
        status_line = "keel status: not measured"
    title = f"{engine_name}: {count} migrations"
    if markdown:
        out = [f"### {title}", "", "| " + " | ".join(head) + " |",
               "|" + "|".join(["---"] + ["---:"] * (len(head) - 2) + ["---"]) + "|"]
        out += ["| " + " | ".join(r) + " |" for r in rows]
        out += ["", f"**{status_line}**", ""]
        return "\n".join(out)
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    fmt = lambda r: "  ".join(  # noqa: E731
        c.ljust(w) if i in (0, len(head) - 1) else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([title, fmt(head).rstrip()] + [fmt(r).rstrip() for r in rows] + [status_line, ""])


def machine_facts(keel: str, origin: str, engines: dict[str, Engine], peers) -> list[str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    facts = [
        f"date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        f"machine: {os.cpu_count()} logical CPUs (nproc {first_line(['nproc'])}), {cpu}, "
        f"{platform.system()} {platform.release()}",
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"keel: {first_line([keel, '--version'])} ({origin})",
        f"rustc: {first_line(['rustc', '--version'])}",
    ]
    for eng in engines.values():
        facts.append(f"{eng.name}: {eng.version()}")
    for name, path in peers.items():
        facts.append(f"{name}: {first_line([path, '--version']) if path else 'not available'}")
    return facts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="runs per tool and engine (default 5)")
    ap.add_argument("--count", type=int, default=1000, help="migrations per engine (default 1000)")
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset of sqlite,postgres,mysql")
    ap.add_argument("--markdown", action="store_true", help="also print the tables as Markdown")
    ap.add_argument("--no-build", action="store_true", help="use the existing target/release/keel")
    ap.add_argument("--keel", metavar="KEEL", help="measure this keel binary instead of building the checkout")
    ap.add_argument("--no-install", action="store_true", help="do not cargo-install missing sqlx/diesel")
    ap.add_argument("--seed", type=int, default=1, help="seed of the migration generator")
    ap.add_argument("--noop", action="store_true",
                    help="every migration is `SELECT 1`: measures each tool's overhead per migration")
    ap.add_argument("--no-per-file", action="store_true",
                    help="leave out the slow one-client-call-per-file loop")
    ap.add_argument("--keel-only", action="store_true",
                    help="measure only keel (and --baseline): a quick before/after of a change")
    ap.add_argument("--baseline", metavar="KEEL", help="also measure this keel binary ('keel baseline'), "
                    "e.g. a build from before a change, for a before/after ratio within one run")
    args = ap.parse_args()
    engines_wanted = [e.strip() for e in args.engines.split(",") if e.strip()]
    for e in engines_wanted:
        if e not in ENGINES:
            ap.error(f"unknown engine {e!r}")
    if args.runs < 1 or args.count < 1:
        ap.error("--runs and --count must be at least 1")

    # SIGTERM/SIGHUP take the same way out as Ctrl-C, through the finally below.
    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    work = Path(tempfile.mkdtemp(prefix="keel-bench."))
    servers = Servers(work)
    try:
        if not args.no_build and not args.keel:
            log("cargo build --release -p keel")
            subprocess.run(["cargo", "build", "--release", "-p", "keel"], cwd=ROOT, check=True,
                           stdin=subprocess.DEVNULL, stdout=sys.stderr)
        built = Path(args.keel) if args.keel else ROOT / "target" / "release" / "keel"
        if not os.access(built, os.X_OK):
            raise BenchError(f"{built} not found or not executable")
        # A private copy: a rebuild in the shared checkout must not change keel mid-benchmark.
        keel = str(work / "keel")
        shutil.copy2(built, keel)
        baseline = None
        if args.baseline:
            baseline = str(work / "keel-baseline")
            shutil.copy2(args.baseline, baseline)

        peers, notes = {}, {}
        for name in PEERS:
            if args.keel_only:
                peers[name], notes[name] = None, "not measured (--keel-only)"
                continue
            peers[name], notes[name] = ensure_peer(name, not args.no_install)
            if notes[name]:
                log(f"{name}: {notes[name]}")

        engines: dict[str, Engine] = {}
        if "sqlite" in engines_wanted:
            engines["sqlite"] = Sqlite(work)
        if {"postgres", "mysql"} & set(engines_wanted):
            servers.start()
            if "postgres" in engines_wanted:
                if "KEEL_TEST_POSTGRES_URL" not in servers.env:
                    raise BenchError(f"PostgreSQL did not start:\n{servers.tail()}")
                engines["postgres"] = Postgres(servers.env["KEEL_TEST_POSTGRES_URL"],
                                               servers.env.get("KEEL_TEST_PG_BIN", ""))
            if "mysql" in engines_wanted:
                if "KEEL_TEST_MYSQL_URL" not in servers.env:
                    raise BenchError(f"MariaDB did not start:\n{servers.tail()}")
                engines["mysql"] = Mysql(servers.env["KEEL_TEST_MYSQL_URL"])

        origin = (f"--keel {args.keel}" if args.keel else "release build of git "
                  + first_line(["git", "-C", str(ROOT), "describe", "--always", "--dirty"]))
        facts = machine_facts(keel, origin, engines, peers)
        tables = []
        for name, eng in engines.items():
            migrations = generate(name, args.count, args.seed, args.noop)
            layout = write_layouts(work, name, migrations)
            stmts = sum(len(up) for _, up, _ in migrations)
            log(f"{name}: {args.count} migrations, {stmts} up statements, "
                f"{created_tables(migrations)} tables, in {layout['keel']}")
            results, status = bench_engine(eng, layout, migrations, args.runs, keel, peers, notes,
                                           work, baseline, args.keel_only, not args.no_per_file)
            tables.append((name, results, status, stmts))

        command = "bench/migrate.py " + " ".join(sys.argv[1:])
        print(f"command: {command.strip()}")
        for f in facts:
            print(f)
        print("servers: private PostgreSQL/MariaDB from scripts/test --servers-only "
              "(fsync/synchronous_commit off, innodb_flush_log_at_trx_commit=0); SQLite files in /tmp")
        print()
        for name, results, status, stmts in tables:
            print(render(f"{name} ({stmts} statements)", args.count, results, status, False))
        if args.markdown:
            print()
            for name, results, status, stmts in tables:
                print(render(f"{name} ({stmts} statements)", args.count, results, status, True))
        return 0
    except BenchError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        servers.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

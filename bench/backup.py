"""keel's backup benchmark: `keel backup create` and `restore` against each engine's own tools.

    bench/backup.py [--size-mb 1024] [--engines sqlite,postgres,mysql] [--runs 3]
                    [--reuse-servers] [--no-build] [--keel BINARY] [--out FILE] [--no-write]

For each engine one database holds a `photos` table of about --size-mb MiB (1 KiB of text per
row, written by the engine's own SQL). On that same database, --runs runs each (order
rotating) of:

  backup    keel backup create            (zstd, verified before it is renamed into place)
            SQLite: sqlite3 .backup, cp of the database file (the ceiling)
            PostgreSQL: pg_dump -Fc, pg_dump -Fd -j2
            MariaDB: mariadb-dump --single-transaction
  restore   every tool into a fresh, empty database:
            keel backup restore PATH --database NEW --yes (its safety backup of an empty
            database is part of the time)
            SQLite: sqlite3 NEW .restore; PostgreSQL: pg_restore -j2 of the -Fc dump, psql of a
            plain pg_dump; MariaDB: the mariadb client reading the dump

plus the disk's sequential write speed (`dd … conv=fdatasync`, 1 GiB or --size-mb) as the
ceiling. Wall time of the whole process; peak RSS from `/usr/bin/time -v`.

Rows named `floor: …` are not peers: they are the least work the specification (DESIGN §5.2)
leaves any verified backup or restore, done with the fastest standard tools, to tell a goal
keel misses from one nobody can meet:

  SQLite backup    zstd -1 of the database file on every CPU, fsync, then re-read it (zstd -t):
                   compression, durability and the re-read a verified backup needs, with no
                   snapshot and no checksums of keel's own
  SQLite restore   zstd -d of that file into a scratch file, then sqlite3 .restore from it: the
                   online backup API into the live file, as the specification requires, after
                   the decompression any compressed backup needs
  MariaDB backup   the mariadb client reading `SELECT * FROM photos` with --quick into
                   /dev/null: the server producing the rows, which any logical backup waits for
  PostgreSQL backup  psql running `COPY photos TO STDOUT` into /dev/null: the same for COPY

Goals (issue 4): backups at least twice as fast as `pg_dump -Fc` and `mariadb-dump`; restores
faster than every peer; SQLite within 1.5x of a plain file copy; peak memory under 256 MiB.

Output: progress on stderr; Markdown tables on stdout, also written to
bench/results/backup.md (or --out) unless --no-write. Python 3.11 standard library only.
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (the benchmarks' shared module, beside this script)
from common import BenchError, Servers, keel_env, log, machine_facts, measure, shown  # noqa: E402

DB = "kb_backup"


class Tool:
    """One way to back up or restore; `run()` returns the measurement."""

    def __init__(self, name: str, run, prepare=None):
        self.name, self.run, self.prepare = name, run, prepare
        self.times: list[float] = []
        self.rss: list[float] = []


def disk_write_mb_s(folder: Path, size_mb: int) -> float:
    target = folder / "dd.bin"
    mb = min(size_mb, 1024)
    t0 = time.perf_counter()
    subprocess.run(["dd", "if=/dev/zero", f"of={target}", "bs=1M", f"count={mb}", "conv=fdatasync"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    target.unlink()
    return mb / seconds


class Bench:
    def __init__(self, eng: common.Engine, keel: str, work: Path):
        self.eng, self.keel = eng, keel
        self.dir = work / eng.name
        self.dir.mkdir()
        (self.dir / "migrations").mkdir()
        self.backups = self.dir / ".keel" / "backups"
        self.url = eng.create(DB)

    def keel_cmd(self, *args: str, url: str | None = None) -> list[str]:
        return [self.keel, *args, "--database", url or self.url]

    def fresh(self, name: str) -> str:
        return self.eng.create(f"{DB}_{name}")

    def newest_backup(self) -> Path:
        files = sorted(self.backups.glob("*.keelbak"), key=lambda p: p.stat().st_mtime)
        if not files:
            raise BenchError("keel wrote no backup")
        return files[-1]

    def tools(self) -> tuple[list[Tool], list[Tool]]:
        e, d = self.eng, self.dir
        env = keel_env()

        def keel_create():
            for old in self.backups.glob("*"):
                if old.name != "journal.jsonl":
                    old.unlink()
            return measure(self.keel_cmd("backup", "create", "-q"), env=env, cwd=d)

        def keel_restore():
            backup = self.newest_backup()
            url = self.fresh("keel")
            return measure(self.keel_cmd("backup", "restore", str(backup), "--yes", "-q", url=url),
                           env=env, cwd=d)

        backups = [Tool("keel backup create", keel_create)]
        restores = [Tool("keel backup restore", keel_restore, prepare=keel_create)]
        if e.name == "sqlite":
            path = self.url.removeprefix("sqlite://")
            backups += [
                Tool("sqlite3 .backup", lambda: measure([e.bin, path, f".backup {d / 'copy.db'}"])),
                Tool("cp (file copy)", lambda: measure(["cp", path, str(d / "cp.db")])),
                Tool("floor: zstd -1 + fsync + re-read", lambda: measure(
                    ["sh", "-c", 'zstd -q -1 -T0 -f "$1" -o "$2" && sync "$2" && zstd -q -t "$2"',
                     "floor", path, str(d / "floor.zst")])),
            ]
            restores += [
                Tool("sqlite3 .restore", lambda: measure(
                    [e.bin, self.fresh("sqlite3").removeprefix("sqlite://"), f".restore {d / 'copy.db'}"]),
                    prepare=lambda: measure([e.bin, path, f".backup {d / 'copy.db'}"])),
                Tool("floor: zstd -d + sqlite3 .restore", lambda: measure(
                    ["sh", "-c", 'zstd -q -d -f "$1" -o "$2" && "$3" "$4" ".restore $2"', "floor",
                     str(d / "floor.zst"), str(d / "unpacked.db"), e.bin,
                     self.fresh("floor").removeprefix("sqlite://")]),
                    prepare=lambda: measure(["zstd", "-q", "-1", "-T0", "-f", path, "-o", str(d / "floor.zst")])),
            ]
        elif e.name == "postgres":
            fc, fd, plain = d / "dump.fc", d / "dump.fd", d / "dump.sql"

            def fd_dump():
                shutil.rmtree(fd, ignore_errors=True)
                return measure([e.pg_dump, "-Fd", "-j2", "-f", str(fd), self.url])
            backups += [
                Tool("pg_dump -Fc", lambda: measure([e.pg_dump, "-Fc", "-f", str(fc), self.url])),
                Tool("pg_dump -Fd -j2", fd_dump),
                Tool("floor: psql COPY TO STDOUT", lambda: measure(
                    [e.psql, "-X", "-q", "-c", "COPY photos TO STDOUT", self.url],
                    stdout_path=Path("/dev/null"))),
            ]
            restores += [
                Tool("pg_restore -j2 (-Fc)", lambda: measure(
                    [e.pg_restore, "-j2", "-d", self.fresh("pg_restore"), str(fc)]),
                    prepare=lambda: measure([e.pg_dump, "-Fc", "-f", str(fc), self.url])),
                Tool("psql < plain dump", lambda: measure(
                    [e.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(plain), self.fresh("psql")]),
                    prepare=lambda: measure([e.pg_dump, "-Fp", "-f", str(plain), self.url])),
            ]
        else:
            dump = d / "dump.sql"
            backups += [
                Tool("mariadb-dump --single-transaction", lambda: measure(
                    e.base(e.dumper) + ["--single-transaction", DB], env=e.env(), stdout_path=dump)),
                Tool("floor: mariadb --quick SELECT *", lambda: measure(
                    e.base(e.client) + ["--quick", "-e", "SELECT * FROM photos", DB], env=e.env(),
                    stdout_path=Path("/dev/null"))),
            ]

            def client_restore():
                target = self.fresh("client").rsplit("/", 1)[1]
                with open(dump, "rb") as f:
                    t0 = time.perf_counter()
                    r = subprocess.run(e.base(e.client) + [target], env=e.env(), stdin=f,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                    seconds = time.perf_counter() - t0
                if r.returncode != 0:
                    raise BenchError(f"mariadb < dump exited {r.returncode}: {r.stderr[-300:]!r}")
                return common.Measurement(seconds, float("nan"), "")
            restores += [Tool("mariadb < dump", client_restore, prepare=lambda: measure(
                e.base(e.dumper) + ["--single-transaction", DB], env=e.env(), stdout_path=dump))]
        return backups, restores

    def artifact_mb(self) -> float:
        return self.newest_backup().stat().st_size / 1024 / 1024


def measure_all(tools: list[Tool], runs: int, label: str) -> None:
    order = list(tools)
    for r in range(runs):
        random.Random(f"{label}-{r}").shuffle(order)
        for t in order:
            if t.prepare:
                t.prepare()
            m = t.run()
            t.times.append(m.seconds)
            t.rss.append(m.rss_mb)
            log(f"{label} run {r + 1}/{runs}: {t.name}: {m.seconds:.2f}s, {m.rss_mb:.0f} MB")


def table(title: str, tools: list[Tool], size_mb: float, baseline: str) -> list[str]:
    base = statistics.median(next(t for t in tools if t.name == baseline).times)
    out = [f"**{title}**", "", "| tool | median s | MB/s | ÷ keel | peak RSS MB |", "|---|---:|---:|---:|---:|"]
    for t in tools:
        med = statistics.median(t.times)
        rss = max(t.rss) if t.rss and all(x == x for x in t.rss) else float("nan")
        rss_text = "—" if rss != rss else f"{rss:.0f}"
        out.append(f"| {t.name} | {med:.2f} | {size_mb / med:,.0f} | {med / base:.2f} | {rss_text} |")
    return out + [""]


def main() -> int:
    args, wanted = common.sized_bench_args(__doc__.split("\n\n")[0], "backup.md", runs=3)

    common.ensure_time()
    work = Path(tempfile.mkdtemp(prefix="keel-bench-backup."))
    servers = Servers(work)
    try:
        keel = common.prepare_keel(args.no_build, args.keel, work)
        engines = common.open_engines(wanted, work, servers, args.reuse_servers)
        facts = machine_facts(keel, engines)
        ceiling = disk_write_mb_s(work, args.size_mb)
        sections = []
        for name, eng in engines.items():
            b = Bench(eng, keel, work)
            try:
                eng.execute(b.url, common.PHOTOS_DDL)
                common.fill_photos(eng, b.url, args.size_mb)
                size = eng.size_bytes(b.url) / 1024 / 1024
                backups, restores = b.tools()
                for t in backups + restores:  # one unmeasured round: warm caches for everyone
                    if t.prepare:
                        t.prepare()
                    t.run()
                measure_all(backups, args.runs, f"{name} backup")
                artifact = b.artifact_mb()
                measure_all(restores, args.runs, f"{name} restore")
                sections += [f"## {name}: {size:,.0f} MiB database, keel artifact {artifact:,.0f} MiB", ""]
                sections += table("backup", backups, size, "keel backup create")
                sections += table("restore into an empty database", restores, size, "keel backup restore")
            finally:
                for db in [DB, f"{DB}_keel", f"{DB}_sqlite3", f"{DB}_pg_restore", f"{DB}_psql", f"{DB}_client",
                           f"{DB}_floor"]:
                    eng.drop(db)
        doc = ["# Backup benchmark", "", f"Command: `{shown(['bench/backup.py'] + sys.argv[1:])}`", "",
               *[f"- {f}" for f in facts],
               f"- disk sequential write (dd conv=fdatasync): {ceiling:,.0f} MB/s",
               f"- median of {args.runs} measured run(s) after one warm-up round; order rotates; "
               "wall time of the whole process; ÷ keel > 1 means keel is faster", "", *sections]
        text = "\n".join(doc)
        print(text)
        if not args.no_write:
            Path(args.out).write_text(text)
            log(f"results written to {args.out}")
        return 0
    except BenchError as e:
        log(f"error: {e}")
        return 2
    finally:
        servers.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""The data guard's cost and `keel rehearse`'s speed on a large database (issue 6).

    bench/guard.py [--size-mb 1024] [--engines sqlite,postgres,mysql] [--runs 1]
                   [--reuse-servers] [--no-build] [--keel BINARY] [--out FILE] [--no-write]
                   [--baseline BINARY] [--batch add-column|update]

For each engine one database is built: a `photos` table (id, caption, 1 KiB body) filled to
about --size-mb MiB with the engine's own SQL. The pending batch is small and names the big
table: with `--batch add-column` (the default) `0002` adds a column to photos, which cannot
take a value from it, so the guard reads nothing of photos; with `--batch update` `0002`
rewrites 1,000 captions, so the guard must count photos before (in the backup's stream) and
after (one aggregate scan) — its worst case. `0003` creates posts. Measured, each as the
whole `keel` process:

  migrate --no-backup   the batch with neither backup nor guard;
  backup create         a verified backup alone;
  migrate               the batch with its verified backup and the data guard. The guard's
                        share is migrate − migrate --no-backup − backup create, and "fingerprint
                        vs backup" is that share over the backup's time (goal: under 10 %);
  rehearse              `keel rehearse` on the same batch (clone, up with the guard, down,
                        compare; goal: under a minute), with the clone's own time from its
                        JSON report, beside a plain copy of the database file (SQLite) and a
                        bare `CREATE DATABASE … TEMPLATE` (PostgreSQL).

The guard takes its before-fingerprint from the counts the backup makes as its rows stream,
so part of its cost sits inside `backup create`. With --baseline BINARY (an older keel, e.g.
one whose guard read every table a second time), `backup create` and `migrate` are also timed
with that binary, interleaved run by run with the measured one, and a second table gives
both: the backup's extra time (measured − baseline: the counting in the stream), and the
whole fingerprint's cost over the baseline backup (that extra time plus the guard's share).

After each migrate the batch is rolled back with --no-backup (untimed) and the backups are
removed, so every run starts from the same state.

Output: progress on stderr; one Markdown table on stdout, also written to bench/results/guard.md
(or --out) unless --no-write. Python 3.11 standard library only.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (the benchmarks' shared module, beside this script)
from common import BenchError, Servers, keel_env, log, machine_facts, run, shown  # noqa: E402

DB = "kb_guard"
ROW_BYTES = 1024
MIGRATIONS = [
    ("0001_create_photos_table",
     "CREATE TABLE photos (id INTEGER PRIMARY KEY, caption VARCHAR(200), body TEXT);",
     "DROP TABLE photos;"),
    ("0002_add_title_to_photos_table",
     "ALTER TABLE photos ADD COLUMN title VARCHAR(100);",
     "ALTER TABLE photos DROP COLUMN title;"),
    ("0003_create_posts_table",
     "CREATE TABLE posts (id INTEGER PRIMARY KEY, photo_id INTEGER, body TEXT);",
     "DROP TABLE posts;"),
]
BATCHES = {
    "add-column": MIGRATIONS,
    "update": [MIGRATIONS[0],
               ("0002_rewrite_some_captions",
                "UPDATE photos SET caption = UPPER(caption) WHERE id <= 1000;",
                "UPDATE photos SET caption = LOWER(caption) WHERE id <= 1000;"),
               MIGRATIONS[2]],
}


def fill_sql(engine: str, rows: int) -> str:
    """The engine's own fastest way to write `rows` photos of about 1 KiB each."""
    if engine == "sqlite":
        return (f"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows}) "
                "INSERT INTO photos SELECT x, 'caption ' || x, hex(randomblob(500)) FROM c;")
    if engine == "postgres":
        return (f"INSERT INTO photos SELECT g, 'caption ' || g, repeat(md5(g::text), 31) "
                f"FROM generate_series(1, {rows}) g;")
    return (f"INSERT INTO photos SELECT seq, CONCAT('caption ', seq), REPEAT(MD5(seq), 31) "
            f"FROM seq_1_to_{rows};")


class Bench:
    def __init__(self, eng: common.Engine, keel: str, work: Path, size_mb: int, migrations):
        self.eng, self.keel, self.size_mb, self.migrations = eng, keel, size_mb, migrations
        self.project = work / eng.name
        self.folder = self.project / "migrations"
        self.url = eng.create(DB)

    def keel_run(self, *args: str, ok=(0,), binary: str | None = None) -> str:
        r = run([binary or self.keel, *args, "--database", self.url], env=keel_env(), cwd=self.project,
                check=False)
        if r.returncode not in ok:
            raise BenchError(f"keel {' '.join(args)} exited {r.returncode}: {(r.stderr or r.stdout)[-600:]}")
        return r.stdout

    def timed(self, *args: str, binary: str | None = None) -> tuple[float, str]:
        t0 = time.perf_counter()
        out = self.keel_run(*args, binary=binary)
        return time.perf_counter() - t0, out

    def write(self, migrations) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for label, up, down in migrations:
            (self.folder / f"{label}.up.sql").write_text(up + "\n")
            (self.folder / f"{label}.down.sql").write_text(down + "\n")

    def build(self) -> None:
        self.write(self.migrations[:1])
        self.keel_run("migrate", "--no-backup", "-q")
        rows = self.size_mb * 1024 * 1024 // ROW_BYTES
        log(f"{self.eng.name}: filling photos with {rows:,} rows (~{self.size_mb} MiB)")
        t0 = time.perf_counter()
        self.eng.execute(self.url, fill_sql(self.eng.name, rows))
        log(f"{self.eng.name}: filled in {time.perf_counter() - t0:.0f}s")
        if self.eng.name == "mysql":
            self.eng.execute(self.url, "ANALYZE TABLE photos")
        self.write(self.migrations[1:])

    def reset(self) -> None:
        """Back to the batch pending, with no backups on disk."""
        self.keel_run("rollback", "--no-backup", "-q")
        shutil.rmtree(self.project / ".keel" / "backups", ignore_errors=True)

    def migrate_plain(self) -> float:
        seconds, _ = self.timed("migrate", "--no-backup", "-q")
        self.reset()
        return seconds

    def backup(self, binary: str | None = None) -> float:
        seconds, _ = self.timed("backup", "create", "-q", binary=binary)
        shutil.rmtree(self.project / ".keel" / "backups", ignore_errors=True)
        return seconds

    def migrate_guarded(self, binary: str | None = None) -> float:
        seconds, out = self.timed("migrate", "--format", "json", binary=binary)
        report = json.loads(out)
        if not report.get("guard") or report.get("data_loss"):
            raise BenchError(f"{self.eng.name}: the guarded migrate did not run clean: {out[:400]}")
        self.reset()
        return seconds

    def rehearse(self) -> tuple[float, float, str]:
        seconds, out = self.timed("rehearse", "--format", "json")
        report = json.loads(out)
        if not report.get("ok"):
            raise BenchError(f"{self.eng.name}: the rehearsal was not clean: {out[:600]}")
        return seconds, report["clone"]["ms"] / 1000, report["clone"]["method"]

    def bare_clone(self) -> tuple[str, float] | None:
        """The engine's own fastest copy, for comparison with keel's clone."""
        if self.eng.name == "sqlite":
            src = Path(self.url.removeprefix("sqlite://"))
            dst = src.with_name("kb_guard_copy.db")
            t0 = time.perf_counter()
            shutil.copyfile(src, dst)
            seconds = time.perf_counter() - t0
            dst.unlink()
            return "cp of the file", seconds
        if self.eng.name == "postgres":
            self.eng.drop("kb_guard_copy")
            t0 = time.perf_counter()
            self.eng.sql(f"CREATE DATABASE kb_guard_copy TEMPLATE {DB}")
            seconds = time.perf_counter() - t0
            self.eng.drop("kb_guard_copy")
            return "CREATE DATABASE … TEMPLATE", seconds
        return None

    def database_mb(self) -> float:
        return self.eng.size_bytes(self.url) / 1024 / 1024


def take_arg(flag: str) -> str | None:
    """Removes `FLAG VALUE` from the command line (the shared parser does not know it)."""
    if flag not in sys.argv:
        return None
    i = sys.argv.index(flag)
    if i + 1 >= len(sys.argv):
        sys.exit(f"{flag} needs a value")
    value = sys.argv[i + 1]
    del sys.argv[i:i + 2]
    return value


def main() -> int:
    baseline_arg = take_arg("--baseline")
    batch_arg = take_arg("--batch") or "add-column"
    if batch_arg not in BATCHES:
        sys.exit(f"--batch must be one of {', '.join(BATCHES)}")
    args, wanted = common.sized_bench_args(
        __doc__.split("\n\n")[0] + " Also --baseline BINARY: time `backup create` and `migrate` "
        "with that older keel too, interleaved with the measured one, and report the fingerprint's "
        "cost over the backup for both.", "guard.md", runs=1)
    shown_args = (sys.argv[1:] + (["--baseline", baseline_arg] if baseline_arg else [])
                  + (["--batch", batch_arg] if batch_arg != "add-column" else []))

    work = Path(tempfile.mkdtemp(prefix="keel-bench-guard."))
    servers = Servers(work)
    try:
        keel = common.prepare_keel(args.no_build, args.keel, work)
        baseline = None
        if baseline_arg:
            baseline = str(work / "keel-baseline")
            shutil.copy2(baseline_arg, baseline)
        engines = common.open_engines(wanted, work, servers, args.reuse_servers)
        facts = machine_facts(keel, engines)
        guard_rows, rehearse_rows, baseline_rows = [], [], []
        for name, eng in engines.items():
            b = Bench(eng, keel, work, args.size_mb, BATCHES[batch_arg])
            try:
                b.build()
                size = b.database_mb()
                plain, backup, guarded, reh, clone, bare = [], [], [], [], [], []
                base_backup, base_guarded = [], []
                method, bare_name = "", None
                for r in range(args.runs):
                    plain.append(b.migrate_plain())
                    backup.append(b.backup())
                    if baseline:
                        base_backup.append(b.backup(baseline))
                    guarded.append(b.migrate_guarded())
                    if baseline:
                        base_guarded.append(b.migrate_guarded(baseline))
                        log(f"{name} run {r + 1}: baseline backup {base_backup[-1]:.2f}s, "
                            f"baseline migrate {base_guarded[-1]:.2f}s")
                    seconds, clone_s, method = b.rehearse()
                    reh.append(seconds)
                    clone.append(clone_s)
                    got = b.bare_clone()
                    if got:
                        bare_name, s = got
                        bare.append(s)
                    log(f"{name} run {r + 1}: migrate --no-backup {plain[-1]:.2f}s, backup {backup[-1]:.2f}s, "
                        f"migrate {guarded[-1]:.2f}s, rehearse {reh[-1]:.2f}s (clone {clone_s:.2f}s)")
                m = statistics.median
                share = max(m(guarded) - m(plain) - m(backup), 0.0)
                guard_rows.append((name, size, m(plain), m(backup), m(guarded), share, share / m(backup)))
                if baseline:
                    base_share = max(m(base_guarded) - m(plain) - m(base_backup), 0.0)
                    stream = m(backup) - m(base_backup)
                    baseline_rows.append((name, size, m(base_backup), m(backup), stream, m(base_guarded),
                                          m(guarded), base_share, share))
                rehearse_rows.append((name, size, m(reh), m(clone), method,
                                      (bare_name, m(bare)) if bare else None))
            finally:
                eng.drop(DB)
        table = [
            "### migrate of a small batch naming the big table: guard on vs --no-backup",
            "",
            "| engine | database | `migrate --no-backup` | `backup create` | `migrate` (backup + guard) "
            "| guard's share | fingerprint vs backup (goal < 10 %) |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for name, size, plain, backup, guarded, share, ratio in guard_rows:
            met = "met" if ratio < 0.10 else "not met"
            table.append(f"| {name} | {size:,.0f} MiB | {plain:.2f} s | {backup:.2f} s | {guarded:.2f} s "
                         f"| {share:.2f} s | {ratio:.0%} ({met}) |")
        if baseline_rows:
            table += [
                "",
                "### the fingerprint's cost over `backup create`: baseline vs measured binary, interleaved",
                "",
                "| engine | database | `backup create` baseline | `backup create` measured | counting in the "
                "stream (measured − baseline) | `migrate` baseline | `migrate` measured | guard's share "
                "baseline | guard's share measured | fingerprint's cost vs backup, baseline → measured "
                "(goal < 10 %) |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
            ]
            for name, size, bb, nb, stream, bg, ng, bs, ns in baseline_rows:
                before = bs / bb
                after = (max(stream, 0.0) + ns) / bb
                met = "met" if after < 0.10 else "not met"
                table.append(f"| {name} | {size:,.0f} MiB | {bb:.2f} s | {nb:.2f} s | {stream:+.2f} s "
                             f"({stream / bb:+.0%}) | {bg:.2f} s | {ng:.2f} s | {bs:.2f} s | {ns:.2f} s "
                             f"| {before:.0%} → {after:.0%} ({met}) |")
        table += [
            "",
            "### rehearse of the same batch: whole command, its clone, and the engine's bare copy",
            "",
            "| engine | database | `keel rehearse` (goal < 60 s) | clone inside it | clone method | bare copy |",
            "|---|---:|---:|---:|---|---|",
        ]
        for name, size, reh, clone, method, bare in rehearse_rows:
            met = "met" if reh < 60 else "not met"
            bare_text = f"{bare[1]:.2f} s ({bare[0]})" if bare else "— (no file- or template-level copy)"
            table.append(f"| {name} | {size:,.0f} MiB | {reh:.2f} s ({met}) | {clone:.2f} s | {method} | {bare_text} |")
        doc = ["# Data guard and rehearsal", "", f"Command: `{shown(['bench/guard.py'] + shown_args)}`", "",
               *[f"- {f}" for f in facts],
               f"- photos table of --size-mb {args.size_mb} MiB (1 KiB rows); batch `{batch_arg}`: "
               + ("0002 adds a column to photos" if batch_arg == "add-column"
                  else "0002 rewrites 1,000 captions of photos") + ", 0003 creates posts",
               f"- median of {args.runs} run(s); wall time of the whole `keel` process; the guard's share "
               "is derived (migrate − migrate --no-backup − backup create)",
               *([f"- baseline: `{baseline_arg}` ({common.first_line([baseline, '--version'])})"]
                 if baseline else []),
               "", *table, ""]
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

"""keel's recovery drills, timed on a large database: `keel reconstruct` and `keel recover`.

    bench/recovery.py [--size-mb 1024] [--engines sqlite,postgres,mysql] [--runs 1]
                      [--reuse-servers] [--no-build] [--keel BINARY] [--out FILE] [--no-write]

For each engine one database is built: fifteen migrations of a small app (users, posts,
tags, …; the same app as crates/keel/tests/reconstruct.rs) applied with `keel migrate`, and a
`photos` table filled to about --size-mb MiB (1 KiB of text per row) with the engine's own
SQL. Then the two incidents keel exists for, each timed as the whole `keel` process:

  reconstruct   twelve of the fifteen migration files are deleted; `keel reconstruct`
                writes them back and proves the folder replays into the live schema.
  recover       a sixteenth migration drops photos.caption and is kept with
                `keel migrate --accept-loss` (untimed: it takes the pre-migration backup);
                `keel recover --yes` then takes a safety backup, restores the pre-migration
                backup, checks and writes the incident report.

Goal (issue 8): each under a minute on about 1 GiB. Runs after the first rebuild the
situation (files deleted again, the bad migration re-applied) before each measurement.

Output: progress on stderr; one Markdown table on stdout, also written to
bench/results/recovery.md (or --out) unless --no-write. Python 3.11 standard library only.
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


APP = [
    ("0001_create_users_table", "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL);", "DROP TABLE users;"),
    ("0002_create_photos_table", common.PHOTOS_DDL + ";", "DROP TABLE photos;"),
    ("0003_add_name_to_users_table", "ALTER TABLE users ADD COLUMN name VARCHAR(100);", "ALTER TABLE users DROP COLUMN name;"),
    ("0004_create_posts_table", "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), title VARCHAR(200) NOT NULL);", "DROP TABLE posts;"),
    ("0005_create_device_tokens_table", "CREATE TABLE device_tokens (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), token VARCHAR(255) NOT NULL);", "DROP TABLE device_tokens;"),
    ("0006_add_revoked_at_to_device_tokens_table", "ALTER TABLE device_tokens ADD COLUMN revoked_at TIMESTAMP NULL;", "ALTER TABLE device_tokens DROP COLUMN revoked_at;"),
    ("0007_create_automations_table", "CREATE TABLE automations (id INTEGER PRIMARY KEY, device_token_id INTEGER NOT NULL REFERENCES device_tokens (id), name VARCHAR(100));", "DROP TABLE automations;"),
    ("0008_add_slug_to_posts_table", "ALTER TABLE posts ADD COLUMN slug VARCHAR(200);", "ALTER TABLE posts DROP COLUMN slug;"),
    ("0009_create_comments_table", "CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts (id), body TEXT);", "DROP TABLE comments;"),
    ("0010_add_published_to_posts_table", "ALTER TABLE posts ADD COLUMN published INTEGER NOT NULL DEFAULT 0;", "ALTER TABLE posts DROP COLUMN published;"),
    ("0011_create_tags_table", "CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(50) NOT NULL);", "DROP TABLE tags;"),
    ("0012_create_post_tag_table", "CREATE TABLE post_tag (post_id INTEGER NOT NULL REFERENCES posts (id), tag_id INTEGER NOT NULL REFERENCES tags (id), PRIMARY KEY (post_id, tag_id));", "DROP TABLE post_tag;"),
    ("0013_add_bio_to_users_table", "ALTER TABLE users ADD COLUMN bio TEXT;", "ALTER TABLE users DROP COLUMN bio;"),
    ("0014_create_audit_logs_table", "CREATE TABLE audit_logs (id INTEGER PRIMARY KEY, action VARCHAR(50) NOT NULL);", "DROP TABLE audit_logs;"),
    ("0015_add_color_to_tags_table", "ALTER TABLE tags ADD COLUMN color VARCHAR(20);", "ALTER TABLE tags DROP COLUMN color;"),
]
BAD = ("0016_drop_photo_captions", "ALTER TABLE photos DROP COLUMN caption;", "ALTER TABLE photos ADD COLUMN caption VARCHAR(200);")
def write_app(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for label, up, down in APP:
        (folder / f"{label}.up.sql").write_text(up + "\n")
        (folder / f"{label}.down.sql").write_text(down + "\n")


class Drill:
    def __init__(self, eng: common.Engine, keel: str, work: Path, size_mb: int):
        self.eng, self.keel, self.size_mb = eng, keel, size_mb
        self.project = work / eng.name
        self.folder = self.project / "migrations"
        self.url = eng.create("kb_recovery")

    def keel_run(self, *args: str, ok=(0,)) -> str:
        r = run([self.keel, *args, "--database", self.url], env=keel_env(), cwd=self.project, check=False)
        if r.returncode not in ok:
            raise BenchError(f"keel {' '.join(args)} exited {r.returncode}: {(r.stderr or r.stdout)[-600:]}")
        return r.stdout

    def timed(self, *args: str) -> float:
        t0 = time.perf_counter()
        self.keel_run(*args)
        return time.perf_counter() - t0

    def build(self) -> None:
        write_app(self.folder)
        self.keel_run("migrate", "--no-backup", "-q")
        common.fill_photos(self.eng, self.url, self.size_mb)

    def lose_files(self) -> None:
        for label, _, _ in APP[3:]:
            for d in ("up", "down"):
                (self.folder / f"{label}.{d}.sql").unlink(missing_ok=True)

    def reconstruct(self) -> float:
        self.lose_files()
        seconds = self.timed("reconstruct", "-q")
        status = json.loads(self.keel_run("status", "--format", "json"))
        if status["summary"]["missing"] != 0:
            raise BenchError(f"{self.eng.name}: files still missing after reconstruct")
        return seconds

    def recover(self) -> float:
        label, up, down = BAD
        (self.folder / f"{label}.up.sql").write_text(up + "\n")
        (self.folder / f"{label}.down.sql").write_text(down + "\n")
        log(f"{self.eng.name}: keel migrate --accept-loss (takes the pre-migration backup; untimed)")
        self.keel_run("migrate", "--accept-loss", "-q")
        seconds = self.timed("recover", "--yes", "-q")
        status = json.loads(self.keel_run("status", "--format", "json"))
        pending = [m["id"] for m in status["migrations"] if m["state"] == "pending"]
        if pending != ["0016"]:
            raise BenchError(f"{self.eng.name}: after recover expected 0016 pending, got {pending}")
        return seconds

    def database_mb(self) -> float:
        return self.eng.size_bytes(self.url) / 1024 / 1024


def main() -> int:
    args, wanted = common.sized_bench_args(__doc__.split("\n\n")[0], "recovery.md", runs=1)

    work = Path(tempfile.mkdtemp(prefix="keel-bench-recovery."))
    servers = Servers(work)
    try:
        keel = common.prepare_keel(args.no_build, args.keel, work)
        engines = common.open_engines(wanted, work, servers, args.reuse_servers)
        facts = machine_facts(keel, engines)
        rows = []
        for name, eng in engines.items():
            drill = Drill(eng, keel, work, args.size_mb)
            try:
                drill.build()
                size = drill.database_mb()
                rec, recov = [], []
                for r in range(args.runs):
                    rec.append(drill.reconstruct())
                    log(f"{name}: reconstruct run {r + 1}: {rec[-1]:.2f}s")
                    recov.append(drill.recover())
                    log(f"{name}: recover run {r + 1}: {recov[-1]:.2f}s")
                rows.append((name, size, statistics.median(rec), statistics.median(recov)))
            finally:
                eng.drop("kb_recovery")
        table = ["| engine | database | `keel reconstruct` (12 of 15 files) | `keel recover --yes` | goal: each < 60 s |",
                 "|---|---:|---:|---:|---|"]
        for name, size, rec, recov in rows:
            met = "met" if rec < 60 and recov < 60 else "not met"
            table.append(f"| {name} | {size:,.0f} MiB | {rec:.2f} s | {recov:.2f} s | {met} |")
        doc = ["# Recovery drills", "", f"Command: `{shown(['bench/recovery.py'] + sys.argv[1:])}`", "",
               *[f"- {f}" for f in facts],
               f"- median of {args.runs} run(s); wall time of the whole `keel` process", "", *table, ""]
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

#!/usr/bin/env python3
"""keel's Laravel benchmark: static replay against Laravel's own migrator (issue 7).

    bench/laravel.py [--runs N] [--size 500] [--no-build] [--keel BINARY]
                     [--out FILE] [--no-write]

A Laravel application of SIZE generated migrations (half `Schema::create` of a
table with 8 columns, a unique and a composite index; half `Schema::table`
adding two columns and an index to it) on SQLite. N runs each, order rotating:

  php artisan migrate   Laravel 8's migrator (crates/keel/tests/laravel/migrate.php,
                        the same bootstrap the oracle tests use) on a fresh
                        SQLite database
  keel static replay    `keel verify --against migrations` on that migrated
                        database: reads the PHP without PHP, replays it into a
                        scratch SQLite database, inspects both, compares (must
                        say "in sync")
  artisan migrate:status   the same bootstrap's `status` action: every file and
                        whether it ran
  keel status           `keel status` on the migrated database

Wall time around the whole process, peak memory from `/usr/bin/time -v`.
Goal (issue 7): keel's static replay at least 10x faster than the migrator.

Output: machine facts and a Markdown table on stdout, also written to
bench/results/laravel.md (or --out) unless --no-write. Python 3.11 standard
library only; needs php-cli, php-sqlite3 and php-laravel-framework.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402  (the benchmarks' shared module, beside this script)
    ROOT, BenchError, ensure_time, keel_env, log, machine_facts, measure, run,
)

MIGRATE_PHP = ROOT / "crates/keel/tests/laravel/migrate.php"
FIXTURE_APP = ROOT / "crates/keel/tests/laravel/app"

HEAD = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up()
    {
%s
    }

    public function down()
    {
%s
    }
};
"""


def generate(app: Path, size: int) -> None:
    migrations = app / "database/migrations"
    migrations.mkdir(parents=True)
    for name in ("artisan", ".env"):
        shutil.copy(FIXTURE_APP / name, app / name)
    for n in range(size):
        table = f"t{n // 2:04d}"
        if n % 2 == 0:
            up = f"""        Schema::create('{table}', function (Blueprint $table) {{
            $table->id();
            $table->string('name', 100);
            $table->string('email')->unique();
            $table->boolean('active')->default(true);
            $table->decimal('amount', 10, 2)->nullable();
            $table->json('meta')->nullable();
            $table->timestamps();
            $table->index(['name', 'active']);
        }});"""
            down = f"        Schema::dropIfExists('{table}');"
            label = f"create_{table}_table"
        else:
            up = f"""        Schema::table('{table}', function (Blueprint $table) {{
            $table->text('notes')->nullable();
            $table->unsignedInteger('visits')->default(0)->index();
        }});"""
            down = f"""        Schema::table('{table}', function (Blueprint $table) {{
            $table->dropColumn(['notes', 'visits']);
        }});"""
            label = f"add_notes_to_{table}_table"
        (migrations / f"2022_01_01_{n:06d}_{label}.php").write_text(HEAD % (up, down))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--size", type=int, default=500)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--keel", default=str(ROOT / "target/release/keel"))
    ap.add_argument("--out", default=str(ROOT / "bench/results/laravel.md"))
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    ensure_time()
    if shutil.which("php") is None or not Path("/usr/share/php/Illuminate/autoload.php").is_file():
        raise BenchError("needs php-cli, php-sqlite3 and php-laravel-framework (scripts/test installs them)")
    if not args.no_build:
        log("cargo build --release -p keel")
        run(["cargo", "build", "--release", "-q", "-p", "keel"], cwd=ROOT)
    keel = args.keel
    env = keel_env()

    times: dict[str, list[float]] = {}
    memory: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="keel-bench-laravel.") as tmp:
        work = Path(tmp)
        app = work / "app"
        generate(app, args.size)
        migrations = app / "database/migrations"
        for i in range(args.runs):
            db = work / f"run{i}.sqlite"
            db.write_bytes(b"")
            url = f"sqlite://{db}"
            php_env = dict(env, LARAVEL_DB_DRIVER="sqlite", LARAVEL_DB_DATABASE=str(db))
            steps = [
                ("php artisan migrate", ["php", str(MIGRATE_PHP), str(migrations), "migrate"], php_env),
                ("keel static replay", [keel, "verify", "--against", "migrations", "--database", url], env),
                ("artisan migrate:status", ["php", str(MIGRATE_PHP), str(migrations), "status"], php_env),
                ("keel status", [keel, "status", "--database", url], env),
            ]
            # The migrator must run first (the others read what it built); the rest rotate.
            order = [steps[0]] + steps[1:][i % 3:] + steps[1:][: i % 3]
            for name, cmd, cmd_env in order:
                log(f"run {i + 1}/{args.runs}: {name}")
                m = measure(cmd, env=cmd_env, cwd=app)
                if name == "keel static replay" and "in sync" not in m.stdout:
                    raise BenchError(f"keel verify did not say in sync: {m.stdout[-300:]}")
                times.setdefault(name, []).append(m.seconds)
                memory.setdefault(name, []).append(m.rss_mb)

    med = {k: statistics.median(v) for k, v in times.items()}
    lines = [f"- {fact}" for fact in machine_facts(keel, {})]
    lines += [
        "",
        f"{args.size} Laravel migrations on SQLite, median of {args.runs} runs (min–max):",
        "",
        "| what | wall s | peak MiB | vs Laravel |",
        "|---|---:|---:|---:|",
    ]
    pairs = {"keel static replay": "php artisan migrate", "keel status": "artisan migrate:status"}
    for name in ["php artisan migrate", "keel static replay", "artisan migrate:status", "keel status"]:
        t = times[name]
        ratio = f"{med[pairs[name]] / med[name]:.1f}× faster" if name in pairs else ""
        lines.append(
            f"| {name} | {med[name]:.2f} ({min(t):.2f}–{max(t):.2f}) | "
            f"{statistics.median(memory[name]):.0f} | {ratio} |"
        )
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if not args.no_write:
        Path(args.out).write_text("# Laravel: static replay vs Laravel's migrator\n\n" + text)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as e:
        log(f"error: {e}")
        sys.exit(2)

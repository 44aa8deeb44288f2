#!/usr/bin/env python3
"""keel lint vs squawk: CPU time on the same PostgreSQL corpus, and rule coverage.

    bench/lint.py [--runs N] [--files N] [--stmts N] [--seed N] [--format human|json]
                  [--no-build] [--no-install] [--keel BINARY] [--squawk BINARY]
                  [--generator PATH] [--markdown]

1. Builds keel in release mode (`cargo build --release -p keel`), unless --no-build or
   --keel is given.
2. Finds squawk (--squawk, else the `squawk` beside this Python, else PATH) or installs it:
   `python -m pip install squawk-cli` (PyPI ships the real binary), else
   `npm install -g squawk-cli`. A PATH entry that is a shell wrapper (pyenv shim) is
   resolved to the real binary, so that no wrapper's start-up is measured.
3. Generates the corpus with shared/bench/gen_lint_corpus.py (default 2,000 files x 20
   statements, seed 42) into a temporary folder.
4. Runs `keel lint --dialect postgres FILE…` and `squawk FILE…` over the same files (each
   tool's default human report; --format json for both tools' JSON), one untimed warm-up each,
   then N timed runs with the order of the two tools shuffled per run (seeded). CPU time is
   user + system time of the child from `os.wait4`; wall time is measured around it. Output
   goes to a file in the temporary folder.
5. Rule coverage: writes one probe migration per squawk rule, runs squawk on them (default
   rules, then with every rule included and --pg-version 19 to tell opt-in rules apart) and
   keel on the same files, and prints for each squawk rule the keel rule that covers it and
   whether that keel rule really fires on the probe.

Output: progress on stderr; machine facts, the timing table (medians), the ratio and the
coverage table on stdout (with --markdown, as Markdown). Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_lint_corpus.py"

# squawk rule -> (probe migration, keel rule or None, note). One probe per squawk rule
# (squawk 2.70); `None` means keel has no rule for it, and the note says why.
PROBES: dict[str, tuple[str, str | None, str]] = {
    "require-concurrent-index-creation": ("CREATE INDEX IF NOT EXISTS photos_owner ON photos (owner_id);", "blocking-index", ""),
    "require-concurrent-index-deletion": ("DROP INDEX IF EXISTS photos_owner;", "blocking-index-drop", ""),
    "constraint-missing-not-valid": ("ALTER TABLE photos ADD CONSTRAINT size_positive CHECK (size > 0);", "fk-not-valid", "CHECK and FOREIGN KEY"),
    "adding-field-with-default": ("ALTER TABLE photos ADD COLUMN IF NOT EXISTS pid uuid DEFAULT gen_random_uuid();", "volatile-default", ""),
    "adding-foreign-key-constraint": ("ALTER TABLE photos ADD CONSTRAINT photos_album FOREIGN KEY (album_id) REFERENCES albums (id);", "fk-not-valid", ""),
    "changing-column-type": ("ALTER TABLE photos ALTER COLUMN size TYPE bigint;", "table-rewrite", "keel stays quiet on varchar widening, which does not rewrite"),
    "adding-not-nullable-field": ("ALTER TABLE photos ALTER COLUMN url SET NOT NULL;", "set-not-null-scan", ""),
    "adding-serial-primary-key-field": ("ALTER TABLE photos ADD PRIMARY KEY (id);", "blocking-unique-constraint", ""),
    "renaming-column": ("ALTER TABLE photos RENAME COLUMN url TO href;", "rename-breaks-app", ""),
    "renaming-table": ("ALTER TABLE photos RENAME TO pictures;", "rename-breaks-app", ""),
    "disallowed-unique-constraint": ("ALTER TABLE photos ADD CONSTRAINT photos_url UNIQUE (url);", "blocking-unique-constraint", "also unique-on-existing-data (duplicates)"),
    "ban-drop-database": ("DROP DATABASE legacy;", "destructive-drop", ""),
    "prefer-bigint-over-int": ("CREATE TABLE IF NOT EXISTS tags (id serial PRIMARY KEY, name text);", "small-integer-key", "keel: key columns only (PK, identity/serial, FK), not every int"),
    "prefer-bigint-over-smallint": ("CREATE TABLE IF NOT EXISTS tags (id smallserial PRIMARY KEY, name text);", "smallint-column", "opt-in in keel: a small integer is often deliberate"),
    "prefer-identity": ("CREATE TABLE IF NOT EXISTS tags (id bigserial PRIMARY KEY, name text);", "serial-column", "opt-in in keel: style; the hazard (32-bit keys) is small-integer-key"),
    "prefer-repack": ("VACUUM FULL photos;", None, "squawk reports it only with --pg-version 19+"),
    "prefer-robust-stmts": ("-- keel:no-transaction\nCREATE INDEX CONCURRENTLY photos_owner ON photos (owner_id);", "not-idempotent", "keel asks only where a failure can leave the migration half-applied (no-transaction scripts, MySQL)"),
    "prefer-text-field": ("CREATE TABLE IF NOT EXISTS tags (id bigint PRIMARY KEY, name varchar(100));", "varchar-column", "opt-in in keel: varchar(n) is a valid length check; widening it does not rewrite (table-rewrite knows)"),
    "prefer-timestamp-tz": ("ALTER TABLE photos ADD COLUMN IF NOT EXISTS taken_at timestamp;", "timestamp-without-time-zone", ""),
    "ban-char-field": ("CREATE TABLE IF NOT EXISTS countries (id bigint PRIMARY KEY, code char(2));", "char-column", ""),
    "ban-drop-column": ("ALTER TABLE photos DROP COLUMN IF EXISTS caption;", "destructive-drop", ""),
    "ban-drop-table": ("DROP TABLE IF EXISTS photos;", "destructive-drop", ""),
    "ban-drop-not-null": ("ALTER TABLE photos ALTER COLUMN url DROP NOT NULL;", "drop-not-null", "opt-in in keel: relaxing NOT NULL is the expand step before dropping a column"),
    "ban-drop-default": ("ALTER TABLE photos ALTER COLUMN size DROP DEFAULT;", "drop-default", ""),
    "ban-duplicate-column-assignments": ("UPDATE photos SET size = 1, size = 2;", "duplicate-column", ""),
    "transaction-nesting": ("BEGIN;\nBEGIN;\nSELECT 1;\nCOMMIT;\nCOMMIT;", "nested-transaction", ""),
    "adding-required-field": ("ALTER TABLE photos ADD COLUMN IF NOT EXISTS owner text NOT NULL;", "not-null-without-default", ""),
    "ban-concurrent-index-creation-in-transaction": ("BEGIN;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS photos_owner ON photos (owner_id);\nCOMMIT;", "concurrently-in-transaction", ""),
    "unused-ignore": ("-- squawk-ignore ban-drop-table\n-- keel:ignore destructive-drop\nCREATE TABLE IF NOT EXISTS tags (id bigint PRIMARY KEY);", "unused-suppression", ""),
    "ban-create-domain-with-constraint": ("CREATE DOMAIN positive AS bigint CHECK (VALUE > 0);", "domain-constraint", "opt-in in keel: a new domain locks nothing; adding a CHECK to an existing one is fk-not-valid"),
    "ban-alter-domain-with-add-constraint": ("ALTER DOMAIN positive ADD CONSTRAINT p CHECK (VALUE > 0);", "fk-not-valid", ""),
    "ban-truncate-cascade": ("TRUNCATE photos CASCADE;", "truncate-cascade", ""),
    "require-timeout-settings": ("ALTER TABLE photos ADD COLUMN IF NOT EXISTS note text;", "missing-timeout", "deprecated alias of the two rules below"),
    "ban-uncommitted-transaction": ("-- keel:no-transaction\nBEGIN;\nALTER TABLE photos ADD COLUMN IF NOT EXISTS note text;", "uncommitted-transaction", ""),
    "require-enum-value-ordering": ("ALTER TYPE mood ADD VALUE 'meh';", "enum-value-order", "opt-in in keel: appending is what most enums want"),
    "require-table-schema": ("CREATE TABLE IF NOT EXISTS tags (id bigint PRIMARY KEY);", None, ""),
    "identifier-too-long": ("CREATE TABLE IF NOT EXISTS " + "t" * 70 + " (id bigint PRIMARY KEY);", "identifier-too-long", ""),
    "require-concurrent-partition-detach": ("ALTER TABLE events DETACH PARTITION events_2020;", "blocking-partition-detach", ""),
    "require-concurrent-reindex": ("REINDEX TABLE photos;", "blocking-reindex", ""),
    "require-lock-timeout": ("ALTER TABLE photos ADD COLUMN IF NOT EXISTS note text;", "missing-timeout", ""),
    "require-statement-timeout": ("ALTER TABLE photos ADD COLUMN IF NOT EXISTS note text;", "missing-timeout", ""),
    "ban-drop-view": ("DROP VIEW IF EXISTS recent_photos;", "drop-breaks-app", ""),
    "ban-drop-function": ("DROP FUNCTION IF EXISTS f();", "drop-breaks-app", ""),
    "ban-drop-type": ("DROP TYPE IF EXISTS mood;", "drop-breaks-app", ""),
    "ban-drop-schema": ("DROP SCHEMA IF EXISTS legacy;", "destructive-drop", ""),
    "ban-drop-sequence": ("DROP SEQUENCE IF EXISTS s;", "drop-breaks-app", ""),
    "ban-drop-domain": ("DROP DOMAIN IF EXISTS positive;", "drop-breaks-app", ""),
    "ban-drop-constraint": ("ALTER TABLE photos DROP CONSTRAINT IF EXISTS photos_album;", "drop-constraint", "opt-in in keel: dropping a constraint is often the point of the migration"),
    "ban-drop-generated-expression": ("ALTER TABLE photos ALTER COLUMN g DROP EXPRESSION;", "drop-generated-expression", ""),
    "renaming-object": ("ALTER VIEW recent_photos RENAME TO latest_photos;", "rename-breaks-app", ""),
    "ban-set-schema": ("ALTER TABLE photos SET SCHEMA archive;", "rename-breaks-app", ""),
    "ban-alter-identity": ("ALTER TABLE photos ALTER COLUMN id SET GENERATED ALWAYS;", "identity-change", "keel: only the changes that make existing inserts fail (ALWAYS, DROP IDENTITY)"),
    "ban-drop-trigger": ("DROP TRIGGER IF EXISTS photos_touch ON photos;", None, ""),
    "ban-drop-extension": ("DROP EXTENSION IF EXISTS hstore;", "drop-breaks-app", ""),
    "ban-alter-generated-expression": ("ALTER TABLE photos ALTER COLUMN g SET EXPRESSION AS (size * 2);", "table-rewrite", "keel: the new expression rewrites the table"),
    "ban-drop-index": ("DROP INDEX CONCURRENTLY IF EXISTS photos_owner;", None, ""),
    "ban-set-default": ("ALTER TABLE photos ALTER COLUMN size SET DEFAULT 0;", None, ""),
    "ban-disable-trigger": ("ALTER TABLE photos DISABLE TRIGGER ALL;", None, ""),
    "ban-replica-identity": ("ALTER TABLE photos REPLICA IDENTITY FULL;", None, ""),
    "ban-drop-policy": ("DROP POLICY IF EXISTS p ON photos;", None, ""),
    "ban-revoke": ("REVOKE SELECT ON photos FROM reader;", None, ""),
    "ban-replace-view-function": ("CREATE OR REPLACE VIEW recent_photos AS SELECT id FROM photos;", None, ""),
    "ban-alter-policy-condition": ("ALTER POLICY p ON photos USING (owner_id = 1);", None, ""),
    "ban-alter-policy-roles": ("ALTER POLICY p ON photos TO reader;", None, ""),
    "ban-create-policy": ("CREATE POLICY p ON photos USING (true);", None, ""),
    "ban-alter-function-options": ("ALTER FUNCTION f() SECURITY DEFINER;", None, ""),
    "ban-alter-view-options": ("ALTER VIEW recent_photos SET (security_barrier = true);", None, ""),
    "ban-alter-role-options": ("ALTER ROLE reader NOLOGIN;", None, ""),
    "ban-alter-database-options": ("ALTER DATABASE app SET search_path = x;", None, ""),
    "ban-alter-row-level-security": ("ALTER TABLE photos ENABLE ROW LEVEL SECURITY;", None, ""),
    "ban-new-write-restriction": ("ALTER TABLE photos ADD CONSTRAINT c CHECK (size > 0) NOT VALID;", None, ""),
    "ban-add-enum-value": ("ALTER TYPE mood ADD VALUE 'meh' AFTER 'ok';", None, ""),
    "ban-add-composite-attribute": ("ALTER TYPE address ADD ATTRIBUTE zip text;", None, ""),
    "ban-add-column": ("ALTER TABLE photos ADD COLUMN IF NOT EXISTS note text;", None, ""),
    "ban-detach-inheritance": ("ALTER TABLE photos NO INHERIT media;", None, ""),
    "ban-alter-sequence-values": ("ALTER SEQUENCE s RESTART WITH 10;", None, ""),
    "ban-alter-system-options": ("ALTER SYSTEM SET work_mem = '1GB';", None, ""),
}


def log(msg: str) -> None:
    print(f"==> {msg}", file=sys.stderr, flush=True)


def run_text(cmd: list[str], **kw) -> str:
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return (p.stdout + p.stderr).strip()


def is_script(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(2) == b"#!"
    except OSError:
        return False


def resolve_squawk(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    beside = Path(sys.executable).parent / "squawk"
    if beside.exists() and not is_script(str(beside)):
        return str(beside)
    found = shutil.which("squawk")
    if found and is_script(found) and shutil.which("pyenv"):
        real = run_text(["pyenv", "which", "squawk"])
        if real and Path(real).exists() and not is_script(real):
            return real
    return found


def install_squawk() -> str | None:
    log("squawk not found: trying `python -m pip install squawk-cli`")
    p = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "squawk-cli"])
    if p.returncode == 0 and (s := resolve_squawk(None)):
        return s
    if shutil.which("npm"):
        log("trying `npm install -g squawk-cli`")
        p = subprocess.run(["npm", "install", "-g", "squawk-cli"])
        if p.returncode == 0:
            return resolve_squawk(None)
    return None


def measure(cmd: list[str], cwd: Path, out: Path) -> dict:
    """Runs cmd once; CPU from the child's rusage (os.wait4), wall around it."""
    with open(out, "wb") as f:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=f, stderr=subprocess.STDOUT)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "user": ru.ru_utime,
        "sys": ru.ru_stime,
        "cpu": ru.ru_utime + ru.ru_stime,
        "wall": wall,
        "exit": proc.returncode,
    }


def machine_facts() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1048576:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def count_findings(tool: str, path: Path, fmt: str) -> tuple[int, Counter]:
    text = path.read_text(errors="replace")
    rules: Counter = Counter()
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return -1, rules
        items = data["findings"] if tool == "keel" else data
        for x in items:
            rules[x["rule"] if tool == "keel" else x["rule_name"]] += 1
        return sum(rules.values()), rules
    import re

    if tool == "keel":
        for m in re.finditer(r"^(?:error|warning)\[([a-z-]+)\]", text, re.M):
            rules[m.group(1)] += 1
    else:
        plain = re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;;[^\x1b]*\x1b\\", "", text)
        for m in re.finditer(r"^(?:error|warning)\[([a-z-]+)\]", plain, re.M):
            rules[m.group(1)] += 1
    return sum(rules.values()), rules


def coverage(keel: str, squawk: str, tmp: Path) -> tuple[list[dict], list[str]]:
    pdir = tmp / "probes"
    pdir.mkdir()
    names = {}
    for i, (rule, (sql, _, _)) in enumerate(PROBES.items()):
        name = f"p{i:02d}.sql"
        (pdir / name).write_text(sql + "\n")
        names[name] = rule
    files = sorted(names)

    def squawk_fired(extra: list[str]) -> dict[str, set]:
        p = subprocess.run([squawk, "--reporter", "json", *extra, *files], cwd=pdir, capture_output=True, text=True)
        fired: dict[str, set] = {}
        for x in json.loads(p.stdout or "[]"):
            fired.setdefault(Path(x["file"]).name, set()).add(x["rule_name"])
        return fired

    default = squawk_fired([])
    includable = [r for r in PROBES if r != "unused-ignore"]
    everything = squawk_fired(["--include", ",".join(includable), "--pg-version", "19"])
    # keel's rules from the generated index of docs/rules: | [id](id.md) | severity | on/opt-in | dialects | …
    keel_pg, keel_opt_in = [], set()
    index = ROOT / "docs" / "rules" / "README.md"
    for line in index.read_text().splitlines():
        if not line.startswith("| ["):
            continue
        cells = line.split("|")
        rule_id = line.split("]")[0][3:]
        if cells[3].strip() == "opt-in":
            keel_opt_in.add(rule_id)
        if "all" in cells[4] or "postgres" in cells[4]:
            keel_pg.append(rule_id)
    # keel runs with its opt-in rules enabled, so that the table shows what each one covers.
    enable = ", ".join(f'"{r}"' for r in sorted(keel_opt_in))
    (pdir / "keel.toml").write_text(f"[lint]\nenable = [{enable}]\n")
    p = subprocess.run([keel, "lint", "--dialect", "postgres", "--format", "json", *files], cwd=pdir, capture_output=True, text=True)
    keel_fired: dict[str, set] = {}
    for f in json.loads(p.stdout)["findings"]:
        keel_fired.setdefault(Path(f["file"]).name, set()).add(f["rule"])
    rows = []
    for name in files:
        rule = names[name]
        _, keel_rule, note = PROBES[rule]
        if rule in default.get(name, ()):
            state = "default"
        elif rule in everything.get(name, ()):
            state = "off by default"
        else:
            state = "not reported"
        rows.append({
            "squawk": rule,
            "state": state,
            "keel": keel_rule,
            "keel_opt_in": keel_rule in keel_opt_in,
            "keel_fires": bool(keel_rule) and keel_rule in keel_fired.get(name, ()),
            "note": note,
        })
    return rows, keel_pg


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--stmts", type=int, default=20)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--format", choices=["human", "json"], default="human")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-install", action="store_true")
    ap.add_argument("--keel")
    ap.add_argument("--squawk")
    ap.add_argument("--generator", default=str(GENERATOR))
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args()

    keel = a.keel
    if not keel:
        if not a.no_build:
            log("building keel (cargo build --release -p keel)")
            subprocess.run(["cargo", "build", "--release", "-q", "-p", "keel"], cwd=ROOT, check=True)
        keel = str(ROOT / "target" / "release" / "keel")
    squawk = resolve_squawk(a.squawk)
    if not squawk and not a.no_install:
        squawk = install_squawk()
    if not squawk:
        log("squawk is not installed and could not be installed; nothing to compare with")
        return 2

    facts = machine_facts()
    facts["keel"] = run_text([keel, "--version"])
    facts["squawk"] = run_text([squawk, "--version"]) + f" ({squawk})"
    commit = run_text(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = run_text(["git", "-C", str(ROOT), "status", "--porcelain", "--", "crates"])
    facts["keel commit"] = commit + (" + uncommitted changes" if dirty else "")
    facts["load average before"] = " ".join(f"{x:.2f}" for x in os.getloadavg())

    with tempfile.TemporaryDirectory(prefix="keel-lint-bench.") as tmp_s:
        tmp = Path(tmp_s)
        corpus = tmp / "corpus"
        log(f"generating the corpus ({a.files} files x {a.stmts} statements, seed {a.seed})")
        subprocess.run([sys.executable, a.generator, "--out", str(corpus), "--files", str(a.files),
                              "--stmts", str(a.stmts), "--seed", str(a.seed)], capture_output=True, text=True, check=True)
        files = sorted(p.name for p in corpus.glob("*.sql"))
        size = sum((corpus / f).stat().st_size for f in files)
        stmts = sum((corpus / f).read_text().count(";") for f in files)
        facts["corpus"] = f"{len(files)} files, {stmts} statements, {size / 1048576:.1f} MiB ({Path(a.generator).name}, seed {a.seed})"

        keel_cmd = [keel, "lint", "--dialect", "postgres"] + (["--format", "json"] if a.format == "json" else [])
        squawk_cmd = [squawk] + (["--reporter", "json"] if a.format == "json" else [])
        tools = {"keel": keel_cmd + files, "squawk": squawk_cmd + files}
        results: dict[str, list[dict]] = {t: [] for t in tools}
        outputs = {t: tmp / f"{t}.out" for t in tools}
        log("warm-up run of each tool")
        for t, cmd in tools.items():
            measure(cmd, corpus, outputs[t])
        found = {t: count_findings(t, outputs[t], a.format) for t in tools}
        rng = random.Random(a.seed)
        for i in range(a.runs):
            order = list(tools)
            rng.shuffle(order)
            for t in order:
                r = measure(tools[t], corpus, outputs[t])
                results[t].append(r)
                log(f"run {i + 1}/{a.runs} {t}: cpu {r['cpu']:.3f} s (user {r['user']:.3f}, sys {r['sys']:.3f}), wall {r['wall']:.3f} s, exit {r['exit']}")
        facts["load average after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        log("rule coverage probes")
        rows, keel_pg = coverage(keel, squawk, tmp)

    med = {t: {k: statistics.median(r[k] for r in rs) for k in ("cpu", "user", "sys", "wall")} for t, rs in results.items()}
    ratio = med["keel"]["cpu"] / med["squawk"]["cpu"]
    verdict = "PASS" if ratio < 0.5 else "FAIL"
    default_rows = [r for r in rows if r["state"] == "default"]
    covered = [r for r in default_rows if r["keel_fires"]]
    mapped_keel = {r["keel"] for r in rows if r["keel"]}
    keel_only = [k for k in keel_pg if k not in mapped_keel]

    md = a.markdown
    def table(header: list[str], body: list[list[str]]) -> None:
        if md:
            print("| " + " | ".join(header) + " |")
            print("|" + "---|" * len(header))
            for row in body:
                print("| " + " | ".join(row) + " |")
        else:
            widths = [max(len(str(x)) for x in col) for col in zip(header, *body)]
            for row in [header] + body:
                print("  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip())
        print()

    print("## Machine\n" if md else "Machine")
    for k, v in facts.items():
        print(f"- {k}: {v}" if md else f"  {k}: {v}")
    print()
    print(f"## Timing (median of {a.runs} runs, {a.format} output)\n" if md else f"Timing (median of {a.runs} runs, {a.format} output)")
    body = []
    for t in tools:
        m = med[t]
        body.append([t, f"{m['cpu']:.3f}", f"{m['user']:.3f}", f"{m['sys']:.3f}", f"{m['wall']:.3f}",
                     str(found[t][0]), ", ".join(f"{r} {n}" for r, n in found[t][1].most_common(4))])
    table(["tool", "CPU s (user+sys)", "user s", "sys s", "wall s", "findings", "most frequent"], body)
    print(f"keel / squawk CPU time: {ratio:.2f} (required: < 0.50) -> {verdict}\n")

    print("## Rule coverage (squawk 2.70 rules, one probe migration each)\n" if md else "Rule coverage")
    body = [[r["squawk"], r["state"], (r["keel"] + (" (opt-in)" if r["keel_opt_in"] else "")) if r["keel"] else "—", ("yes" if r["keel_fires"] else "NO") if r["keel"] else "—", r["note"]] for r in rows]
    table(["squawk rule", "squawk", "keel rule", "keel fires on the probe", "note"], body)
    missing = [r["squawk"] for r in default_rows if not r["keel_fires"]]
    opt_in = [r for r in covered if r["keel_opt_in"]]
    print(f"squawk rules on by default: {len(default_rows)}; covered by a keel rule that fires on the same probe: {len(covered)} ({len(covered) - len(opt_in)} on by default in keel, {len(opt_in)} opt-in)")
    print(f"not covered: {', '.join(missing) or 'none'}")
    print(f"keel rules for PostgreSQL: {len(keel_pg)}; with no squawk counterpart: {len(keel_only)} ({', '.join(keel_only)})")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())

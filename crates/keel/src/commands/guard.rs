//! The data guard around `migrate` and `rollback`: arm it before the batch, judge after, and
//! put the pre-batch backup back when values disappeared.

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use keel_backup::{AgeIdentity, BackupStore, NoProgress};
use keel_driver::Connection;
use keel_guard::{
    BackupDigests, BatchScript, Digest, Fingerprint, Guard, Loss, Move, TableRef, Verdict,
};
use serde_json::{json, Value};

use crate::commands::backup;
use crate::context::Context;
use crate::output::Output;

/// Reads the schema before a batch and checks its `allows-loss` directives. An error here
/// (a directive naming a column that does not exist) stops the command before anything ran.
pub(crate) fn arm(
    ctx: &Context,
    conn: &mut dyn Connection,
    batch: &[BatchScript],
) -> Result<Guard> {
    Ok(Guard::plan(conn, &ctx.inspect_options(), batch)?)
}

/// Takes the verified pre-batch backup, counting as its rows stream the tables the batch can
/// change, and takes the guard's before fingerprint from those counts (reading again only
/// what the backup could not count). Returns the backup's id; `None` when this engine has no
/// backup engine (said on the way: the guard is then off). `refusal` says what was not run
/// when this fails.
pub(crate) fn back_up_and_measure(
    ctx: &Context,
    conn: &mut dyn Connection,
    guard: &mut Guard,
    reason: &str,
    refusal: &str,
    out: &Output,
) -> Result<Option<String>> {
    let count = guard.tables_to_count();
    let Some(created) = backup::take_automatic(ctx, conn, reason, count.as_ref(), out)? else {
        out.warn(format!(
            "no backup was taken: keel cannot back up {} databases yet. Take one yourself if the data matters.",
            conn.server().dialect
        ));
        warn_off("no backup to restore from", out);
        return Ok(None);
    };
    guard
        .measure_from(conn, &Fingerprint::from_backup(&created.stats))
        .map_err(|e| {
            anyhow::Error::new(e).context(format!(
                "the data guard could not fingerprint the tables, so {refusal}"
            ))
        })?;
    Ok(Some(created.manifest.id))
}

/// Reads the before-digests of columns that may have moved from the artifact of the backup
/// taken before the batch (the stream only counted them).
struct ArtifactDigests<'a> {
    store: BackupStore,
    backup_id: &'a str,
}

impl BackupDigests for ArtifactDigests<'_> {
    fn digests(
        &mut self,
        table: &TableRef,
        columns: &[String],
    ) -> std::result::Result<std::collections::BTreeMap<String, Digest>, String> {
        let read = || -> Result<std::collections::BTreeMap<String, Digest>> {
            let entry = self.store.resolve(self.backup_id)?;
            let engine_name = entry.engine.clone().unwrap_or_default();
            let engine = backup::engine_for(&engine_name)
                .ok_or_else(|| anyhow::anyhow!("no backup engine for {engine_name}"))?;
            let identity = age_identity()?;
            Ok(keel_guard::digests_in_backup(
                &self.store,
                &entry,
                engine,
                identity.as_ref(),
                table,
                columns,
            )?)
        };
        read().map_err(|e| format!("reading backup {} failed: {e:#}", self.backup_id))
    }
}

/// The age identity named by `KEEL_AGE_IDENTITY`, for reading an encrypted backup.
fn age_identity() -> Result<Option<AgeIdentity>> {
    Ok(
        match std::env::var_os("KEEL_AGE_IDENTITY").map(PathBuf::from) {
            Some(path) => Some(AgeIdentity::from_file(&path)?),
            None => None,
        },
    )
}

/// What the guard concluded and did.
pub(crate) struct Judgement {
    pub verdict: Verdict,
    /// The backup that was put back, when the loss was not accepted.
    pub restored: Option<String>,
    /// The backup of the state right after the batch, taken before restoring.
    pub safety_backup: Option<String>,
}

impl Judgement {
    /// Whether the command must exit 1: values were lost and not kept on purpose.
    pub fn refused(&self) -> bool {
        self.restored.is_some()
    }

    /// The guard's JSON keys, merged into the command's report.
    pub fn json(&self, accepted: bool) -> Value {
        json!({
            "data_loss": self.verdict.losses.iter().map(loss_json).collect::<Vec<_>>(),
            "rows_removed": self.verdict.rows_removed,
            "allowed_loss": self.verdict.allowed.iter().map(loss_json).collect::<Vec<_>>(),
            "moves": self.verdict.moves.iter().map(move_json).collect::<Vec<_>>(),
            "loss_accepted": accepted && !self.verdict.losses.is_empty(),
            "restored": self.restored,
            "safety_backup": self.safety_backup,
        })
    }
}

/// Judges the batch that just ran; on unaccepted loss, takes a safety backup of the damaged
/// state and restores `backup_id`, the backup taken before the batch. Journals the verdict.
pub(crate) fn judge(
    ctx: &Context,
    conn: &mut dyn Connection,
    guard: &Guard,
    backup_id: &str,
    accept_loss: bool,
    out: &Output,
) -> Result<Judgement> {
    out.progress("checking the data against the fingerprint taken before the batch…");
    let mut from_backup = ArtifactDigests {
        store: BackupStore::new(&ctx.settings.backup_dir),
        backup_id,
    };
    let verdict = guard.verdict_with(conn, Some(&mut from_backup)).with_context(|| {
        format!(
            "the batch ran, but the data guard could not read the result; the database as it was before is in backup {backup_id}: keel backup restore {backup_id}"
        )
    })?;
    ctx.journal(
        "guard.verdict",
        json!({
            "data_loss": verdict.losses, "allowed_loss": verdict.allowed, "moves": verdict.moves,
            "rows_removed": verdict.rows_removed, "unproven_moves": verdict.unproven,
            "tables_read": verdict.tables_read, "read_all": verdict.read_all,
            "before_from_backup": guard.tables_from_backup(),
            "accepted": accept_loss && !verdict.losses.is_empty(), "backup": backup_id,
        }),
    )?;
    for why in &verdict.unproven {
        out.warn(format!("{why}; it is counted as lost"));
    }
    let mut judgement = Judgement {
        verdict,
        restored: None,
        safety_backup: None,
    };
    if judgement.verdict.is_clean() || accept_loss {
        return Ok(judgement);
    }
    out.progress(format!(
        "values disappeared: putting backup {backup_id} back…"
    ));
    let safety = backup::take_automatic(ctx, conn, "pre-restore", None, out)
        .with_context(|| format!("values disappeared, but the safety backup of the current state failed, so keel did not restore; the data as it was before the batch is in backup {backup_id}"))?
        .map(|c| c.manifest.id);
    let store = BackupStore::new(&ctx.settings.backup_dir);
    let restored = (|| -> Result<()> {
        let entry = store.resolve(backup_id)?;
        let engine_name = entry.engine.clone().unwrap_or_default();
        let engine = backup::engine_for(&engine_name)
            .ok_or_else(|| anyhow::anyhow!("no backup engine for {engine_name}"))?;
        let identity = age_identity()?;
        store.restore(&entry, engine, conn, identity.as_ref(), &mut NoProgress)?;
        Ok(())
    })();
    if let Err(e) = restored {
        let _ = ctx.journal(
            "guard.restore_failed",
            json!({ "backup": backup_id, "safety_backup": safety, "error": e.to_string() }),
        );
        return Err(e.context(format!(
            "values disappeared and restoring backup {backup_id} failed; the database still holds the batch's result{}. \
             Restore by hand: keel backup restore {backup_id}",
            safety.as_ref().map(|s| format!(" (also saved in backup {s})")).unwrap_or_default()
        )));
    }
    ctx.journal(
        "guard.restored",
        json!({ "backup": backup_id, "safety_backup": safety, "data_loss": judgement.verdict.losses }),
    )?;
    judgement.restored = Some(backup_id.to_string());
    judgement.safety_backup = safety;
    Ok(judgement)
}

/// The human report: losses, allowed losses and moves, then what happened.
pub(crate) fn render(judgement: &Judgement, accepted: bool, out: &Output) {
    let v = &judgement.verdict;
    for m in &v.moves {
        out.line(format!("moved: {}", describe_move(m)));
    }
    for l in &v.allowed {
        out.line(format!(
            "allowed loss: {} (declared by {})",
            describe_loss(l),
            l.allowed_by.as_deref().unwrap_or("a directive")
        ));
    }
    if v.losses.is_empty() {
        return;
    }
    let header = if accepted {
        "data loss, kept because of --accept-loss:"
    } else {
        "DATA LOSS: values disappeared in this batch:"
    };
    out.line(header);
    for r in &v.rows_removed {
        out.line(format!(
            "  {}: {} {} → {} (rows deleted)",
            r.table.strip_prefix("main.").unwrap_or(&r.table),
            thousands(r.before),
            if r.before == 1 { "row" } else { "rows" },
            thousands(r.after)
        ));
    }
    for l in &v.losses {
        out.line(format!("  {}", describe_loss(l)));
    }
    if let Some(id) = &judgement.restored {
        out.line(format!(
            "restored backup {id}: the database is as it was before the batch."
        ));
        if let Some(s) = &judgement.safety_backup {
            out.line(format!(
                "the state right after the batch is kept in backup {s}."
            ));
        }
        let names: Vec<String> = v.losses.iter().map(loss_name).collect();
        out.line(format!(
            "fix the migration (copy values out before dropping them), declare the loss at the top of the script with \
             `-- keel:allows-loss {}`, or run again with --accept-loss to keep the result.",
            names.join(", ")
        ));
    }
}

/// Says loudly that a batch runs without the guard.
pub(crate) fn warn_off(why: &str, out: &Output) {
    out.warn(format!(
        "the data guard is OFF ({why}): values this batch makes disappear will not be detected or restored."
    ));
}

fn loss_name(l: &Loss) -> String {
    match &l.column {
        Some(c) => format!("{}.{c}", l.table),
        None => l.table.clone(),
    }
}

fn describe_loss(l: &Loss) -> String {
    let unit = match (&l.column, l.before) {
        (Some(_), 1) => "value",
        (Some(_), _) => "values",
        (None, 1) => "row",
        (None, _) => "rows",
    };
    format!(
        "{}: {} {unit} → {} ({})",
        loss_name(l),
        thousands(l.before),
        thousands(l.after),
        l.kind.describe()
    )
}

fn describe_move(m: &Move) -> String {
    format!(
        "{}.{} → {}.{}, {} values, content equal",
        m.from_table,
        m.from_column,
        m.to_table,
        m.to_column,
        thousands(m.values)
    )
}

fn loss_json(l: &Loss) -> Value {
    json!({
        "table": l.table, "column": l.column, "before": l.before, "after": l.after,
        "kind": l.kind, "allowed_by": l.allowed_by, "message": describe_loss(l),
    })
}

fn move_json(m: &Move) -> Value {
    json!({
        "from": format!("{}.{}", m.from_table, m.from_column),
        "to": format!("{}.{}", m.to_table, m.to_column),
        "from_table": m.from_table, "from_column": m.from_column,
        "to_table": m.to_table, "to_column": m.to_column,
        "values": m.values, "content_equal": m.content_equal, "message": describe_move(m),
    })
}

/// `1204` → `1,204`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped_by_commas() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1204), "1,204");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}

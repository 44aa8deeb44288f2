//! One file per command. Each builds its report and hands it to `Output`.

mod artisan;
pub(crate) mod backup;
mod check;
mod diff;
mod guard;
mod hook;
mod init;
mod journal;
mod lint;
pub(crate) mod maintenance;
mod mark;
pub(crate) mod migrate;
mod new;
mod reconstruct;
mod recover;
mod rehearse;
mod rollback;
mod run;
mod snapshot;
mod status;
pub(crate) mod verify;

use anyhow::Result;
use keel_migrate::{MigrateEvent, MigrateObserver};

use crate::args::{Cli, Command, Format, ReportCommand};
use crate::output::Output;
use crate::ExitStatus;

pub(crate) fn dispatch(cli: &Cli, out: &mut Output) -> Result<ExitStatus> {
    let global = &cli.global;
    if matches!(global.format, Format::Sarif | Format::Github)
        && !matches!(cli.command, Command::Lint(_))
    {
        anyhow::bail!(
            "--format {} is only for `keel lint`; use --format human or --format json here",
            if global.format == Format::Sarif {
                "sarif"
            } else {
                "github"
            }
        );
    }
    match &cli.command {
        Command::Init => init::run(global, out),
        Command::New(args) => new::run(global, args, out),
        Command::Status => status::run(global, out),
        Command::Migrate(args) => migrate::run(global, args, out),
        Command::Rollback(args) => rollback::run(global, args, out),
        Command::MarkApplied(args) => mark::applied(global, args, out),
        Command::MarkPending(args) => mark::pending(global, args, out),
        Command::Snapshot(args) => snapshot::run(global, args, out),
        Command::Verify(args) => verify::run(global, args, out),
        Command::Diff(args) => diff::run(global, args, out),
        Command::Lint(args) => lint::run(global, args, out),
        Command::Hook(args) => hook::run(global, args, out),
        Command::Backup(args) => backup::run(global, args, out),
        Command::Check => check::run(global, out),
        Command::Reconstruct(args) => reconstruct::run(global, args, out),
        Command::Recover(args) => recover::run(global, args, out),
        Command::Rehearse(args) => rehearse::run(global, args, out),
        Command::Run(args) => run::run(global, args, out),
        Command::Journal(args) => journal::timeline(global, args, out),
        Command::Maintenance(args) => {
            let ctx = crate::context::Context::new(global, "maintenance")?;
            maintenance::switch(&ctx, args.state == crate::args::OnOff::On, out)?;
            Ok(ExitStatus::Success)
        }
        Command::Report(ReportCommand::Incident(args)) => journal::incident(global, args, out),
    }
}

/// Renders migrator progress and remembers what finished, so that a failure can still report
/// what was done before it.
pub(crate) struct Progress<'a> {
    out: &'a Output,
    pub finished: Vec<String>,
}

impl<'a> Progress<'a> {
    pub fn new(out: &'a Output) -> Self {
        Self {
            out,
            finished: Vec::new(),
        }
    }
}

impl MigrateObserver for Progress<'_> {
    fn on_event(&mut self, event: &MigrateEvent) {
        match event {
            MigrateEvent::Locking => self.out.detail("taking the migration lock"),
            MigrateEvent::Planned { count, direction } => {
                let verb = if *direction == "up" {
                    "to apply"
                } else {
                    "to roll back"
                };
                self.out.detail(format!("{count} migration(s) {verb}"));
            }
            MigrateEvent::Started {
                label, direction, ..
            } => {
                let arrow = if *direction == "up" { "↑" } else { "↓" };
                self.out.progress(format!("  {arrow} {label}"));
            }
            MigrateEvent::Finished {
                id, duration_ms, ..
            } => {
                self.finished.push(id.clone());
                self.out.detail(format!("    done in {duration_ms} ms"));
            }
        }
    }
}

/// Classifies library errors: history out of sync is a problem found (exit 1); everything
/// else means the command could not do its job (exit 2).
pub(crate) fn status_of(err: &keel_migrate::MigrateError) -> ExitStatus {
    match err {
        keel_migrate::MigrateError::OutOfSync { .. } => ExitStatus::Problem,
        _ => ExitStatus::Error,
    }
}

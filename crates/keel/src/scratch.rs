//! Scratch databases: created beside the live one, always dropped — on success, on error and
//! on Ctrl-C.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use anyhow::{Context as _, Result};
use keel_driver::{Connection, DbUrl, InspectOptions};
use keel_migrate::{KeelHistory, MigrateOptions, Migration, Migrator, NoObserver};
use keel_model::Snapshot;

use crate::drivers;

/// The scratch database currently alive, with the URL of the database it was created from, so
/// that a Ctrl-C handler can drop it.
static ALIVE: Mutex<Option<(DbUrl, DbUrl)>> = Mutex::new(None);

fn install_interrupt_handler() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            // The lock is held until the process exits: the replay that the drop breaks must
            // not get to report its failure (and exit 2) in the meantime.
            let mut alive = ALIVE.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((origin, scratch)) = alive.take() {
                if let Ok(mut conn) = drivers::connect(&origin) {
                    let _ = conn.drop_scratch(&scratch);
                }
            }
            std::process::exit(130);
        });
    });
}

/// Creates a scratch database beside `conn`'s, runs `work` on its URL, and drops it on every
/// path.
pub(crate) fn with_scratch<T>(
    conn: &mut dyn Connection,
    work: impl FnOnce(&DbUrl) -> Result<T>,
) -> Result<T> {
    install_interrupt_handler();
    let scratch = {
        // Created and registered under the lock, so that a Ctrl-C in between still drops it.
        let mut alive = ALIVE.lock().unwrap_or_else(PoisonError::into_inner);
        let scratch = conn.create_scratch().context(
            "keel needs a scratch database of the same engine to replay the migrations into",
        )?;
        *alive = Some((conn.url().clone(), scratch.clone()));
        scratch
    };
    let result = work(&scratch);
    ALIVE.lock().unwrap_or_else(PoisonError::into_inner).take();
    let dropped = conn.drop_scratch(&scratch);
    match (result, dropped) {
        (Ok(v), Ok(())) => Ok(v),
        (Err(e), _) => Err(e),
        (Ok(_), Err(e)) => Err(e).context(format!(
            "the scratch database {scratch} could not be dropped; drop it by hand"
        )),
    }
}

/// Like [`with_scratch`], for a scratch database that `make` creates itself (e.g. as a copy
/// of the live one) and that a connection to `origin` can drop. `make` runs under the Ctrl-C
/// lock, so the database is never left behind between its creation and its registration.
pub(crate) fn with_scratch_made<T>(
    origin: &DbUrl,
    make: impl FnOnce() -> Result<DbUrl>,
    work: impl FnOnce(&DbUrl) -> Result<T>,
) -> Result<T> {
    install_interrupt_handler();
    let scratch = {
        let mut alive = ALIVE.lock().unwrap_or_else(PoisonError::into_inner);
        let scratch = make()?;
        *alive = Some((origin.clone(), scratch.clone()));
        scratch
    };
    let result = work(&scratch);
    ALIVE.lock().unwrap_or_else(PoisonError::into_inner).take();
    let dropped = drivers::connect(origin)
        .map_err(anyhow::Error::from)
        .and_then(|mut conn| Ok(conn.drop_scratch(&scratch)?));
    match (result, dropped) {
        (Ok(v), Ok(())) => Ok(v),
        (Err(e), _) => Err(e),
        (Ok(_), Err(e)) => Err(e).context(format!(
            "the scratch database {scratch} could not be dropped; drop it by hand"
        )),
    }
}

/// Replays `migrations` (SQL, or Laravel's compiled statically) into the empty database at
/// `url` and inspects the result.
pub(crate) fn replay_migrations(
    migrations: &[Migration],
    url: &DbUrl,
    options: &InspectOptions,
) -> Result<Snapshot> {
    let mut conn = drivers::connect(url)?;
    let history = KeelHistory;
    Migrator::new(conn.as_mut(), &history, migrations)
        .migrate(
            &MigrateOptions {
                lock_timeout: Duration::from_secs(10),
                applied_by: "keel replay".into(),
                ..MigrateOptions::default()
            },
            &mut NoObserver,
        )
        .context("replaying the migrations into a scratch database failed")?;
    Ok(conn.inspect(options)?)
}

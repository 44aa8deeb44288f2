//! Introspection into keel's canonical schema model.

use keel_driver::{DriverError, InspectOptions};
use keel_model::Snapshot;

use crate::connection::SqliteConnection;

impl SqliteConnection {
    /// Reads the schema; see [`keel_driver::Connection::inspect`].
    pub(crate) fn inspect_schema(
        &mut self,
        _options: &InspectOptions,
    ) -> Result<Snapshot, DriverError> {
        Err(DriverError::query(
            "schema introspection is not implemented for this engine yet",
            None,
        ))
    }
}

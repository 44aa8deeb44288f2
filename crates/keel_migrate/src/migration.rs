use std::path::PathBuf;

use keel_sql::{Dialect, Statement};

use crate::{checksum, Directives, SourceError};

/// One script of a migration (its up or its down), with where it lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// The file it was read from.
    pub path: PathBuf,
    /// The script's text.
    pub text: String,
    /// The 1-based line of the file on which `text` starts (dbmate keeps up and down in one
    /// file; every other layout starts at line 1).
    pub first_line: usize,
    /// The layout itself says this script runs outside a transaction (dbmate's
    /// `transaction:false`, diesel's `run_in_transaction = false`), on top of keel's own
    /// `-- keel:no-transaction` directive.
    pub no_transaction: bool,
}

impl Script {
    /// Splits the script into statements for `dialect`; statement lines are lines of the file.
    pub fn statements(&self, dialect: Dialect) -> Result<Vec<Statement>, SourceError> {
        let mut statements =
            keel_sql::split(&self.text, dialect).map_err(|e| SourceError::Split {
                path: self.path.clone(),
                line: e.line + self.first_line - 1,
                column: e.column,
                message: e.message,
            })?;
        for s in &mut statements {
            s.line += self.first_line - 1;
        }
        Ok(statements)
    }

    /// The `-- keel:` directives at the top of the script.
    pub fn directives(&self) -> Directives {
        Directives::parse(&self.text)
    }

    /// Whether the script asks to run outside a transaction.
    pub fn wants_no_transaction(&self) -> bool {
        self.no_transaction || self.directives().no_transaction
    }

    /// Whether the script has nothing to run (only comments and whitespace).
    pub fn is_empty(&self, dialect: Dialect) -> bool {
        self.statements(dialect)
            .map(|s| s.is_empty())
            .unwrap_or(false)
    }
}

/// A migration as found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The version as written in the file name (`0003`, `20240101120000`, `1.2`); this is the
    /// id recorded in history and used on the command line.
    pub id: String,
    /// The descriptive part of the name (`create_users`).
    pub name: String,
    /// What `migrate` runs.
    pub up: Script,
    /// What `rollback` runs.
    pub down: Script,
    /// [`checksum`] of the up script.
    pub checksum: String,
}

impl Migration {
    /// Builds a migration, computing its checksum from the up script.
    pub fn new(id: String, name: String, up: Script, down: Script) -> Self {
        let checksum = checksum(&up.text);
        Self {
            id,
            name,
            up,
            down,
            checksum,
        }
    }

    /// `<id>_<name>`, the way it reads in messages.
    pub fn label(&self) -> String {
        format!("{}_{}", self.id, self.name)
    }
}

use std::path::PathBuf;

/// Why keel's settings could not be resolved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The project file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The project file is not valid keel.toml.
    #[error("{} is not a valid keel.toml: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong, with line and column.
        message: String,
    },
    /// A `${VAR}` reference names a variable that is not set.
    #[error("{origin} refers to ${{{var}}}, which is not set in the environment; export it or write the value directly")]
    MissingVariable {
        /// Where the reference is.
        origin: String,
        /// The variable.
        var: String,
    },
    /// The database URL from some source is unusable.
    #[error("database URL from {origin}: {source}")]
    Url {
        /// Which source gave it.
        origin: String,
        /// Why it is unusable.
        source: keel_driver::DriverError,
    },
    /// A Laravel `.env` describes a connection keel cannot use.
    #[error("{}: {message}", path.display())]
    Laravel {
        /// The `.env` file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// `--config` names a file that does not exist.
    #[error("the config file {} given with --config does not exist", path.display())]
    ConfigNotFound {
        /// The path given.
        path: PathBuf,
    },
}

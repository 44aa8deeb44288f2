use crate::{DbUrl, DriverError};

const PREFIX: &str = "keel_scratch_";

/// A name for a scratch database that no concurrent keel will pick.
pub fn scratch_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{PREFIX}{}_{nanos}", std::process::id())
}

/// The database a scratch URL names. Anything that is not a keel scratch database is refused,
/// so that a bug can never turn `drop_scratch` against a real database.
pub fn scratch_database(url: &DbUrl) -> Result<String, DriverError> {
    let path = url.expose().rsplit('/').next().unwrap_or_default();
    let name = path.split('?').next().unwrap_or_default();
    if name.starts_with(PREFIX) {
        Ok(name.to_string())
    } else {
        Err(DriverError::query(
            format!("refusing to drop {url}: not a keel scratch database"),
            None,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_scratch_databases_can_be_named_for_dropping() {
        let scratch = DbUrl::parse(&format!(
            "postgres://u:p@h/{}?sslmode=disable",
            scratch_name()
        ))
        .unwrap();
        assert!(scratch_database(&scratch)
            .unwrap()
            .starts_with("keel_scratch_"));
        let real = DbUrl::parse("postgres://u:p@h/production").unwrap();
        assert!(scratch_database(&real).is_err());
    }
}

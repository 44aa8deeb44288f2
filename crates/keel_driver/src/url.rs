use std::fmt;
use std::path::{Path, PathBuf};

use crate::{Dialect, DriverError};

/// A database connection string whose password never leaves this type by accident.
///
/// `Display` and `Debug` show the URL with the password replaced by `***`; only drivers call
/// [`DbUrl::expose`] to get the real string.
///
/// Accepted forms:
/// - `sqlite://keel.db`, `sqlite:keel.db`, `sqlite:///abs/path.db`, `sqlite::memory:`
/// - `postgres://user:pass@host:port/db` (also `postgresql://`)
/// - `mysql://user:pass@host:port/db` (also `mariadb://`)
#[derive(Clone, PartialEq, Eq)]
pub struct DbUrl {
    raw: String,
    redacted: String,
    dialect: Dialect,
    scheme: &'static str,
}

impl DbUrl {
    /// Parses and classifies a connection string.
    pub fn parse(raw: &str) -> Result<Self, DriverError> {
        let raw = raw.trim();
        let Some((scheme, rest)) = raw.split_once(':') else {
            return Err(DriverError::InvalidUrl {
                url: redact_free_text(raw),
                reason: "it has no scheme; expected sqlite://FILE, postgres://… or mysql://…"
                    .into(),
            });
        };
        let (dialect, scheme) = match scheme.to_ascii_lowercase().as_str() {
            "sqlite" | "sqlite3" => (Dialect::Sqlite, "sqlite"),
            "postgres" | "postgresql" => (Dialect::Postgres, "postgres"),
            "mysql" | "mariadb" => (Dialect::Mysql, "mysql"),
            other => {
                return Err(DriverError::UnsupportedScheme {
                    scheme: other.to_string(),
                })
            }
        };
        let redacted = if dialect == Dialect::Sqlite {
            if rest.trim_start_matches('/').is_empty() {
                return Err(DriverError::InvalidUrl {
                    url: raw.to_string(),
                    reason: "it names no file; write sqlite://path/to/file.db".into(),
                });
            }
            raw.to_string()
        } else {
            let parsed = url::Url::parse(raw).map_err(|e| DriverError::InvalidUrl {
                url: redact_free_text(raw),
                reason: e.to_string(),
            })?;
            if parsed.host_str().unwrap_or("").is_empty() {
                return Err(DriverError::InvalidUrl {
                    url: redact_url(&parsed),
                    reason: "it names no host".into(),
                });
            }
            redact_url(&parsed)
        };
        Ok(Self {
            raw: raw.to_string(),
            redacted,
            dialect,
            scheme,
        })
    }

    /// The engine family this URL points at.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The canonical scheme: `sqlite`, `postgres` or `mysql`.
    pub fn scheme(&self) -> &'static str {
        self.scheme
    }

    /// The full connection string, password included. Only drivers should call this.
    pub fn expose(&self) -> &str {
        &self.raw
    }

    /// The password, if the URL carries one, so that error messages can be scrubbed of it.
    pub fn password(&self) -> Option<String> {
        if self.dialect == Dialect::Sqlite {
            return None;
        }
        let parsed = url::Url::parse(&self.raw).ok()?;
        let mut found = parsed.password().map(percent_decode);
        if found.is_none() {
            found = parsed
                .query_pairs()
                .find(|(k, _)| k.eq_ignore_ascii_case("password"))
                .map(|(_, v)| v.into_owned());
        }
        found.filter(|p| !p.is_empty())
    }

    /// For SQLite URLs, the file path as written (relative paths stay relative).
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        if self.dialect != Dialect::Sqlite {
            return None;
        }
        let rest = self.raw.split_once(':').map(|(_, r)| r).unwrap_or("");
        let rest = rest.split('?').next().unwrap_or(rest);
        let path = if let Some(stripped) = rest.strip_prefix("//") {
            stripped
        } else {
            rest
        };
        Some(PathBuf::from(path))
    }

    /// The same server and credentials, another database (PostgreSQL, MySQL); for SQLite, the
    /// given file.
    pub fn with_database(&self, database: &str) -> Result<DbUrl, DriverError> {
        if self.dialect == Dialect::Sqlite {
            return DbUrl::parse(&format!("sqlite://{database}"));
        }
        let mut parsed = url::Url::parse(&self.raw).map_err(|e| DriverError::InvalidUrl {
            url: self.redacted.clone(),
            reason: e.to_string(),
        })?;
        parsed.set_path(&format!("/{database}"));
        DbUrl::parse(parsed.as_str())
    }

    /// Makes a relative SQLite path absolute against `base` (the directory of the file the URL
    /// came from, or the working directory). Other URLs are returned unchanged.
    pub fn resolved_against(&self, base: &Path) -> DbUrl {
        match self.sqlite_path() {
            Some(path) if path.is_relative() && path.as_os_str() != ":memory:" => {
                let abs = base.join(path);
                let raw = format!("sqlite://{}", abs.display());
                DbUrl {
                    redacted: raw.clone(),
                    raw,
                    dialect: self.dialect,
                    scheme: self.scheme,
                }
            }
            _ => self.clone(),
        }
    }
}

impl fmt::Display for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted)
    }
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbUrl({})", self.redacted)
    }
}

fn redact_url(url: &url::Url) -> String {
    let mut copy = url.clone();
    if copy.password().is_some() {
        let _ = copy.set_password(Some("***"));
    }
    let has_secret_param = copy
        .query_pairs()
        .any(|(k, _)| k.eq_ignore_ascii_case("password"));
    if has_secret_param {
        let pairs: Vec<(String, String)> = copy
            .query_pairs()
            .map(|(k, v)| {
                if k.eq_ignore_ascii_case("password") {
                    (k.into_owned(), "***".to_string())
                } else {
                    (k.into_owned(), v.into_owned())
                }
            })
            .collect();
        copy.query_pairs_mut().clear().extend_pairs(pairs);
    }
    copy.to_string().replace("%2A%2A%2A", "***")
}

/// Best effort for strings that did not even parse: hide anything between `:` and `@` after
/// the scheme's `//`.
fn redact_free_text(raw: &str) -> String {
    if let Some(scheme_end) = raw.find("//") {
        let (head, tail) = raw.split_at(scheme_end + 2);
        if let Some(at) = tail.rfind('@') {
            let (cred, host) = tail.split_at(at);
            if let Some(colon) = cred.find(':') {
                return format!("{head}{}:***{host}", &cred[..colon]);
            }
        }
    }
    raw.to_string()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(v) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_debug_hide_the_password() {
        let url = DbUrl::parse("mysql://root:hunter2@127.0.0.1:3306/app").unwrap();
        assert_eq!(url.to_string(), "mysql://root:***@127.0.0.1:3306/app");
        assert!(!format!("{url:?}").contains("hunter2"));
        assert_eq!(url.password().as_deref(), Some("hunter2"));
        assert_eq!(url.dialect(), Dialect::Mysql);
    }

    #[test]
    fn password_in_query_parameters_is_hidden_too() {
        let url = DbUrl::parse("postgres://app@localhost/app?password=topsecret&sslmode=disable")
            .unwrap();
        assert!(!url.to_string().contains("topsecret"), "{url}");
        assert_eq!(url.password().as_deref(), Some("topsecret"));
    }

    #[test]
    fn percent_encoded_passwords_are_decoded_for_scrubbing() {
        let url = DbUrl::parse("postgres://app:p%40ss@localhost/app").unwrap();
        assert_eq!(url.password().as_deref(), Some("p@ss"));
        assert!(!url.to_string().contains("p%40ss"));
    }

    #[test]
    fn sqlite_forms() {
        let rel = DbUrl::parse("sqlite://keel.db").unwrap();
        assert_eq!(rel.sqlite_path().unwrap(), PathBuf::from("keel.db"));
        let abs = DbUrl::parse("sqlite:///var/lib/app.db").unwrap();
        assert_eq!(abs.sqlite_path().unwrap(), PathBuf::from("/var/lib/app.db"));
        let short = DbUrl::parse("sqlite:data/app.db").unwrap();
        assert_eq!(short.sqlite_path().unwrap(), PathBuf::from("data/app.db"));
        let resolved = rel.resolved_against(Path::new("/srv/app"));
        assert_eq!(
            resolved.sqlite_path().unwrap(),
            PathBuf::from("/srv/app/keel.db")
        );
    }

    #[test]
    fn unknown_scheme_is_named() {
        let err = DbUrl::parse("oracle://scott:tiger@db/orcl").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("oracle"), "{msg}");
        assert!(msg.contains("sqlite://"), "{msg}");
        assert!(!msg.contains("tiger"), "{msg}");
    }

    #[test]
    fn unparsable_url_does_not_leak_the_password() {
        let err = DbUrl::parse("postgres://app:s3cret@[bad/app").unwrap_err();
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }

    #[test]
    fn mariadb_scheme_is_mysql() {
        let url = DbUrl::parse("mariadb://u@h/db").unwrap();
        assert_eq!(url.scheme(), "mysql");
    }
}

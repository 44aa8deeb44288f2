use std::fmt;

use crate::Dialect;

/// Which server product answers: matters where MySQL and MariaDB differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// SQLite, embedded.
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// Oracle MySQL.
    Mysql,
    /// MariaDB.
    Mariadb,
}

impl Flavor {
    /// Lower-case product name.
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Sqlite => "sqlite",
            Flavor::Postgres => "postgres",
            Flavor::Mysql => "mysql",
            Flavor::Mariadb => "mariadb",
        }
    }
}

/// A server version, major.minor.patch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Version {
    /// Major version.
    pub major: u32,
    /// Minor version.
    pub minor: u32,
    /// Patch version.
    pub patch: u32,
}

impl Version {
    /// Reads the leading `major[.minor[.patch]]` of a version string such as
    /// `10.11.6-MariaDB-0+deb12u1` or `15.4 (Debian 15.4-1)`.
    pub fn parse_leading(text: &str) -> Version {
        let digits: String = text
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let mut parts = digits.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        Version {
            major: parts.next().unwrap_or(0),
            minor: parts.next().unwrap_or(0),
            patch: parts.next().unwrap_or(0),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// What keel knows about the server behind a connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerInfo {
    /// The SQL family: decides splitting and quoting.
    pub dialect: Dialect,
    /// The product.
    pub flavor: Flavor,
    /// The parsed version.
    pub version: Version,
    /// The version string as the server reports it.
    pub version_string: String,
}

impl fmt::Display for ServerInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.flavor.name(), self.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_server_strings() {
        assert_eq!(
            Version::parse_leading("10.11.6-MariaDB-0+deb12u1"),
            Version {
                major: 10,
                minor: 11,
                patch: 6
            }
        );
        assert_eq!(
            Version::parse_leading("15.4 (Debian 15.4-1.pgdg120+1)"),
            Version {
                major: 15,
                minor: 4,
                patch: 0
            }
        );
        assert!(Version::parse_leading("8.0.36") > Version::parse_leading("8.0.19"));
    }
}

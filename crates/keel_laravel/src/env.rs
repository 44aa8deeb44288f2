//! A Laravel application's `.env` and the connection it describes.

use std::collections::BTreeMap;
use std::path::Path;

use keel_driver::DbUrl;

use crate::LaravelError;

/// The variables of a `.env` file, in the dialect Laravel (vlucas/phpdotenv) reads.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DotEnv {
    /// Variable name → value, after quote handling and `${VAR}` expansion.
    pub vars: BTreeMap<String, String>,
}

impl DotEnv {
    /// The value of `key`, if set and not empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.vars
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// Parses `.env` text.
///
/// Supports `KEY=value`, `export KEY=value`, full-line and trailing `#` comments, single quotes
/// (literal), double quotes (with `\n`, `\"`, `\\` escapes, may span lines) and `${VAR}`
/// references to earlier keys or, failing that, to `lookup` (the process environment).
/// Returns the 1-based line and a message for lines it cannot read.
pub fn parse_dotenv(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<DotEnv, (usize, String)> {
    let mut env = DotEnv::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line_no = i + 1;
        let line = lines[i].trim_start_matches('\u{feff}').trim();
        i += 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
        let Some((key, rest)) = line.split_once('=') else {
            return Err((line_no, format!("expected KEY=VALUE, found `{line}`")));
        };
        let key = key.trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            return Err((line_no, format!("`{key}` is not a valid variable name")));
        }
        let rest = rest.trim_start();
        let value = if let Some(body) = rest.strip_prefix('"') {
            // Double-quoted values may continue on the following lines.
            let mut raw = body.to_string();
            loop {
                if let Some(end) = closing_quote(&raw) {
                    raw.truncate(end);
                    break;
                }
                if i >= lines.len() {
                    return Err((
                        line_no,
                        format!("the value of {key} opens a \" that never closes"),
                    ));
                }
                raw.push('\n');
                raw.push_str(lines[i]);
                i += 1;
            }
            let unescaped = unescape(&raw);
            expand(&unescaped, &env, lookup)
        } else if let Some(body) = rest.strip_prefix('\'') {
            match body.find('\'') {
                Some(end) => body[..end].to_string(),
                None => {
                    return Err((
                        line_no,
                        format!("the value of {key} opens a ' that never closes"),
                    ))
                }
            }
        } else {
            let bare = match rest.find(" #").or_else(|| rest.find("\t#")) {
                Some(pos) => &rest[..pos],
                None => rest,
            };
            expand(bare.trim(), &env, lookup)
        };
        env.vars.insert(key.to_string(), value);
    }
    Ok(env)
}

fn closing_quote(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut escaped = false;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'\\' if !escaped => escaped = true,
            b'"' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn expand(value: &str, env: &DotEnv, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                let resolved = env
                    .vars
                    .get(name)
                    .cloned()
                    .or_else(|| lookup(name))
                    .unwrap_or_default();
                out.push_str(&resolved);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Builds the connection URL of a Laravel application from its `.env` (and the process
/// environment, which wins as in Laravel).
///
/// `DB_URL` (Laravel 11) or `DATABASE_URL` (Laravel 8–10) win over the `DB_*` parts; SQLite
/// paths are relative to the project `root`; the password goes into the URL, which redacts it
/// whenever it is shown.
pub fn connection_url(
    env_path: &Path,
    root: &Path,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<DbUrl, LaravelError> {
    let bytes = std::fs::read(env_path).map_err(|source| LaravelError::Read {
        path: env_path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let fail = |message: String| LaravelError::Env {
        path: env_path.to_path_buf(),
        message,
    };
    let dotenv = parse_dotenv(&text, lookup)
        .map_err(|(line, message)| fail(format!("line {line}: {message}")))?;
    let get = |key: &str| {
        lookup(key)
            .filter(|v| !v.is_empty())
            .or_else(|| dotenv.get(key).map(str::to_string))
    };
    let parse = |raw: &str, what: &str| {
        DbUrl::parse(raw)
            .map_err(|e| fail(format!("{what} is not a database URL keel can use: {e}")))
    };
    for key in ["DB_URL", "DATABASE_URL"] {
        if let Some(url) = get(key) {
            return Ok(parse(&url, key)?.resolved_against(root));
        }
    }
    let connection = get("DB_CONNECTION").unwrap_or_else(|| "sqlite".into());
    let scheme = match connection.as_str() {
        "sqlite" => {
            let database = get("DB_DATABASE").unwrap_or_else(|| "database/database.sqlite".into());
            let path = Path::new(&database);
            let path = if path.is_absolute() {
                path.to_path_buf()
            } else {
                root.join(path)
            };
            return parse(&format!("sqlite://{}", path.display()), "DB_DATABASE");
        }
        "mysql" | "mariadb" => "mysql",
        "pgsql" => "postgres",
        other => {
            return Err(fail(format!(
                "DB_CONNECTION={other} is not supported; keel works with sqlite, mysql, mariadb and pgsql"
            )))
        }
    };
    let default_port = if scheme == "mysql" { "3306" } else { "5432" };
    let host = get("DB_HOST").unwrap_or_else(|| "127.0.0.1".into());
    let port = get("DB_PORT").unwrap_or_else(|| default_port.into());
    let database = get("DB_DATABASE").ok_or_else(|| {
        fail("DB_DATABASE is not set; keel needs it to know which database to use".into())
    })?;
    let mut url =
        url::Url::parse(&format!("{scheme}://placeholder/")).map_err(|e| fail(e.to_string()))?;
    let bad = |what: &str| fail(format!("DB_{what} cannot be used in a connection URL"));
    url.set_host(Some(&host)).map_err(|_| bad("HOST"))?;
    url.set_port(Some(port.parse().map_err(|_| bad("PORT"))?))
        .map_err(|()| bad("PORT"))?;
    if let Some(user) = get("DB_USERNAME") {
        url.set_username(&user).map_err(|()| bad("USERNAME"))?;
    }
    if let Some(password) = get("DB_PASSWORD") {
        url.set_password(Some(&password))
            .map_err(|()| bad("PASSWORD"))?;
    }
    url.set_path(&database);
    parse(url.as_str(), "the DB_* settings")
}

/// Whether `dir` is the root of a Laravel application: an `artisan` file beside `.env`.
pub fn is_laravel_root(dir: &Path) -> bool {
    dir.join("artisan").is_file() && dir.join(".env").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> DotEnv {
        parse_dotenv(text, &|name| {
            (name == "HOME").then(|| "/home/app".to_string())
        })
        .unwrap()
    }

    #[test]
    fn reads_laravel_style_files() {
        let env = parse(
            "APP_NAME=\"My App\"\n# a comment\nDB_CONNECTION=mysql\nDB_HOST=127.0.0.1 # inline\n\
             export DB_PORT=3306\nDB_PASSWORD='p#ss ${NOT_EXPANDED}'\nDB_USERNAME=\"${APP_USER}\"\n\
             APP_USER=late\nDB_DATABASE=${DB_CONNECTION}_app\nLOG=${HOME}/log\n",
        );
        assert_eq!(env.get("APP_NAME"), Some("My App"));
        assert_eq!(env.get("DB_HOST"), Some("127.0.0.1"));
        assert_eq!(env.get("DB_PORT"), Some("3306"));
        assert_eq!(env.get("DB_PASSWORD"), Some("p#ss ${NOT_EXPANDED}"));
        assert_eq!(
            env.get("DB_USERNAME"),
            None,
            "APP_USER is defined later: empty"
        );
        assert_eq!(env.get("DB_DATABASE"), Some("mysql_app"));
        assert_eq!(env.get("LOG"), Some("/home/app/log"));
    }

    #[test]
    fn multi_line_double_quoted_values() {
        let env = parse("KEY=\"line one\nline \\\"two\\\"\"\nNEXT=1\n");
        assert_eq!(env.get("KEY"), Some("line one\nline \"two\""));
        assert_eq!(env.get("NEXT"), Some("1"));
    }

    #[test]
    fn unterminated_quote_names_the_line() {
        let err = parse_dotenv("A=1\nB=\"open\n", &|_| None).unwrap_err();
        assert_eq!(err.0, 2);
        assert!(err.1.contains('B'), "{}", err.1);
    }

    #[test]
    fn garbage_line_is_an_error_not_a_panic() {
        let err = parse_dotenv("just words\n", &|_| None).unwrap_err();
        assert_eq!(err.0, 1);
    }
}

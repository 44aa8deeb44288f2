//! Loading a restore's rows with `LOAD DATA LOCAL INFILE`, which spares the server parsing
//! multi-row `INSERT` text and keel building it (the restore's time is then mostly InnoDB
//! inserting the rows; BENCHMARKS.md has the numbers).
//!
//! The "file" never touches the disk: rows are encoded into memory a batch (a few MiB) at a
//! time and handed to the server when it asks for the file named in the statement. A server
//! may ask for any file in answer to any statement; keel answers only the name it sent for the
//! statement running, once, and fails the load on any other request (sending it nothing).
//!
//! The text is exact for every type keel backs up: values are the text-protocol bytes under
//! `SET NAMES utf8mb4`, read back in `CHARACTER SET utf8mb4` with `\` escapes for the bytes
//! that separate fields and lines and `\N` for NULL; binary, `BIT` and spatial columns go as
//! hex through a user variable and `UNHEX`, as their `X'…'` literals did in the `INSERT`
//! path. A text value that is not UTF-8 could not pass through a utf8mb4 file unchanged, so
//! its chunk goes as `INSERT` (`_binary X'…'`) instead.

use std::io::Write;
use std::sync::{Arc, Mutex};

use keel_backup::{BackupError, TableStart};
use mysql::prelude::Queryable;
use mysql::{Conn, LocalInfile, LocalInfileHandler};

use super::{lit, my, q};

/// How much encoded text one `LOAD DATA` statement carries.
pub(super) const BATCH: usize = 4 * 1024 * 1024;

/// Errors that mean the server (or its configuration) does not take `LOAD DATA LOCAL`:
/// 1148 "the used command is not allowed" (MySQL and MariaDB), 4166 local infile disabled
/// (MariaDB), 3948 loading local data is disabled (MySQL 8).
const DISABLED: [u16; 3] = [1148, 4166, 3948];

/// What the handler shares with the statement that runs it.
#[derive(Default)]
struct Feed {
    /// The file name the running statement asked for; taken when answered.
    expect: Option<Vec<u8>>,
    data: Vec<u8>,
    /// A file name the server asked for that keel did not send.
    refused: Option<Vec<u8>>,
}

/// Whether a `LOAD DATA` batch went in.
pub(super) enum Loaded {
    Yes,
    /// The server does not take `LOAD DATA LOCAL`: these rows (and the rest) go as `INSERT`.
    Disabled,
}

/// The `LOAD DATA LOCAL INFILE` loader of one restore.
pub(super) struct Infile {
    feed: Arc<Mutex<Feed>>,
    handler: LocalInfileHandler,
    statements: u64,
    disabled: bool,
}

impl Infile {
    pub(super) fn new() -> Self {
        let feed = Arc::new(Mutex::new(Feed::default()));
        let shared = Arc::clone(&feed);
        let handler = LocalInfileHandler::new(move |asked: &[u8], out: &mut LocalInfile<'_>| {
            let mut feed = shared
                .lock()
                .map_err(|_| std::io::Error::other("keel's row feed was poisoned"))?;
            if feed.expect.as_deref() != Some(asked) {
                // An empty answer keeps the protocol in step; the load then fails on `refused`.
                feed.refused = Some(asked.to_vec());
                return Ok(());
            }
            feed.expect = None;
            out.write_all(&feed.data)
        });
        Self {
            feed,
            handler,
            statements: 0,
            disabled: false,
        }
    }

    /// False once the server refused `LOAD DATA LOCAL`: the rest of the restore uses `INSERT`.
    pub(super) fn usable(&self) -> bool {
        !self.disabled
    }

    /// Loads `rows` rows encoded in `data` (emptied, its allocation kept) with `statement`
    /// (from [`load_statement`]).
    pub(super) fn load(
        &mut self,
        c: &mut Conn,
        statement: &str,
        data: &mut Vec<u8>,
        rows: u64,
        table: &str,
    ) -> Result<Loaded, BackupError> {
        self.statements += 1;
        let name = format!("keel-rows-{}-{}.tsv", std::process::id(), self.statements);
        let sql = format!("LOAD DATA LOCAL INFILE {} {statement}", lit(&name));
        let (result, refused) = self.run(c, &name, &sql, data)?;
        data.clear();
        if let Some(asked) = refused {
            return Err(BackupError::Engine(format!(
                "mysql: loading {table}: the server asked for the local file {:?} instead of the rows keel sent; \
                 keel did not send it. Check that the URL points at the server you meant",
                String::from_utf8_lossy(&asked)
            )));
        }
        match result {
            Ok(()) => {}
            Err(mysql::Error::MySqlError(e)) if DISABLED.contains(&e.code) => {
                self.disabled = true;
                return Ok(Loaded::Disabled);
            }
            Err(e) => return Err(my(&format!("loading {table}"), e)),
        }
        // LOAD DATA LOCAL skips rows it cannot take (duplicates, …) with a warning instead
        // of failing, so the count the server took is checked here.
        let took = c.affected_rows();
        if took != rows {
            let warnings: Vec<mysql::Row> = c
                .query("SHOW WARNINGS LIMIT 3")
                .map_err(|e| my(&format!("loading {table}"), e))?;
            let said: Vec<String> = warnings
                .into_iter()
                .filter_map(|r| r.get::<String, _>(2))
                .collect();
            return Err(BackupError::Engine(format!(
                "mysql: loading {table}: the server took {took} of {rows} rows ({})",
                if said.is_empty() {
                    "no warning given".to_string()
                } else {
                    said.join("; ")
                }
            )));
        }
        Ok(Loaded::Yes)
    }

    /// Runs `sql` with `data` offered as the file `name` (and only that), handing `data`
    /// back; says which other file the server asked for, if it did.
    fn run(
        &mut self,
        c: &mut Conn,
        name: &str,
        sql: &str,
        data: &mut Vec<u8>,
    ) -> Result<(mysql::Result<()>, Option<Vec<u8>>), BackupError> {
        {
            let mut feed = self.lock()?;
            feed.expect = Some(name.as_bytes().to_vec());
            feed.refused = None;
            std::mem::swap(&mut feed.data, data);
        }
        // The handler is installed only while keel's own statement runs.
        c.set_local_infile_handler(Some(self.handler.clone()));
        let result = c.query_drop(sql);
        c.set_local_infile_handler(None);
        let mut feed = self.lock()?;
        std::mem::swap(&mut feed.data, data);
        feed.expect = None;
        Ok((result, feed.refused.take()))
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Feed>, BackupError> {
        self.feed
            .lock()
            .map_err(|_| BackupError::Engine("mysql: keel's row feed was poisoned".into()))
    }
}

/// `INTO TABLE …` and the rest of a `LOAD DATA LOCAL INFILE 'name'` statement for the
/// columns of `start` in the side schema. Binary columns are read into user variables and
/// set with `UNHEX`. Once the statement has such a `SET` clause, MariaDB gives an
/// AUTO_INCREMENT column read straight from the file a new value for `0`, whatever
/// `NO_AUTO_VALUE_ON_ZERO` says; set from a variable as well, it keeps the `0`.
pub(super) fn load_statement(
    side: &str,
    start: &TableStart,
    binary: &[bool],
    auto_increment: Option<&str>,
) -> String {
    let hex = binary.iter().any(|b| *b);
    let mut targets = Vec::new();
    let mut sets = Vec::new();
    for (n, (col, bin)) in start.columns.iter().zip(binary).enumerate() {
        if *bin {
            targets.push(format!("@keel_{n}"));
            sets.push(format!("{} = UNHEX(@keel_{n})", q(&col.name)));
        } else if hex && auto_increment == Some(col.name.as_str()) {
            targets.push(format!("@keel_{n}"));
            sets.push(format!("{} = @keel_{n}", q(&col.name)));
        } else {
            targets.push(q(&col.name));
        }
    }
    let mut sql = format!(
        "INTO TABLE {}.{} CHARACTER SET utf8mb4 \
         FIELDS TERMINATED BY '\\t' ENCLOSED BY '' ESCAPED BY '\\\\' \
         LINES STARTING BY '' TERMINATED BY '\\n' ({})",
        q(side),
        q(&start.table),
        targets.join(", ")
    );
    if !sets.is_empty() {
        sql.push_str(" SET ");
        sql.push_str(&sets.join(", "));
    }
    sql
}

/// Appends one chunk of keel's row encoding (per value `0` for NULL, or `1`, a u32 LE length
/// and the bytes) to `out` as `LOAD DATA` text: one line per row, fields split by tabs.
/// Returns the rows appended, or `None` (with `out` as it was) when a text column holds
/// bytes that are not UTF-8. `binary` has one entry per column and at least one.
pub(super) fn encode_rows(
    chunk: &[u8],
    binary: &[bool],
    out: &mut Vec<u8>,
) -> Result<Option<u64>, BackupError> {
    let bad = || BackupError::Corrupt("a row chunk does not decode".into());
    let before = out.len();
    let mut rows = 0u64;
    let mut i = 0;
    while i < chunk.len() {
        for (n, bin) in binary.iter().enumerate() {
            if n > 0 {
                out.push(b'\t');
            }
            let tag = *chunk.get(i).ok_or_else(bad)?;
            i += 1;
            match tag {
                0 => out.extend_from_slice(b"\\N"),
                1 => {
                    let len = chunk.get(i..i + 4).ok_or_else(bad)?;
                    let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
                    i += 4;
                    let v = chunk.get(i..i + len).ok_or_else(bad)?;
                    i += len;
                    if *bin {
                        hex_into(v, out);
                    } else if std::str::from_utf8(v).is_ok() {
                        escape_into(v, out);
                    } else {
                        out.truncate(before);
                        return Ok(None);
                    }
                }
                _ => return Err(bad()),
            }
        }
        out.push(b'\n');
        rows += 1;
    }
    Ok(Some(rows))
}

/// The bytes `LOAD DATA` would otherwise read as separators, escapes or NUL, escaped.
fn escape_into(v: &[u8], out: &mut Vec<u8>) {
    let mut start = 0;
    for (i, &b) in v.iter().enumerate() {
        let escaped = match b {
            b'\\' => b'\\',
            b'\t' => b't',
            b'\n' => b'n',
            b'\r' => b'r',
            0 => b'0',
            _ => continue,
        };
        out.extend_from_slice(&v[start..i]);
        out.extend_from_slice(&[b'\\', escaped]);
        start = i + 1;
    }
    out.extend_from_slice(&v[start..]);
}

fn hex_into(v: &[u8], out: &mut Vec<u8>) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(v.len() * 2);
    for &b in v {
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 15)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keel_backup::ColumnInfo;

    fn chunk(values: &[Option<&[u8]>]) -> Vec<u8> {
        let mut out = Vec::new();
        for v in values {
            match v {
                None => out.push(0),
                Some(b) => {
                    out.push(1);
                    out.extend_from_slice(&(b.len() as u32).to_le_bytes());
                    out.extend_from_slice(b);
                }
            }
        }
        out
    }

    #[test]
    fn rows_encode_as_escaped_tab_separated_lines_with_binary_as_hex() {
        let c = chunk(&[
            None,
            Some(b"a\\b\tc\nd\re\0f \\N"),
            Some(b"\x00\t\xff"),
            Some(b""),
            Some(b"NULL"),
            Some(b""),
        ]);
        let mut out = b"kept".to_vec();
        let rows = encode_rows(&c, &[false, false, true], &mut out).unwrap();
        assert_eq!(rows, Some(2));
        assert_eq!(
            out,
            b"kept\\N\ta\\\\b\\tc\\nd\\re\\0f \\\\N\t0009FF\n\tNULL\t\n".to_vec()
        );
    }

    #[test]
    fn a_text_value_that_is_not_utf8_leaves_the_buffer_as_it_was() {
        let c = chunk(&[Some(b"fine"), Some(b"\xff\xfe")]);
        let mut out = b"kept".to_vec();
        assert_eq!(encode_rows(&c, &[false], &mut out).unwrap(), None);
        assert_eq!(out, b"kept".to_vec());
        // The same bytes in a binary column are fine.
        assert_eq!(encode_rows(&c, &[true], &mut out).unwrap(), Some(2));
    }

    /// A connection to the test server, or `None` (skipping) when none runs, as outside CI.
    fn server() -> Option<Conn> {
        let Some(url) = std::env::var("KEEL_TEST_MYSQL_URL")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "KEEL_TEST_MYSQL_URL is not set: CI requires a real MariaDB/MySQL server"
            );
            return None;
        };
        let opts = mysql::Opts::from_url(&url.replacen("mariadb://", "mysql://", 1)).unwrap();
        Some(Conn::new(opts).unwrap())
    }

    #[test]
    fn the_handler_answers_only_the_file_keel_named_and_keeps_the_connection_usable() {
        let Some(mut c) = server() else { return };
        c.query_drop("CREATE TEMPORARY TABLE keel_infile_probe (v TEXT)")
            .unwrap();
        let mut infile = Infile::new();
        let mut data = b"secret\n".to_vec();
        let (result, refused) = infile
            .run(
                &mut c,
                "keel-rows-expected.tsv",
                "LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE keel_infile_probe",
                &mut data,
            )
            .unwrap();
        result.unwrap();
        assert_eq!(refused.as_deref(), Some(&b"/etc/passwd"[..]));
        assert_eq!(data, b"secret\n".to_vec(), "the rows are handed back");
        let n: Option<u64> = c
            .query_first("SELECT COUNT(*) FROM keel_infile_probe")
            .unwrap();
        assert_eq!(n, Some(0), "nothing was sent for a file keel did not name");

        let (result, refused) = infile
            .run(
                &mut c,
                "keel-rows-expected.tsv",
                "LOAD DATA LOCAL INFILE 'keel-rows-expected.tsv' INTO TABLE keel_infile_probe",
                &mut data,
            )
            .unwrap();
        result.unwrap();
        assert_eq!(refused, None);
        let v: Option<String> = c.query_first("SELECT v FROM keel_infile_probe").unwrap();
        assert_eq!(v.as_deref(), Some("secret"));
    }

    #[test]
    fn a_truncated_chunk_is_corrupt() {
        let c = chunk(&[Some(b"abc")]);
        assert!(encode_rows(&c[..6], &[false], &mut Vec::new()).is_err());
        assert!(encode_rows(&[7], &[false], &mut Vec::new()).is_err());
    }

    #[test]
    fn binary_columns_load_through_unhex_and_the_auto_increment_column_beside_them_too() {
        let start = TableStart {
            table: "t`1".into(),
            columns: vec![
                ColumnInfo {
                    name: "a".into(),
                    ty: "int".into(),
                },
                ColumnInfo {
                    name: "b".into(),
                    ty: "blob".into(),
                },
                ColumnInfo {
                    name: "c".into(),
                    ty: "text".into(),
                },
            ],
        };
        let fixed = "INTO TABLE `side`.`t``1` CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' \
            ENCLOSED BY '' ESCAPED BY '\\\\' LINES STARTING BY '' TERMINATED BY '\\n' ";
        assert_eq!(
            load_statement("side", &start, &[false, true, false], Some("a")),
            format!("{fixed}(@keel_0, @keel_1, `c`) SET `a` = @keel_0, `b` = UNHEX(@keel_1)")
        );
        assert_eq!(
            load_statement("side", &start, &[false, false, false], Some("a")),
            format!("{fixed}(`a`, `b`, `c`)")
        );
    }
}

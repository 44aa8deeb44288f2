use sha2::{Digest, Sha256};

/// The checksum keel records for a script: SHA-256 over its text with line endings unified and
/// trailing whitespace removed from every line and from the end.
///
/// A file that only changed CRLF↔LF or lost trailing spaces (editors, git `autocrlf`) keeps its
/// checksum; any change a database could notice changes it.
pub fn checksum(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut hasher = Sha256::new();
    let mut pending_blank_lines = 0usize;
    let mut first = true;
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            pending_blank_lines += 1;
            continue;
        }
        if !first {
            hasher.update(b"\n");
        }
        for _ in 0..pending_blank_lines {
            if !first {
                hasher.update(b"\n");
            }
        }
        pending_blank_lines = 0;
        first = false;
        hasher.update(line.as_bytes());
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::checksum;

    #[test]
    fn line_endings_and_trailing_whitespace_do_not_matter() {
        let lf = "CREATE TABLE a (id int);\n\nINSERT INTO a VALUES (1);\n";
        let crlf = "CREATE TABLE a (id int);  \r\n\r\nINSERT INTO a VALUES (1);\r\n\r\n\r\n";
        assert_eq!(checksum(lf), checksum(crlf));
        assert_eq!(checksum(lf), checksum(&format!("\u{feff}{lf}")));
    }

    #[test]
    fn real_edits_change_it() {
        let base = "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n";
        assert_ne!(
            checksum(base),
            checksum("CREATE TABLE a (id bigint);\nINSERT INTO a VALUES (1);\n")
        );
        assert_ne!(
            checksum(base),
            checksum("CREATE TABLE a (id int);\n\nINSERT INTO a VALUES (1);\n")
        );
        assert_ne!(
            checksum(base),
            checksum("  CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n")
        );
        assert_eq!(checksum(base).len(), 64);
    }
}

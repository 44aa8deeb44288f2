/// `-- keel:…` comments that change how a migration runs, read from the comment lines at the
/// top of a script.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directives {
    /// `-- keel:no-transaction`: run outside a transaction (e.g. `CREATE INDEX CONCURRENTLY`).
    pub no_transaction: bool,
    /// `-- keel:allows-loss table.column`: values this migration is allowed to lose.
    pub allows_loss: Vec<String>,
}

impl Directives {
    /// Reads the directives in the leading comment block of `text`.
    pub fn parse(text: &str) -> Self {
        let mut found = Directives::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let Some(comment) = line.strip_prefix("--").or_else(|| line.strip_prefix('#')) else {
                break;
            };
            found.read_comment(comment);
        }
        found
    }

    /// Reads one line of comment text, its comment marker already removed: how migrations in
    /// other languages (Laravel's `// keel:allows-loss photos.caption`) carry directives.
    pub fn read_comment(&mut self, comment: &str) {
        let Some(directive) = comment.trim().strip_prefix("keel:") else {
            return;
        };
        let mut words = directive.split_whitespace();
        match words.next() {
            Some("no-transaction") => self.no_transaction = true,
            Some("allows-loss") => self.allows_loss.extend(
                words
                    .flat_map(|w| w.split(','))
                    .filter(|w| !w.is_empty())
                    .map(str::to_string),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Directives;

    #[test]
    fn directives_come_from_the_leading_comments_only() {
        let d = Directives::parse(
            "-- Build the index without blocking writes.\n-- keel:no-transaction\n\
             -- keel:allows-loss photos.caption, photos.alt\nCREATE INDEX CONCURRENTLY i ON t (a);\n\
             -- keel:allows-loss ignored.after_sql\n",
        );
        assert!(d.no_transaction);
        assert_eq!(d.allows_loss, vec!["photos.caption", "photos.alt"]);
        assert_eq!(
            Directives::parse("SELECT 1;\n-- keel:no-transaction\n"),
            Directives::default()
        );
    }
}

//! `-- keel:ignore RULE[, RULE]` before a statement and `-- keel:ignore-file RULE[, RULE]`
//! anywhere in a file.

use crate::ir::Span;

#[derive(Debug, Clone)]
struct Suppression {
    rule: String,
    /// Where the comment is.
    at: Span,
    /// Lines it covers (`None`: the whole file).
    lines: Option<(usize, usize)>,
    used: bool,
}

/// A suppression that matched nothing.
#[derive(Debug, Clone)]
pub(crate) struct Unused {
    pub rule: String,
    pub span: Span,
}

/// The suppressions of one file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Suppressions {
    items: Vec<Suppression>,
}

impl Suppressions {
    /// Reads the suppression comments of `text`; `statements` are its statements' spans.
    pub fn parse(text: &str, statements: &[Span]) -> Self {
        let mut items = Vec::new();
        if !text.contains("keel:ignore") {
            return Self { items };
        }
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let trimmed = raw.trim_start();
            let Some(comment) = trimmed
                .strip_prefix("--")
                .or_else(|| trimmed.strip_prefix('#'))
                // PHP migrations (Laravel) comment with `//`.
                .or_else(|| trimmed.strip_prefix("//"))
            else {
                continue;
            };
            let comment = comment.trim();
            let (rest, file_wide) = if let Some(r) = comment.strip_prefix("keel:ignore-file") {
                (r, true)
            } else if let Some(r) = comment.strip_prefix("keel:ignore") {
                (r, false)
            } else {
                continue;
            };
            if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
                continue;
            }
            let column = raw.chars().count() - trimmed.chars().count() + 1;
            let at = Span {
                line,
                column,
                end_line: line,
                end_column: raw.chars().count() + 1,
            };
            let lines = if file_wide {
                None
            } else {
                match statements
                    .iter()
                    .filter(|s| s.line > line)
                    .min_by_key(|s| s.line)
                {
                    Some(s) => Some((s.line, s.end_line)),
                    None => Some((0, 0)),
                }
            };
            for rule in rest
                .split([',', ' ', '\t'])
                .map(str::trim)
                .filter(|r| !r.is_empty())
            {
                items.push(Suppression {
                    rule: rule.to_string(),
                    at,
                    lines,
                    used: false,
                });
            }
        }
        Self { items }
    }

    /// Whether a finding of `rule` on `line` is suppressed (marking the suppression used).
    pub fn matches(&mut self, rule: &str, line: usize) -> bool {
        let mut hit = false;
        for s in &mut self.items {
            let covers = match s.lines {
                None => true,
                Some((a, b)) => (a..=b).contains(&line),
            };
            if covers && s.rule == rule {
                s.used = true;
                hit = true;
            }
        }
        hit
    }

    /// Suppressions that matched nothing.
    pub fn unused(&self) -> Vec<Unused> {
        self.items
            .iter()
            .filter(|s| !s.used)
            .map(|s| Unused {
                rule: s.rule.clone(),
                span: s.at,
            })
            .collect()
    }
}

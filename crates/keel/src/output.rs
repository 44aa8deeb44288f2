//! Where everything keel says goes: results on stdout, progress and errors on stderr, JSON when
//! asked. Commands build reports; this renders them.

use std::io::{self, Write};

use serde::Serialize;

use crate::args::{Format, GlobalArgs};

pub(crate) struct Output {
    pub format: Format,
    pub quiet: bool,
    pub verbose: bool,
}

impl Output {
    pub fn new(global: &GlobalArgs) -> Self {
        Self {
            format: global.format,
            quiet: global.quiet,
            verbose: global.verbose,
        }
    }

    pub fn json(&self) -> bool {
        self.format == Format::Json
    }

    /// A result line for people (suppressed in JSON mode).
    pub fn line(&self, text: impl AsRef<str>) {
        if !self.json() {
            let _ = writeln!(io::stdout().lock(), "{}", text.as_ref());
        }
    }

    /// Progress for people, on stderr so that stdout stays clean for results.
    pub fn progress(&self, text: impl AsRef<str>) {
        if !self.json() && !self.quiet {
            let _ = writeln!(io::stderr().lock(), "{}", text.as_ref());
        }
    }

    /// Detail shown with -v.
    pub fn detail(&self, text: impl AsRef<str>) {
        if self.verbose {
            self.progress(text);
        }
    }

    /// A warning: always shown to people, even with -q.
    pub fn warn(&self, text: impl AsRef<str>) {
        if !self.json() {
            let _ = writeln!(io::stderr().lock(), "warning: {}", text.as_ref());
        }
    }

    /// The JSON report (only in JSON mode).
    pub fn report<T: Serialize>(&self, value: &T) {
        if self.json() {
            let mut stdout = io::stdout().lock();
            let _ = serde_json::to_writer_pretty(&mut stdout, value);
            let _ = writeln!(stdout);
        }
    }

    /// An error message on stderr only.
    pub fn error_to_stderr(&self, text: &str) {
        let _ = writeln!(io::stderr().lock(), "error: {text}");
    }

    /// An error that stopped the command: the message and its causes on stderr; in JSON mode
    /// also an `{"error": …}` object on stdout so that scripts always get JSON.
    pub fn error(&self, err: &anyhow::Error) {
        let mut text = err.to_string();
        for cause in err.chain().skip(1) {
            let cause = cause.to_string();
            if !text.contains(&cause) {
                text.push_str(": ");
                text.push_str(&cause);
            }
        }
        let _ = writeln!(io::stderr().lock(), "error: {text}");
        if self.json() {
            let mut stdout = io::stdout().lock();
            let _ =
                serde_json::to_writer_pretty(&mut stdout, &serde_json::json!({ "error": text }));
            let _ = writeln!(stdout);
        }
    }
}

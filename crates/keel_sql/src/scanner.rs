//! The single-pass scanner behind [`crate::split`].
//!
//! The scanner walks the source byte by byte. At every token boundary it
//! first checks for the current delimiter, then dispatches on the byte:
//! whitespace and comments are skipped, strings, quoted identifiers and
//! dollar quotes are jumped over in one go (they are opaque: nothing inside
//! them can end a statement), and everything else becomes a *token* that
//! extends the current statement.
//!
//! Every token is also fed to two tiny state machines:
//!
//! * the *head* machine looks at the first few words of the statement to
//!   recognise compound statements (`CREATE … TRIGGER|PROCEDURE|FUNCTION|EVENT`
//!   and MariaDB's `BEGIN NOT ATOMIC`);
//! * inside compound statements, the *block* tracker counts `BEGIN`/`CASE`
//!   openers against `END` closers so that a `;` inside a body does not end
//!   the statement.
//!
//! Both only look at whole words outside strings, comments and quoted
//! identifiers, so `begin_at` or `"end"` never count. Deciding whether a
//! `BEGIN` opens a block or what an `END` closes needs the *next* token; the
//! tracker keeps that decision pending instead of looking ahead, which keeps
//! the scan strictly single-pass.
//!
//! All offsets the scanner stores are char boundaries: tokens start at an
//! ASCII byte or at the first byte of a character, and end after an ASCII
//! byte or after a whole character.

use crate::line_index::{LineIndex, BOM};
use crate::{Dialect, SplitError, Statement};

/// Splits one source text; consumed by [`Splitter::run`].
pub(crate) struct Splitter<'a> {
    src: &'a str,
    bytes: &'a [u8],
    dialect: Dialect,
    index: LineIndex,
    /// Current scan position (always a char boundary between tokens).
    pos: usize,
    /// The statement delimiter; `;` unless changed by MySQL's `DELIMITER`.
    delimiter: Vec<u8>,
    /// Whether the delimiter starts with a byte that can occur inside a
    /// word (e.g. `$$`), so words must stop in front of it, as in `END$$`.
    delimiter_in_words: bool,
    statements: Vec<Statement>,
    current: Current,
}

/// State of the statement being scanned.
#[derive(Debug, Default)]
struct Current {
    /// Offset of the first real token, once there is one.
    start: Option<usize>,
    /// Offset just after the last real token.
    end: usize,
    head: Head,
    /// Whether the statement is a compound statement whose body may hold `;`.
    compound: bool,
    /// Open `BEGIN`/`CASE` blocks (compound statements only).
    depth: usize,
    pending: Pending,
    /// Whether the previous token was `.`: a word after it is a qualified
    /// name (`NEW.end`), never a keyword.
    after_dot: bool,
}

/// Recognition of the statement's first words.
#[derive(Clone, Copy, Debug, Default)]
enum Head {
    /// No token seen yet.
    #[default]
    Start,
    /// Saw `CREATE` followed only by modifiers; `definer` once a `DEFINER =
    /// user` clause started (its tokens are skipped); `tokens` bounds how
    /// long we keep looking.
    Create { definer: bool, tokens: u8 },
    /// MySQL statement starting with `BEGIN` (a transaction or, with `NOT
    /// ATOMIC`, a MariaDB compound statement).
    MysqlBegin,
    /// The head has been classified.
    Done,
}

/// A keyword whose meaning depends on the following token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Pending {
    #[default]
    None,
    /// `BEGIN`: opens a block unless followed by `TRANSACTION`, `WORK`, … or
    /// something that is not a word (in PostgreSQL: only `BEGIN ATOMIC`).
    Begin,
    /// `END`: closes a block unless followed by `IF`, `LOOP`, `WHILE`,
    /// `REPEAT` or `FOR`; `END CASE` closes the `CASE`.
    End,
}

/// What the trackers need to know about a token.
#[derive(Clone, Copy, Debug)]
enum Token<'a> {
    /// An unquoted word (identifier or keyword).
    Word(&'a [u8]),
    /// The `.` punctuation.
    Dot,
    /// Anything else: punctuation, numbers, strings, quoted identifiers.
    Other,
}

/// Words that, after `CREATE` and its modifiers, start a compound statement.
const COMPOUND_OBJECTS: &[&str] = &["TRIGGER", "PROCEDURE", "FUNCTION", "EVENT"];
/// Modifiers allowed between `CREATE` and the object kind.
const CREATE_MODIFIERS: &[&str] = &[
    "OR",
    "REPLACE",
    "TEMP",
    "TEMPORARY",
    "AGGREGATE",
    "CONSTRAINT",
];
/// Words that end a `DEFINER = …` clause without a compound object.
const NOT_COMPOUND_AFTER_DEFINER: &[&str] = &["VIEW", "TABLE", "SQL", "ALGORITHM"];
/// Words after `BEGIN` that make it a transaction statement, not a block.
const TRANSACTION_BEGIN: &[&str] = &["TRANSACTION", "WORK", "DEFERRED", "IMMEDIATE", "EXCLUSIVE"];
/// Words after `END` that close a construct which was not counted as opened.
const UNCOUNTED_ENDS: &[&str] = &["IF", "LOOP", "WHILE", "REPEAT", "FOR"];
/// How many tokens after `CREATE` the head machine inspects at most.
const MAX_HEAD_TOKENS: u8 = 16;

impl<'a> Splitter<'a> {
    pub(crate) fn new(source: &'a str, dialect: Dialect) -> Self {
        Splitter {
            src: source,
            bytes: source.as_bytes(),
            dialect,
            index: LineIndex::new(source),
            pos: 0,
            delimiter: vec![b';'],
            delimiter_in_words: false,
            statements: Vec::new(),
            current: Current::default(),
        }
    }

    pub(crate) fn run(mut self) -> Result<Vec<Statement>, SplitError> {
        if self.src.starts_with(BOM) {
            self.pos = BOM.len();
        }
        while self.pos < self.bytes.len() {
            self.step()?;
        }
        self.finish_statement();
        Ok(self.statements)
    }

    /// Consumes one token, comment, whitespace character or delimiter.
    fn step(&mut self) -> Result<(), SplitError> {
        let start = self.pos;
        let b = self.bytes[start];
        if is_ascii_space(b) {
            self.pos += 1;
            return Ok(());
        }
        if b >= 0x80 {
            if let Some(c) = self.src[start..].chars().next() {
                if c.is_whitespace() {
                    self.pos += c.len_utf8();
                    return Ok(());
                }
            }
        }
        if b == self.delimiter[0] && self.bytes[start..].starts_with(&self.delimiter) {
            self.on_delimiter();
            return Ok(());
        }
        if self.current.start.is_none()
            && self.dialect == Dialect::Mysql
            && self.delimiter_command()?
        {
            return Ok(());
        }
        let mysql = self.dialect == Dialect::Mysql;
        match b {
            b'-' if self.byte_at(start + 1) == Some(b'-') && self.is_dash_comment(start) => {
                self.skip_line();
            }
            b'#' if mysql => self.skip_line(),
            b'/' if self.byte_at(start + 1) == Some(b'*') => {
                let end = self.block_comment_end(start)?;
                if mysql && matches!(self.byte_at(start + 2), Some(b'!' | b'+')) {
                    // Executable comment or optimizer hint: statement text.
                    self.token(start, end, Token::Other);
                }
                self.pos = end;
            }
            b'\'' => self.quoted(start, start, b'\'', mysql, "string literal")?,
            b'"' if mysql => self.quoted(start, start, b'"', true, "string literal")?,
            b'"' => self.quoted(start, start, b'"', false, "quoted identifier")?,
            b'`' if self.dialect != Dialect::Postgres => {
                self.quoted(start, start, b'`', false, "quoted identifier")?;
            }
            b'[' if self.dialect == Dialect::Sqlite => self.bracket_identifier(start)?,
            b'$' if self.dialect == Dialect::Postgres => self.dollar(start)?,
            b'.' => {
                self.token(start, start + 1, Token::Dot);
                self.pos = start + 1;
            }
            _ if is_word_byte(b) => self.word(start)?,
            _ => {
                // ASCII punctuation or control character.
                self.token(start, start + 1, Token::Other);
                self.pos = start + 1;
            }
        }
        Ok(())
    }

    fn byte_at(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    /// At `--`: whether it starts a comment. MySQL requires whitespace, a
    /// control character or the end of input after the dashes.
    fn is_dash_comment(&self, start: usize) -> bool {
        if self.dialect != Dialect::Mysql {
            return true;
        }
        match self.byte_at(start + 2) {
            None => true,
            Some(c) => c.is_ascii_whitespace() || c.is_ascii_control(),
        }
    }

    /// Skips to the end of the line (the `\n` itself is left as whitespace).
    fn skip_line(&mut self) {
        self.pos = find_byte(self.bytes, self.pos, b'\n').unwrap_or(self.bytes.len());
    }

    /// Returns the offset after the block comment opened at `open`.
    fn block_comment_end(&self, open: usize) -> Result<usize, SplitError> {
        let nests = self.dialect == Dialect::Postgres;
        let bytes = self.bytes;
        let mut depth = 1usize;
        let mut i = open + 2;
        while i + 1 < bytes.len() {
            match (bytes[i], bytes[i + 1]) {
                (b'*', b'/') => {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        return Ok(i);
                    }
                }
                (b'/', b'*') if nests => {
                    depth += 1;
                    i += 2;
                }
                _ => i += 1,
            }
        }
        Err(self.error(open, "unterminated block comment".to_owned()))
    }

    /// Scans a literal delimited by `quote` whose opening quote is at
    /// `quote_at` (the token itself starts at `start`, which differs for
    /// prefixed literals like `E'…'`). A doubled quote stands for one quote;
    /// with `backslash`, a backslash escapes the next byte.
    fn quoted(
        &mut self,
        start: usize,
        quote_at: usize,
        quote: u8,
        backslash: bool,
        what: &str,
    ) -> Result<(), SplitError> {
        let bytes = self.bytes;
        let mut i = quote_at + 1;
        loop {
            while i < bytes.len() && bytes[i] != quote && !(backslash && bytes[i] == b'\\') {
                i += 1;
            }
            if i >= bytes.len() {
                return Err(self.error(start, format!("unterminated {what} starting here")));
            }
            if bytes[i] == b'\\' || bytes.get(i + 1) == Some(&quote) {
                // A backslash escape or a doubled quote: skip both bytes.
                i += 2;
            } else {
                let end = i + 1;
                self.token(start, end, Token::Other);
                self.pos = end;
                return Ok(());
            }
        }
    }

    /// SQLite `[identifier]` (no escapes: it ends at the first `]`).
    fn bracket_identifier(&mut self, start: usize) -> Result<(), SplitError> {
        match find_byte(self.bytes, start + 1, b']') {
            Some(close) => {
                self.token(start, close + 1, Token::Other);
                self.pos = close + 1;
                Ok(())
            }
            None => Err(self.error(
                start,
                "unterminated quoted identifier starting here".to_owned(),
            )),
        }
    }

    /// PostgreSQL `$`: a positional parameter (`$1`), a dollar-quoted string
    /// (`$$…$$`, `$tag$…$tag$`) or a lone `$`.
    fn dollar(&mut self, start: usize) -> Result<(), SplitError> {
        let bytes = self.bytes;
        let mut i = start + 1;
        if bytes.get(i).is_some_and(u8::is_ascii_digit) {
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            self.token(start, i, Token::Other);
            self.pos = i;
            return Ok(());
        }
        // Tag characters follow PostgreSQL's lexer: letters, digits, `_` and
        // any non-ASCII byte; it cannot start with a digit (handled above).
        while bytes
            .get(i)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80)
        {
            i += 1;
        }
        if bytes.get(i) != Some(&b'$') {
            self.token(start, start + 1, Token::Other);
            self.pos = start + 1;
            return Ok(());
        }
        let opener = &bytes[start..=i];
        match find_dollar_tag(bytes, i + 1, opener) {
            Some(close) => {
                let end = close + opener.len();
                self.token(start, end, Token::Other);
                self.pos = end;
                Ok(())
            }
            None => {
                let (line, _) = self.index.line_col(start);
                let tag = &self.src[start..=i];
                Err(self.error(
                    start,
                    format!("unterminated dollar-quoted string {tag} (opened at line {line})"),
                ))
            }
        }
    }

    /// An unquoted word or a number; in PostgreSQL also the `E` prefix of an
    /// escape string.
    fn word(&mut self, start: usize) -> Result<(), SplitError> {
        let end = self.word_end(start);
        let bytes = self.bytes;
        if self.dialect == Dialect::Postgres
            && end == start + 1
            && bytes[start].eq_ignore_ascii_case(&b'e')
            && bytes.get(end) == Some(&b'\'')
        {
            return self.quoted(start, end, b'\'', true, "string literal");
        }
        let token = if bytes[start].is_ascii_digit() {
            Token::Other
        } else {
            Token::Word(&bytes[start..end])
        };
        self.token(start, end, token);
        self.pos = end;
        Ok(())
    }

    /// End of the word starting at `start`: ASCII letters, digits, `_`, `$`
    /// and non-whitespace non-ASCII characters. Stops in front of a
    /// delimiter that starts with a word character (MySQL `END$$`).
    fn word_end(&self, start: usize) -> usize {
        let bytes = self.bytes;
        let mut i = start;
        while i < bytes.len() {
            if i > start && self.delimiter_in_words && bytes[i..].starts_with(&self.delimiter) {
                break;
            }
            let b = bytes[i];
            if b < 0x80 {
                if !is_word_byte(b) {
                    break;
                }
                i += 1;
            } else {
                match self.src[i..].chars().next() {
                    Some(c) if !c.is_whitespace() => i += c.len_utf8(),
                    _ => break,
                }
            }
        }
        i
    }

    /// MySQL client `DELIMITER xx` at the beginning of a statement: changes
    /// the delimiter for the following statements. Returns whether there
    /// was such a command (it is consumed up to the end of its line).
    fn delimiter_command(&mut self) -> Result<bool, SplitError> {
        const KEYWORD: &[u8] = b"DELIMITER";
        let start = self.pos;
        let after = start + KEYWORD.len();
        let bytes = self.bytes;
        if after > bytes.len() || !bytes[start..after].eq_ignore_ascii_case(KEYWORD) {
            return Ok(false);
        }
        if bytes.get(after).is_some_and(|&c| !c.is_ascii_whitespace()) {
            return Ok(false);
        }
        let line_end = find_byte(bytes, after, b'\n').unwrap_or(bytes.len());
        let argument = self.src[after..line_end]
            .split(|c: char| c.is_whitespace())
            .find(|part| !part.is_empty())
            .unwrap_or("");
        let delimiter = strip_quotes(argument);
        if delimiter.is_empty() {
            return Err(self.error(start, "DELIMITER needs a delimiter".to_owned()));
        }
        self.delimiter = delimiter.as_bytes().to_vec();
        self.delimiter_in_words = is_word_byte(self.delimiter[0]);
        self.pos = line_end;
        Ok(true)
    }

    /// At the delimiter: ends the statement, unless the delimiter is the
    /// default `;` and we are inside a compound body.
    fn on_delimiter(&mut self) {
        let start = self.pos;
        if self.current.compound {
            self.track_blocks(None);
        }
        if self.current.depth == 0 || self.delimiter != b";" {
            self.finish_statement();
            self.pos += self.delimiter.len();
        } else {
            self.token(start, start + 1, Token::Other);
            self.pos = start + 1;
        }
    }

    /// Records a real token spanning `start..end`.
    fn token(&mut self, start: usize, end: usize, token: Token<'a>) {
        let current = &mut self.current;
        if current.start.is_none() {
            current.start = Some(start);
        }
        current.end = end;
        let word = match token {
            Token::Word(word) if !current.after_dot => Some(word),
            _ => None,
        };
        current.after_dot = matches!(token, Token::Dot);
        self.advance_head(word);
        if self.current.compound {
            self.track_blocks(word);
        }
    }

    /// Feeds one token (`Some(word)` for a keyword candidate) to the head
    /// machine.
    fn advance_head(&mut self, word: Option<&[u8]>) {
        let current = &mut self.current;
        current.head = match (current.head, word) {
            (Head::Done, _) => return,
            (Head::Start, Some(w)) if is_keyword(w, "CREATE") => Head::Create {
                definer: false,
                tokens: 0,
            },
            (Head::Start, Some(w)) if self.dialect == Dialect::Mysql && is_keyword(w, "BEGIN") => {
                Head::MysqlBegin
            }
            (Head::MysqlBegin, Some(w)) if is_keyword(w, "NOT") => {
                // MariaDB `BEGIN NOT ATOMIC … END`: the BEGIN opened a block.
                current.compound = true;
                current.depth = 1;
                Head::Done
            }
            (Head::Create { tokens, .. }, _) if tokens >= MAX_HEAD_TOKENS => Head::Done,
            (Head::Create { definer, tokens }, Some(w)) => {
                if is_any_keyword(w, COMPOUND_OBJECTS) {
                    current.compound = true;
                    Head::Done
                } else if is_keyword(w, "DEFINER") {
                    Head::Create {
                        definer: true,
                        tokens: tokens + 1,
                    }
                } else if is_any_keyword(w, CREATE_MODIFIERS)
                    || (definer && !is_any_keyword(w, NOT_COMPOUND_AFTER_DEFINER))
                {
                    Head::Create {
                        definer,
                        tokens: tokens + 1,
                    }
                } else {
                    Head::Done
                }
            }
            (
                Head::Create {
                    definer: true,
                    tokens,
                },
                None,
            ) => Head::Create {
                definer: true,
                tokens: tokens + 1,
            },
            _ => Head::Done,
        };
    }

    /// Block tracking inside compound statements. `word` is the token if it
    /// is a keyword candidate, `None` for any other token (or the delimiter).
    fn track_blocks(&mut self, word: Option<&[u8]>) {
        let postgres = self.dialect == Dialect::Postgres;
        let current = &mut self.current;
        match std::mem::take(&mut current.pending) {
            Pending::None => {}
            Pending::Begin => {
                let opens = word.is_some_and(|w| {
                    if postgres {
                        is_keyword(w, "ATOMIC")
                    } else {
                        !is_any_keyword(w, TRANSACTION_BEGIN)
                    }
                });
                if opens {
                    current.depth += 1;
                }
            }
            Pending::End => {
                if word.is_some_and(|w| is_any_keyword(w, UNCOUNTED_ENDS)) {
                    return;
                }
                current.depth = current.depth.saturating_sub(1);
                if word.is_some_and(|w| is_keyword(w, "CASE")) {
                    // `END CASE`: the CASE is part of the closer.
                    return;
                }
            }
        }
        let Some(w) = word else { return };
        if is_keyword(w, "BEGIN") {
            current.pending = Pending::Begin;
        } else if is_keyword(w, "CASE") {
            current.depth += 1;
        } else if is_keyword(w, "END") {
            current.pending = Pending::End;
        }
    }

    /// Emits the current statement, if it has any real token, and resets.
    fn finish_statement(&mut self) {
        if let Some(start) = self.current.start {
            let end = self.current.end;
            let (line, column) = self.index.line_col(start);
            self.statements.push(Statement {
                text: self.src[start..end].to_owned(),
                start,
                end,
                line,
                column,
            });
        }
        self.current = Current::default();
    }

    fn error(&self, offset: usize, message: String) -> SplitError {
        let (line, column) = self.index.line_col(offset);
        SplitError {
            line,
            column,
            message,
        }
    }
}

/// ASCII whitespace as `char::is_whitespace` sees it (includes `\x0b`).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Bytes that can continue an unquoted word (non-ASCII characters are
/// handled separately by the callers).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

fn is_keyword(word: &[u8], keyword: &str) -> bool {
    word.eq_ignore_ascii_case(keyword.as_bytes())
}

fn is_any_keyword(word: &[u8], keywords: &[&str]) -> bool {
    keywords.iter().any(|k| is_keyword(word, k))
}

fn find_byte(bytes: &[u8], from: usize, needle: u8) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == needle)
        .map(|i| from + i)
}

/// Finds the closing `$tag$` of a dollar quote. Only positions holding a `$`
/// are tried; since a tag never contains `$`, a failed comparison can only
/// have covered bytes up to the next `$`, so the search is linear.
fn find_dollar_tag(bytes: &[u8], from: usize, tag: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(at) = find_byte(bytes, i, b'$') {
        if bytes[at..].starts_with(tag) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// `'//'`, `"//"` or `` `//` `` → `//`.
fn strip_quotes(argument: &str) -> &str {
    let b = argument.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'\'' | b'"' | b'`') && b[b.len() - 1] == b[0] {
        &argument[1..argument.len() - 1]
    } else {
        argument
    }
}

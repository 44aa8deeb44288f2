//! Byte offset → (line, column) mapping.

/// The UTF-8 encoding of U+FEFF, the byte order mark.
pub(crate) const BOM: &str = "\u{feff}";

/// Maps byte offsets in a source text to 1-based `(line, column)` positions.
///
/// Built once in O(n); every lookup is O(log n) (two binary searches), no
/// matter how long the line is.
///
/// * Lines are counted by `\n`, so CRLF files get the same line numbers as LF
///   files (the `\r` is just the last character of its line).
/// * Columns count **characters** (Unicode scalar values), not bytes.
/// * A UTF-8 byte order mark at the very start of the source has zero width:
///   the first character after it is in column 1.
/// * Offsets past the end are clamped to the end; an offset that falls inside
///   a multi-byte character is rounded down to the start of that character.
///
/// ```
/// use keel_sql::LineIndex;
///
/// let index = LineIndex::new("SELECT 1;\r\nSELECT 'é', 2;");
/// assert_eq!(index.line_col(0), (1, 1));
/// assert_eq!(index.line_col(11), (2, 1));
/// // 'é' is two bytes but one column.
/// assert_eq!(index.line_col(24), (2, 13));
/// ```
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset at which each line starts; `line_starts[0] == 0`.
    line_starts: Vec<usize>,
    /// Every character that is wider (in bytes) than it is in columns, in
    /// source order: `(start, extra, cumulative_extra)` where `extra` is the
    /// number of bytes beyond the character's column width and
    /// `cumulative_extra` is the sum of `extra` up to and including it.
    wide: Vec<(usize, usize, usize)>,
    /// Length of the source in bytes.
    len: usize,
}

impl LineIndex {
    /// Indexes `source`.
    #[must_use]
    pub fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        let mut line_starts = vec![0];
        let mut wide = Vec::new();
        let mut cumulative = 0;
        if source.starts_with(BOM) {
            // Zero width: all three bytes are "extra".
            cumulative = BOM.len();
            wide.push((0, BOM.len(), cumulative));
        }
        let mut i = if source.starts_with(BOM) {
            BOM.len()
        } else {
            0
        };
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'\n' {
                line_starts.push(i + 1);
            } else if b >= 0xC0 {
                // Lead byte of a multi-byte sequence (the input is valid UTF-8).
                let extra = match b {
                    0xC0..=0xDF => 1,
                    0xE0..=0xEF => 2,
                    _ => 3,
                };
                cumulative += extra;
                wide.push((i, extra, cumulative));
                i += extra;
            }
            i += 1;
        }
        Self {
            line_starts,
            wide,
            len: bytes.len(),
        }
    }

    /// Returns the 1-based `(line, column)` of the byte at `offset`.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.round_down(offset.min(self.len));
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        let chars =
            (offset - line_start) - (self.extra_before(offset) - self.extra_before(line_start));
        (line, chars + 1)
    }

    /// Number of lines (a source without any `\n` has one line).
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Sum of the extra bytes of all wide characters starting before `offset`.
    fn extra_before(&self, offset: usize) -> usize {
        match self.wide.partition_point(|&(start, _, _)| start < offset) {
            0 => 0,
            i => self.wide[i - 1].2,
        }
    }

    /// Moves an offset that points inside a multi-byte character back to the
    /// character's first byte.
    fn round_down(&self, offset: usize) -> usize {
        match self.wide.partition_point(|&(start, _, _)| start < offset) {
            0 => offset,
            i => {
                let (start, extra, _) = self.wide[i - 1];
                // A BOM has extra == its full length; any other character has
                // one more byte than its extra.
                let len = if start == 0 && extra == BOM.len() {
                    BOM.len()
                } else {
                    extra + 1
                };
                if offset < start + len {
                    start
                } else {
                    offset
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn first_byte_is_line_one_column_one() {
        assert_eq!(LineIndex::new("abc").line_col(0), (1, 1));
        assert_eq!(LineIndex::new("").line_col(0), (1, 1));
    }

    #[test]
    fn lines_are_counted_by_newline() {
        let index = LineIndex::new("a\nbc\n\nd");
        assert_eq!(index.line_col(2), (2, 1));
        assert_eq!(index.line_col(3), (2, 2));
        assert_eq!(index.line_col(5), (3, 1));
        assert_eq!(index.line_col(6), (4, 1));
        assert_eq!(index.line_count(), 4);
    }

    #[test]
    fn a_newline_belongs_to_the_line_it_ends() {
        let index = LineIndex::new("ab\ncd");
        assert_eq!(index.line_col(2), (1, 3));
    }

    #[test]
    fn crlf_counts_as_one_line_break() {
        let index = LineIndex::new("a\r\nb\r\nc");
        assert_eq!(index.line_col(3), (2, 1));
        assert_eq!(index.line_col(6), (3, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        // 'é' = 2 bytes, '中' = 3 bytes, '🦀' = 4 bytes.
        let source = "é中🦀x\n🦀y";
        let index = LineIndex::new(source);
        assert_eq!(index.line_col(source.find('x').unwrap()), (1, 4));
        assert_eq!(index.line_col(source.find('y').unwrap()), (2, 2));
    }

    #[test]
    fn a_leading_byte_order_mark_has_no_width() {
        let index = LineIndex::new("\u{feff}ab\ncd");
        assert_eq!(index.line_col(3), (1, 1));
        assert_eq!(index.line_col(4), (1, 2));
        assert_eq!(index.line_col(7), (2, 2));
    }

    #[test]
    fn offsets_inside_a_character_round_down_to_it() {
        let index = LineIndex::new("a中b");
        assert_eq!(index.line_col(1), (1, 2));
        assert_eq!(index.line_col(2), (1, 2));
        assert_eq!(index.line_col(3), (1, 2));
        assert_eq!(index.line_col(4), (1, 3));
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let index = LineIndex::new("ab\nc");
        assert_eq!(index.line_col(100), (2, 2));
    }
}

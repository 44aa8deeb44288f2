use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A statement is not valid SQL.",
    what: "Reported by the parser, with line and column, for a statement that is not SQL at all \
           in the chosen dialect (misspelt keywords, an unterminated string). Statements that are \
           valid SQL but beyond what keel understands (trigger bodies, some vendor syntax) are \
           not reported; rules simply do not look inside them.",
    why: "The migration fails when it runs, possibly half way through.",
    bad: "CREATE TABEL tags (id INTEGER PRIMARY KEY);",
    good: "CREATE TABLE tags (id INTEGER PRIMARY KEY);",
    dialects: &[],
};

use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "A `-- keel:ignore` comment that suppresses nothing.",
    what:
        "Reports `-- keel:ignore RULE` and `-- keel:ignore-file RULE` comments whose rule did not \
           fire where they apply, and suppressions naming a rule that does not exist. A \
           suppression of a rule disabled in keel.toml is not reported.",
    why: "Stale suppressions hide the next real problem at that spot, and a misspelt rule id \
          suppresses nothing while looking as if it did.",
    bad: "-- keel:ignore destructive-drop\nCREATE TABLE tags (id INTEGER PRIMARY KEY);",
    good: "CREATE TABLE tags (id INTEGER PRIMARY KEY);",
    dialects: &[],
};

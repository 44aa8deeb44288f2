use crate::engine::{Run, Sink};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "Part of a PHP migration cannot be read without running it.",
    what: "Reports each place in a Laravel migration that keel's static reader cannot follow — a \
           loop, a variable table or column name, a closure passed by variable, a method keel \
           does not know, PHP that does not parse — with its line. keel skips that part instead \
           of guessing what it does, so no other rule looks at it.",
    why: "The rules only see what keel can read: a migration with an unreadable part may hide a \
          dropped column or a lock that no finding will mention. The same part also keeps \
          `keel verify` and `keel diff` from replaying the migration statically.",
    bad: "foreach (['a', 'b'] as $name) {\n    Schema::table('users', fn (Blueprint $table) => $table->string($name));\n}",
    good: "Schema::table('users', function (Blueprint $table) {\n    $table->string('a');\n    $table->string('b');\n});",
    dialects: &[],
};

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for unit in &run.units {
        for (span, reason) in &unit.opaque {
            sink.report(
                &unit.up.file,
                *span,
                format!("keel cannot follow this statically: {reason}; no rule checked it"),
                "write it with literal names and Schema-builder calls, or review it by hand and add `// keel:ignore opaque-migration`",
            );
        }
    }
}

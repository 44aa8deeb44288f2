use crate::engine::{Run, Sink};
use crate::registry::Doc;

pub(crate) const DOC: Doc = Doc {
    summary: "Two migrations share one version.",
    what: "Reports every migration whose version equals an earlier one's (`007` and `7` are the \
           same version).",
    why: "History records migrations by version: with two files for one version, one of them is \
          never run, or runs in an order that depends on the file system. It usually comes \
          from two branches that each added 'the next' migration.",
    bad: "migrations/0004_add_avatar_to_users.up.sql\nmigrations/0004_create_tags.up.sql",
    good: "migrations/0004_add_avatar_to_users.up.sql\nmigrations/0005_create_tags.up.sql",
    dialects: &[],
};

fn normal(v: &str) -> Vec<String> {
    v.split(['.', '_', '-'])
        .map(|p| {
            let t = p.trim_start_matches('0');
            if t.is_empty() { "0" } else { t }.to_string()
        })
        .collect()
}

pub(crate) fn check(run: &Run, sink: &mut Sink<'_>) {
    for (i, unit) in run.units.iter().enumerate() {
        if unit.id.is_empty() {
            continue;
        }
        if let Some(first) = run.units[..i]
            .iter()
            .find(|u| !u.id.is_empty() && normal(&u.id) == normal(&unit.id))
        {
            sink.report_file(
                &unit.up.file,
                format!("version {} is already used by {}", unit.id, first.up.file),
                "give this migration a new version (`keel new` picks the next free one)",
            );
        }
    }
}

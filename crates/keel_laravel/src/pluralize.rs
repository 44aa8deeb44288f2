//! English plurals for `foreignId('…')->constrained()`, which names the referenced table with
//! Laravel's `Str::plural` of the column name without `_id`.
//!
//! The common rules and irregular words of English; a table name this gets wrong is named
//! explicitly in the migration (`constrained('people')`), which keel reads as written.

const UNCOUNTABLE: &[&str] = &[
    "audio",
    "cattle",
    "data",
    "deer",
    "equipment",
    "feedback",
    "fish",
    "information",
    "knowledge",
    "metadata",
    "money",
    "news",
    "police",
    "rice",
    "series",
    "sheep",
    "species",
    "staff",
    "traffic",
];

const IRREGULAR: &[(&str, &str)] = &[
    ("child", "children"),
    ("foot", "feet"),
    ("goose", "geese"),
    ("man", "men"),
    ("mouse", "mice"),
    ("ox", "oxen"),
    ("person", "people"),
    ("tooth", "teeth"),
    ("woman", "women"),
    ("leaf", "leaves"),
    ("life", "lives"),
    ("knife", "knives"),
    ("wife", "wives"),
    ("half", "halves"),
    ("criterion", "criteria"),
    ("analysis", "analyses"),
    ("crisis", "crises"),
    ("thesis", "theses"),
    ("quiz", "quizzes"),
    ("status", "statuses"),
    ("alias", "aliases"),
];

/// The plural of the last word of `word` (`blog_post` → `blog_posts`).
pub fn plural(word: &str) -> String {
    let split = word.rfind(['_', '-', ' ']).map_or(0, |i| i + 1);
    let (head, last) = word.split_at(split);
    let lower = last.to_ascii_lowercase();
    if last.is_empty() || UNCOUNTABLE.contains(&lower.as_str()) {
        return word.to_string();
    }
    for (one, many) in IRREGULAR {
        if lower == *one {
            return format!("{head}{many}");
        }
        if lower.ends_with(many) {
            return word.to_string();
        }
    }
    let ends = |s: &str| lower.ends_with(s);
    let stem = &last[..last.len()];
    let tail = if ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh") {
        format!("{stem}es")
    } else if ends("y") && !lower[..lower.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']) {
        format!("{}ies", &stem[..stem.len() - 1])
    } else {
        format!("{stem}s")
    };
    format!("{head}{tail}")
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn plurals_of_table_names() {
        for (one, many) in [
            ("user", "users"),
            ("category", "categories"),
            ("blog_post", "blog_posts"),
            ("address", "addresses"),
            ("box", "boxes"),
            ("person", "people"),
            ("key", "keys"),
            ("status", "statuses"),
            ("equipment", "equipment"),
            ("branch", "branches"),
        ] {
            assert_eq!(plural(one), many, "{one}");
        }
    }
}

//! A hand-written corpus of realistic migrations per engine (tests/corpus/<engine>/): every
//! one applies, every one rolls back, and a full rollback leaves no user object behind.

mod common;

use common::{Engine, Project};

fn corpus_dir(engine: Engine) -> String {
    format!(
        "{}/tests/corpus/{}",
        env!("CARGO_MANIFEST_DIR"),
        engine.name()
    )
}

fn corpus_applies_fully_and_rolls_back_fully(engine: Engine) {
    let dir = corpus_dir(engine);
    let count = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".up.sql")
        })
        .count();
    assert!(
        count >= 150,
        "the {} corpus has only {count} migrations",
        engine.name()
    );

    let p = Project::new(engine);
    for round in 1..=2 {
        let up = p.keel_json(&["migrate", "--dir", &dir], 0);
        assert_eq!(
            up["applied"].as_array().unwrap().len(),
            count,
            "round {round}"
        );
        let status = p.keel_json(&["status", "--dir", &dir], 0);
        assert_eq!(status["summary"]["applied"], count, "round {round}");
        assert!(!p.db.user_objects().is_empty());

        // Rolling everything back drops the corpus's seed rows on purpose: the data guard
        // would restore them, so the loss is accepted.
        let down = p.keel_json(&["rollback", "--all", "--accept-loss", "--dir", &dir], 0);
        assert_eq!(
            down["rolled_back"].as_array().unwrap().len(),
            count,
            "round {round}"
        );
        assert_eq!(
            p.db.user_objects(),
            Vec::<String>::new(),
            "round {round}: a full rollback must leave nothing"
        );
        assert!(p.history().is_empty(), "round {round}");
    }
}

keel_testkit::engine_tests!(corpus_applies_fully_and_rolls_back_fully);

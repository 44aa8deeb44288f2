//! Splits arbitrary UTF-8 with every dialect: must never panic, and every
//! statement must be a non-empty, in-order slice of the input.
#![no_main]

use keel_sql::{split, Dialect};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    for dialect in Dialect::ALL {
        let Ok(statements) = split(source, dialect) else {
            continue;
        };
        let mut previous_end = 0;
        for statement in &statements {
            assert!(previous_end <= statement.start && statement.start < statement.end);
            assert_eq!(&source[statement.start..statement.end], statement.text);
            previous_end = statement.end;
        }
    }
});

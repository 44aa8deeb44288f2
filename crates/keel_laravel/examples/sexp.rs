//! Prints the tree-sitter-php syntax tree of a PHP file: what the interpreter in `php.rs`
//! walks, for extending it to a new construct.
//!
//!     cargo run -p keel_laravel --example sexp -- database/migrations/2024_01_01_000000_x.php

#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a developer tool that prints"
)]

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: sexp FILE.php");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_php::LANGUAGE_PHP.into())
        .expect("the bundled PHP grammar matches the tree-sitter version");
    match parser.parse(&text, None) {
        Some(tree) => println!("{}", tree.root_node().to_sexp()),
        None => {
            eprintln!("tree-sitter returned no tree for {path}");
            std::process::exit(2);
        }
    }
}

//! Interrupting keel on purpose: random kill moments (seed printed so a failure can be
//! replayed) and a keel started in the background with its output discarded.

use std::process::{Child, Command, Stdio};

use super::{keel_bin, Project};

/// A small xorshift generator of kill moments.
pub struct KillMoments(u64);

impl KillMoments {
    /// Seeded from the clock; the seed is printed.
    #[expect(
        clippy::print_stderr,
        reason = "the seed must be in the test output to replay a failure"
    )]
    pub fn new() -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1;
        eprintln!("kill-moment seed: {seed}");
        Self(seed)
    }

    /// The same moments on every run.
    pub fn seeded(seed: u64) -> Self {
        Self(seed | 1)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

impl Project {
    /// Starts `keel ARGS --database URL` in the project without waiting, output discarded.
    pub fn spawn_keel(&self, args: &[&str]) -> Child {
        Command::new(keel_bin())
            .args(args)
            .args(["--database", self.db.url()])
            .current_dir(&self.root)
            .env_remove("DATABASE_URL")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start keel")
    }
}

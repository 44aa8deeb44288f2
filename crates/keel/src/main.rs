//! The `keel` command. Everything lives in the library; this only maps its outcome to the
//! process exit code.

fn main() -> std::process::ExitCode {
    keel::run(std::env::args_os())
}

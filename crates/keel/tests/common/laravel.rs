//! Laravel in the tests: the fixture application, PHP with Debian's php-laravel-framework,
//! and Laravel 8's own migrator run through `tests/laravel/migrate.php` (the oracle).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Engine, TestDb};

pub const AUTOLOADER: &str = "/usr/share/php/Illuminate/autoload.php";

pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/laravel")
}

/// Whether PHP and Laravel are installed; under CI=true their absence is a failure.
#[expect(
    clippy::print_stderr,
    reason = "a skipped PHP oracle must be visible in test output"
)]
pub fn php_available() -> bool {
    let php = Command::new("php")
        .args(["-r", "exit(0);"])
        .output()
        .is_ok_and(|o| o.status.success());
    if php && Path::new(AUTOLOADER).is_file() {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("PHP and Laravel (php-cli, php-laravel-framework) are required under CI=true: scripts/test installs them");
    }
    eprintln!("skipping: PHP or {AUTOLOADER} is missing (scripts/test installs them)");
    false
}

/// The first `n` migrations of the fixture application, in order.
pub fn fixture_migrations(n: usize) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture().join("app/database/migrations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".php"))
        .collect();
    names.sort();
    names.truncate(n);
    names
}

/// A Laravel application (`artisan` beside `.env`) under `root` with `migrations` copied
/// from the fixture.
pub fn laravel_app(root: &Path, migrations: &[String]) -> PathBuf {
    let app = root.join("app");
    std::fs::create_dir_all(app.join("database/migrations")).unwrap();
    for file in ["artisan", ".env"] {
        std::fs::copy(fixture().join("app").join(file), app.join(file)).unwrap();
    }
    for name in migrations {
        std::fs::copy(
            fixture().join("app/database/migrations").join(name),
            app.join("database/migrations").join(name),
        )
        .unwrap();
    }
    app
}

/// Runs Laravel's own migrator on `db`: `action` is `migrate` or `status`; returns its lines.
pub fn laravel(db: &TestDb, dir: &Path, action: &str) -> Vec<String> {
    let mut cmd = Command::new("php");
    cmd.arg(fixture().join("migrate.php")).arg(dir).arg(action);
    match db.engine() {
        Engine::Sqlite => {
            let path = db.sqlite_path().unwrap();
            if !path.exists() {
                std::fs::write(&path, b"").unwrap();
            }
            cmd.env("LARAVEL_DB_DRIVER", "sqlite")
                .env("LARAVEL_DB_DATABASE", path);
        }
        engine => {
            let url = url::Url::parse(db.url()).unwrap();
            let decode = |s: &str| {
                url::form_urlencoded::parse(format!("x={s}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            cmd.env(
                "LARAVEL_DB_DRIVER",
                if engine == Engine::Postgres {
                    "pgsql"
                } else {
                    "mysql"
                },
            )
            .env("LARAVEL_DB_HOST", url.host_str().unwrap())
            .env("LARAVEL_DB_PORT", url.port().unwrap().to_string())
            .env("LARAVEL_DB_DATABASE", url.path().trim_start_matches('/'))
            .env("LARAVEL_DB_USERNAME", decode(url.username()))
            .env(
                "LARAVEL_DB_PASSWORD",
                decode(url.password().unwrap_or_default()),
            );
        }
    }
    let out = cmd.output().expect("run php");
    assert!(
        out.status.success(),
        "Laravel's migrator failed ({action}):\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

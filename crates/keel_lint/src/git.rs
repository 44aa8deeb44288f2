//! What git knows about a migrations folder, through the `git` command line.
//!
//! Committed migrations are immutable: compared with a base commit, a migration file that is
//! now gone, renamed or edited is an error. "Now" is the working tree, or the index when
//! called from the pre-commit hook (so what is checked is exactly what would be committed).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::LintError;

/// Where the current state of the files is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GitSource {
    /// The files on disk.
    #[default]
    WorkingTree,
    /// The staged files (what `git commit` would record), for the pre-commit hook.
    Index,
}

/// One file under the migrations folder.
#[derive(Debug, Clone)]
pub(crate) struct GitFile {
    /// Absolute path.
    pub path: PathBuf,
    /// Its text.
    pub content: String,
}

/// The folder at the base commit and now.
#[derive(Debug, Clone)]
pub(crate) struct GitFacts {
    /// The base, as given (`HEAD~1`, `origin/main`).
    pub base: String,
    /// Files committed at the base.
    pub committed: Vec<GitFile>,
    /// Files now.
    pub now: Vec<GitFile>,
    /// Paths are shown relative to this folder.
    pub display_base: Option<PathBuf>,
}

impl GitFacts {
    /// A path as shown to the user.
    pub fn show(&self, path: &Path) -> String {
        crate::display(path, self.display_base.as_deref())
    }
}

fn git(top: &Path, args: &[&str]) -> Result<Vec<u8>, LintError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(args)
        .output()
        .map_err(|e| LintError::Git {
            message: format!("could not run git ({e}); --since needs git on PATH"),
        })?;
    if !out.status.success() {
        return Err(LintError::Git {
            message: format!(
                "`git {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        });
    }
    Ok(out.stdout)
}

fn lines(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_hidden(rel: &str) -> bool {
    rel.split('/').any(|p| p.starts_with('.'))
}

/// The repository's top folder and `dir`'s path inside it (`.` for the top itself).
fn locate(dir: &Path) -> Result<(PathBuf, String), LintError> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let top = top.canonicalize().unwrap_or(top);
    let prefix = dir
        .strip_prefix(&top)
        .map_err(|_| LintError::Git {
            message: format!(
                "{} is not inside the git repository {}",
                dir.display(),
                top.display()
            ),
        })?
        .to_string_lossy()
        .replace('\\', "/");
    let spec = if prefix.is_empty() {
        ".".to_string()
    } else {
        prefix
    };
    Ok((top, spec))
}

/// The staged (index) version of a folder, written out to a temporary folder so that the
/// migration loaders read exactly what the commit will contain (`--cached`).
pub(crate) struct IndexCopy {
    tmp: tempfile::TempDir,
    top: PathBuf,
    spec: String,
}

impl IndexCopy {
    /// Checks out the staged files under `dir` (absolute, canonical) with
    /// `git checkout-index`.
    pub fn of(dir: &Path) -> Result<Self, LintError> {
        let (top, spec) = locate(dir)?;
        let tmp = tempfile::Builder::new()
            .prefix("keel-lint-index.")
            .tempdir()
            .map_err(|e| LintError::Git {
                message: format!("could not create a temporary folder for the staged files: {e}"),
            })?;
        let files = git(
            &top,
            &["ls-files", "--cached", "-z", "--full-name", "--", &spec],
        )?;
        if !files.is_empty() {
            let mut prefix = tmp.path().to_string_lossy().into_owned();
            prefix.push('/');
            git_with_input(
                &top,
                &[
                    "checkout-index",
                    "-z",
                    "--stdin",
                    &format!("--prefix={prefix}"),
                ],
                &files,
            )?;
        }
        Ok(Self { tmp, top, spec })
    }

    /// Where the staged copy of the folder is (it may not exist: nothing staged there).
    pub fn dir(&self) -> PathBuf {
        if self.spec == "." {
            self.tmp.path().to_path_buf()
        } else {
            self.tmp.path().join(&self.spec)
        }
    }

    /// The real path of a file of the copy.
    pub fn real(&self, copy: &Path) -> PathBuf {
        copy.strip_prefix(self.tmp.path())
            .map_or_else(|_| copy.to_path_buf(), |rel| self.top.join(rel))
    }
}

fn git_with_input(top: &Path, args: &[&str], input: &[u8]) -> Result<(), LintError> {
    use std::io::Write as _;
    use std::process::Stdio;
    let fail = |e: std::io::Error| LintError::Git {
        message: format!("could not run git ({e}); --cached needs git on PATH"),
    };
    let mut child = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(fail)?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input).map_err(fail)?;
    }
    let out = child.wait_with_output().map_err(fail)?;
    if !out.status.success() {
        return Err(LintError::Git {
            message: format!(
                "`git {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        });
    }
    Ok(())
}

/// Reads what git knows about `dir` (an absolute, canonical folder) relative to `base`.
/// With [`GitSource::Index`], `index` is the staged copy of `dir` to read "now" from.
pub(crate) fn collect(
    dir: &Path,
    base: &str,
    source: GitSource,
    index: Option<&IndexCopy>,
) -> Result<GitFacts, LintError> {
    let (top, spec) = locate(dir)?;
    git(
        &top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{base}^{{commit}}"),
        ],
    )
    .map_err(|_| LintError::Git {
        message: format!(
            "`{base}` is not a commit in {}; pass --since a branch, tag or commit",
            top.display()
        ),
    })?;
    let mut committed = Vec::new();
    for rel in lines(&git(
        &top,
        &[
            "ls-tree",
            "-r",
            "--name-only",
            "--full-tree",
            base,
            "--",
            &spec,
        ],
    )?) {
        if is_hidden(&rel) {
            continue;
        }
        let content = git(&top, &["show", &format!("{base}:{rel}")])?;
        committed.push(GitFile {
            path: top.join(&rel),
            content: String::from_utf8_lossy(&content).into_owned(),
        });
    }
    let mut now = Vec::new();
    match source {
        GitSource::Index => {
            let owned;
            let copy = match index {
                Some(copy) => copy,
                None => {
                    owned = IndexCopy::of(dir)?;
                    &owned
                }
            };
            walk(&copy.dir(), &mut now);
            for f in &mut now {
                f.path = copy.real(&f.path);
            }
        }
        GitSource::WorkingTree => walk(dir, &mut now),
    }
    Ok(GitFacts {
        base: base.to_string(),
        committed,
        now,
        display_base: None,
    })
}

/// The staged text of `file` (absolute, canonical), or `None` when it is not in the index.
pub(crate) fn staged_text(file: &Path) -> Option<String> {
    let (top, _) = locate(file.parent()?).ok()?;
    let rel = file
        .strip_prefix(&top)
        .ok()?
        .to_string_lossy()
        .replace('\\', "/");
    let bytes = git(&top, &["show", &format!(":{rel}")]).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn walk(dir: &Path, out: &mut Vec<GitFile>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out);
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push(GitFile {
                path,
                content: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
    }
}

//! The backup folder: naming, the write-verify-rename protocol, listing, verification,
//! restore, export and prune. Written once for every engine.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use keel_driver::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::crypto::{self, AgeIdentity};
use crate::engine::{
    compare_tables, BackupEngine, BackupEvent, BackupObserver, EngineContext, ForeignKind,
    TableSums,
};
use crate::error::BackupError;
use crate::frame::{CountingRead, FrameKind, FrameSink, FrameSource, Header, SharedObserver};
use crate::manifest::{ArtifactInfo, JournalRef, Manifest, FORMAT};
use crate::stats::TableStats;

/// zstd level of backup artifacts (see where the encoder is made).
const ZSTD_LEVEL: i32 = 1;

/// zstd worker threads for `create`: one per CPU, at most 4 (level 1 is fast enough that
/// more only adds memory, about 8 MiB per worker).
fn compression_workers() -> u32 {
    std::thread::available_parallelism()
        .map(|n| n.get().min(4) as u32)
        .unwrap_or(1)
}

/// Finds the engine for a manifest's `engine` name (the binary's registry).
pub type EngineLookup<'a> = &'a dyn Fn(&str) -> Option<&'a dyn BackupEngine>;

const ARTIFACT_EXT: &str = ".keelbak";
const MANIFEST_EXT: &str = ".manifest.json";
const PARTIAL_EXT: &str = ".partial";
/// Leftover partial files older than this are removed by `create` and `prune`.
const STALE_PARTIAL: Duration = Duration::from_secs(3600);

/// The backup folder.
#[derive(Debug, Clone)]
pub struct BackupStore {
    dir: PathBuf,
}

/// What `create` needs besides the engine and connection.
#[derive(Debug, Clone, Copy)]
pub struct CreateRequest<'a> {
    /// `manual`, `pre-migrate`, `pre-rollback`, `pre-restore`, … (sanitized into the name).
    pub reason: &'a str,
    /// The keel command taking it (recorded in the manifest's `journal_event`).
    pub command: &'a str,
    /// Encrypt to this age recipient.
    pub encrypt_to: Option<&'a str>,
    /// With an encrypted backup, the identity for the deep verification before the rename;
    /// without one, an encrypted backup is verified by size and checksum only.
    pub identity: Option<&'a AgeIdentity>,
    /// The keel version.
    pub keel_version: &'a str,
    /// The `(schema, table)` pairs to count for the data guard as the rows stream; `None`
    /// counts every table (see [`BackupEngine::create`](crate::BackupEngine::create)).
    pub count: Option<&'a std::collections::BTreeSet<(String, String)>>,
}

/// A backup that was written, verified and renamed into place.
#[derive(Debug, Clone)]
pub struct Created {
    /// Its manifest.
    pub manifest: Manifest,
    /// The artifact.
    pub path: PathBuf,
    /// Whether steps 3–5 ran before the rename (false only for encrypted backups without an
    /// identity at hand).
    pub deep_verified: bool,
    /// What the engine counted as the rows streamed (see [`BackupEngine::create`]): the data
    /// guard's before-fingerprint. Not stored in the artifact.
    pub stats: Vec<TableStats>,
}

/// A database copied into another through the backup stream ([`BackupStore::copy`]).
#[derive(Debug, Clone)]
pub struct Copied {
    /// Per-table row counts and checksums of the copy: read from the source, and checked
    /// again in the target by the engine's restore.
    pub tables: TableSums,
    /// What the engine counted as the rows streamed (see [`BackupEngine::create`]): the
    /// source's fingerprint, and so the copy's.
    pub stats: Vec<TableStats>,
}

/// What a folder entry is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// A keel backup: artifact and manifest.
    Keel,
    /// A file keel did not write.
    Foreign(ForeignKind),
    /// Half of a keel backup (the other file is missing): never a good backup.
    Incomplete(String),
}

/// One backup (or foreign dump) in the folder.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The id: the file stem for keel backups, the file name for foreign files.
    pub id: String,
    /// The artifact (or foreign file, or the half that exists).
    pub path: PathBuf,
    /// What it is.
    pub kind: EntryKind,
    /// RFC 3339 UTC (the manifest's, else the file's modification time).
    pub created_at: String,
    /// Why it was taken (keel backups).
    pub reason: Option<String>,
    /// The engine (keel backups; guessed for foreign files).
    pub engine: Option<String>,
    /// The database name (keel backups).
    pub database: Option<String>,
    /// Size of the artifact or file.
    pub size_bytes: u64,
    /// The manifest, when it exists and parses.
    #[serde(skip)]
    pub manifest: Option<Manifest>,
}

/// A verification step that failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyFailure {
    /// 1–5, as in docs/backup-format.md.
    pub step: u8,
    /// What is wrong.
    pub message: String,
}

/// The outcome of `verify`.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    /// The backup id.
    pub id: String,
    /// Whether every step passed.
    pub ok: bool,
    /// Whether steps 3–5 ran (false for an encrypted backup without an identity).
    pub deep: bool,
    /// Tables whose counts and checksums were compared.
    pub tables: usize,
    /// The first failure.
    pub failure: Option<VerifyFailure>,
    /// What was not checked, and why.
    pub notes: Vec<String>,
}

impl VerifyReport {
    /// The report of backup `id` that failed `failure`.
    fn failed(id: &str, failure: VerifyFailure) -> VerifyReport {
        VerifyReport {
            id: id.to_string(),
            ok: false,
            deep: false,
            tables: 0,
            failure: Some(failure),
            notes: Vec::new(),
        }
    }
}

/// What `prune` did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PruneReport {
    /// Backups removed.
    pub deleted: Vec<String>,
    /// Backups kept.
    pub kept: Vec<String>,
    /// The newest verified backup, kept beyond `keep` because every newer one failed
    /// verification.
    pub protected: Vec<String>,
    /// Stale partial files removed.
    pub partials_removed: Vec<String>,
    /// Whether nothing was actually removed.
    pub dry_run: bool,
}

impl BackupStore {
    /// The folder at `dir` (created on the first backup, `0700`).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn ensure_dir(&self) -> Result<(), BackupError> {
        if !self.dir.is_dir() {
            fs::create_dir_all(&self.dir)
                .map_err(|e| BackupError::io("cannot create the backup folder", &self.dir, e))?;
            restrict(&self.dir, 0o700);
        }
        Ok(())
    }

    /// Takes a backup: streams it to temporary names, fsyncs, re-reads and verifies it, and
    /// only then renames it into place (the manifest last). On any failure, including a full
    /// disk, the partial files are removed and nothing is left that `list` shows.
    pub fn create(
        &self,
        engine: &dyn BackupEngine,
        conn: &mut dyn Connection,
        req: &CreateRequest<'_>,
        observer: &mut dyn BackupObserver,
    ) -> Result<Created, BackupError> {
        self.ensure_dir()?;
        self.remove_stale_partials(false);
        let now = OffsetDateTime::now_utc();
        let created_at = rfc3339_ms(now);
        let stamp = id_stamp(now)?;
        let database = sanitize(conn.database_name());
        let reason = sanitize(req.reason);
        let (id, file) = self.claim_id(&database, &stamp, &reason)?;
        let artifact_partial = self.dir.join(format!(".{id}{ARTIFACT_EXT}{PARTIAL_EXT}"));
        let manifest_partial = self.dir.join(format!(".{id}{MANIFEST_EXT}{PARTIAL_EXT}"));
        let mut guard = RemoveOnDrop(vec![artifact_partial.clone(), manifest_partial.clone()]);

        let header = Header::describing(&id, engine, conn, now, &reason, req.keel_version);
        // The engine reports its own phases (`snapshot`, `stream`).
        let written = self.write_artifact(file, &header, engine, conn, req, observer);
        let (tables, stats) = match written {
            Ok(written) => written,
            Err(e) if e.is_disk_full() => {
                let written = fs::metadata(&artifact_partial)
                    .map(|m| m.len())
                    .unwrap_or(0);
                return Err(BackupError::DiskFull {
                    dir: self.dir.clone(),
                    written,
                });
            }
            Err(e) => return Err(e),
        };
        let (size_bytes, sha256) = hash_file(&artifact_partial)?;
        let mut manifest = Manifest {
            format: FORMAT,
            id: id.clone(),
            engine: engine.name().to_string(),
            server_version: header.server_version.clone(),
            database,
            database_url: conn.url().to_string(),
            created_at: created_at.clone(),
            reason,
            keel_version: req.keel_version.to_string(),
            layout: engine.layout().to_string(),
            encrypted: req.encrypt_to.is_some(),
            tables,
            artifact: ArtifactInfo {
                file: format!("{id}{ARTIFACT_EXT}"),
                size_bytes,
                sha256,
            },
            verified_at: None,
            journal_event: Some(JournalRef {
                command: req.command.to_string(),
                event: "backup.created".into(),
                ts: created_at,
            }),
        };
        observer.on_event(&BackupEvent::Phase("verify"));
        let lookup = |name: &str| (name == engine.name()).then_some(engine);
        let report = verify_manifest(
            &manifest,
            &artifact_partial,
            &id,
            &lookup,
            req.identity,
            &self.dir,
            observer,
            Recompute::LogicalOnly,
        );
        if let Some(f) = report.failure {
            return Err(BackupError::Invalid {
                id,
                step: f.step,
                message: f.message,
            });
        }
        manifest.verified_at = Some(rfc3339_ms(OffsetDateTime::now_utc()));
        let json =
            serde_json::to_vec_pretty(&manifest).map_err(|e| BackupError::Engine(e.to_string()))?;
        let disk_full = |e: BackupError| {
            if e.is_disk_full() {
                BackupError::DiskFull {
                    dir: self.dir.clone(),
                    written: size_bytes,
                }
            } else {
                e
            }
        };
        write_private(&manifest_partial, &json).map_err(disk_full)?;
        let artifact = self.dir.join(format!("{id}{ARTIFACT_EXT}"));
        let manifest_path = self.dir.join(format!("{id}{MANIFEST_EXT}"));
        fs::rename(&artifact_partial, &artifact)
            .map_err(|e| BackupError::io("cannot rename", &artifact_partial, e))?;
        fs::rename(&manifest_partial, &manifest_path)
            .map_err(|e| BackupError::io("cannot rename", &manifest_partial, e))?;
        guard.0.clear();
        sync_dir(&self.dir)?;
        Ok(Created {
            manifest,
            path: artifact,
            deep_verified: report.deep,
            stats,
        })
    }

    /// Picks the id and creates its partial artifact exclusively, so two keels never share
    /// one.
    fn claim_id(
        &self,
        database: &str,
        stamp: &str,
        reason: &str,
    ) -> Result<(String, File), BackupError> {
        for n in 1..1000 {
            let id = if n == 1 {
                format!("{database}-{stamp}-{reason}")
            } else {
                format!("{database}-{stamp}-{n}-{reason}")
            };
            if self.dir.join(format!("{id}{ARTIFACT_EXT}")).exists()
                || self.dir.join(format!("{id}{MANIFEST_EXT}")).exists()
            {
                continue;
            }
            let partial = self.dir.join(format!(".{id}{ARTIFACT_EXT}{PARTIAL_EXT}"));
            match private_options().create_new(true).open(&partial) {
                Ok(file) => return Ok((id, file)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    let err = BackupError::io("cannot create", &partial, e);
                    return Err(if err.is_disk_full() {
                        BackupError::DiskFull {
                            dir: self.dir.clone(),
                            written: 0,
                        }
                    } else {
                        err
                    });
                }
            }
        }
        Err(BackupError::Engine(format!(
            "more than 999 backups of {database} in one second"
        )))
    }

    fn write_artifact(
        &self,
        file: File,
        header: &Header,
        engine: &dyn BackupEngine,
        conn: &mut dyn Connection,
        req: &CreateRequest<'_>,
        observer: &mut dyn BackupObserver,
    ) -> Result<(TableSums, Vec<TableStats>), BackupError> {
        let path = self
            .dir
            .join(format!(".{}{ARTIFACT_EXT}{PARTIAL_EXT}", header.backup_id));
        let io = |e: std::io::Error| BackupError::io("cannot write", &path, e);
        let buffered = BufWriter::with_capacity(256 * 1024, file);
        let inner = match req.encrypt_to {
            Some(recipient) => Outer::Age(crypto::encrypt(recipient, buffered)?),
            None => Outer::Plain(buffered),
        };
        // Level 1: on a 342 MiB SQLite image of random text it compresses as well as level 3
        // (142 vs 146 MB) in 1.1 s instead of 3.0 s (`zstd -1` vs `-3`), and compression was
        // half of `backup create`'s time (perf).
        let mut zstd = zstd::stream::write::Encoder::new(inner, ZSTD_LEVEL).map_err(io)?;
        zstd.include_checksum(true).map_err(io)?;
        // Compression runs on worker threads while this thread reads the database and
        // hashes rows; the output is the same zstd format, read back single-threaded.
        zstd.multithread(compression_workers()).map_err(io)?;
        let tables = {
            let mut sink = FrameSink::new(&mut zstd);
            let json = serde_json::to_vec(header).map_err(|e| io(std::io::Error::other(e)))?;
            sink.write(FrameKind::Header, &json).map_err(io)?;
            let mut ctx = EngineContext::new(&self.dir, header.backup_id.clone(), observer)
                .counting(req.count)
                // Digests are read back from the artifact when a move must be proven, which
                // an encrypted one without the identity at hand cannot be: digest as it streams.
                .digesting(req.encrypt_to.is_some() && req.identity.is_none());
            let tables = engine.create(conn, &mut sink, &mut ctx)?;
            sink.finish_trailer(&header.backup_id, tables.clone())
                .map_err(io)?;
            (tables, ctx.stats)
        };
        let inner = zstd.finish().map_err(io)?;
        let file = inner.finish().map_err(io)?;
        file.sync_all().map_err(io)?;
        Ok(tables)
    }

    /// Every backup and foreign file in the folder, oldest first.
    pub fn list(&self) -> Result<Vec<Entry>, BackupError> {
        let read = match fs::read_dir(&self.dir) {
            Ok(r) => r,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(BackupError::io(
                    "cannot read the backup folder",
                    &self.dir,
                    e,
                ))
            }
        };
        let mut artifacts = BTreeSet::new();
        let mut manifests = BTreeSet::new();
        let mut entries = Vec::new();
        for item in read {
            let item =
                item.map_err(|e| BackupError::io("cannot read the backup folder", &self.dir, e))?;
            let Ok(name) = item.file_name().into_string() else {
                continue;
            };
            if name.starts_with('.') || !item.path().is_file() {
                continue;
            }
            if let Some(stem) = name.strip_suffix(ARTIFACT_EXT) {
                artifacts.insert(stem.to_string());
            } else if let Some(stem) = name.strip_suffix(MANIFEST_EXT) {
                manifests.insert(stem.to_string());
            } else if let Some(kind) = foreign_kind(&name) {
                let path = item.path();
                entries.push(Entry {
                    id: name.clone(),
                    created_at: mtime(&path),
                    size_bytes: fs::metadata(&path).map(|m| m.len()).unwrap_or(0),
                    engine: guess_engine(&path, kind),
                    path,
                    kind: EntryKind::Foreign(kind),
                    reason: None,
                    database: None,
                    manifest: None,
                });
            }
        }
        for stem in artifacts.union(&manifests) {
            entries.push(self.keel_entry(stem, artifacts.contains(stem), manifests.contains(stem)));
        }
        entries.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(entries)
    }

    fn keel_entry(&self, stem: &str, has_artifact: bool, has_manifest: bool) -> Entry {
        let artifact = self.dir.join(format!("{stem}{ARTIFACT_EXT}"));
        let manifest_path = self.dir.join(format!("{stem}{MANIFEST_EXT}"));
        let manifest: Option<Manifest> = has_manifest
            .then(|| fs::read(&manifest_path).ok())
            .flatten()
            .and_then(|b| serde_json::from_slice(&b).ok());
        let kind = match (has_artifact, has_manifest) {
            (true, true) => EntryKind::Keel,
            (true, false) => EntryKind::Incomplete("the manifest is missing".into()),
            _ => EntryKind::Incomplete("the artifact is missing".into()),
        };
        let path = if has_artifact {
            artifact
        } else {
            manifest_path
        };
        Entry {
            id: stem.to_string(),
            created_at: manifest
                .as_ref()
                .map(|m| m.created_at.clone())
                .unwrap_or_else(|| mtime(&path)),
            size_bytes: fs::metadata(&path).map(|m| m.len()).unwrap_or(0),
            reason: manifest.as_ref().map(|m| m.reason.clone()),
            engine: manifest.as_ref().map(|m| m.engine.clone()),
            database: manifest.as_ref().map(|m| m.database.clone()),
            path,
            kind,
            manifest,
        }
    }

    /// Finds a backup by id, unique id prefix, or path (a path outside the folder may name a
    /// keel artifact or a foreign dump).
    pub fn resolve(&self, query: &str) -> Result<Entry, BackupError> {
        let entries = self.list()?;
        if let Some(e) = entries.iter().find(|e| e.id == query) {
            return Ok(e.clone());
        }
        let as_path = Path::new(query);
        if as_path.is_file() {
            let canon = fs::canonicalize(as_path).ok();
            if let Some(e) = entries
                .iter()
                .find(|e| canon.is_some() && fs::canonicalize(&e.path).ok() == canon)
            {
                return Ok(e.clone());
            }
            let name = as_path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Some(stem) = name.strip_suffix(ARTIFACT_EXT) {
                let dir = as_path
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let other = BackupStore::new(dir);
                let has_manifest = dir.join(format!("{stem}{MANIFEST_EXT}")).is_file();
                return Ok(other.keel_entry(stem, true, has_manifest));
            }
            if let Some(kind) = foreign_kind(&name) {
                return Ok(Entry {
                    id: name,
                    created_at: mtime(as_path),
                    size_bytes: fs::metadata(as_path).map(|m| m.len()).unwrap_or(0),
                    engine: guess_engine(as_path, kind),
                    path: as_path.to_path_buf(),
                    kind: EntryKind::Foreign(kind),
                    reason: None,
                    database: None,
                    manifest: None,
                });
            }
        }
        let matches: Vec<&Entry> = entries.iter().filter(|e| e.id.starts_with(query)).collect();
        match matches.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(BackupError::NotFound {
                query: query.to_string(),
                dir: self.dir.clone(),
            }),
            many => Err(BackupError::Ambiguous {
                query: query.to_string(),
                candidates: many.iter().map(|e| e.id.clone()).collect(),
            }),
        }
    }

    /// Runs verification steps 1–5 on a backup. Never changes anything.
    pub fn verify(
        &self,
        entry: &Entry,
        engines: EngineLookup<'_>,
        identity: Option<&AgeIdentity>,
        observer: &mut dyn BackupObserver,
    ) -> VerifyReport {
        let manifest = match self.keel_manifest(entry) {
            Ok(m) => m,
            Err(f) => return VerifyReport::failed(&entry.id, f),
        };
        verify_manifest(
            &manifest,
            &entry.path,
            &entry.id,
            engines,
            identity,
            &self.dir,
            observer,
            Recompute::Always,
        )
    }

    /// Steps 1–2 (the manifest is this backup's; the artifact's size and SHA-256 match it),
    /// plus the start of steps 3–4 (it decrypts with `identity` and its header names this
    /// backup): what `restore` needs before it takes a safety backup and starts. The rest of
    /// steps 3–5 happens as the restore reads the artifact — every engine decompresses,
    /// decodes and checks each table against the trailer before anything is committed or
    /// swapped in, so a second full read first would find nothing the restore does not. An
    /// encrypted backup without `identity` passes with a note (restoring it needs one).
    /// Never changes anything.
    pub fn verify_for_restore(
        &self,
        entry: &Entry,
        identity: Option<&AgeIdentity>,
    ) -> VerifyReport {
        let checked = self.keel_manifest(entry).and_then(|manifest| {
            verify_bytes(&manifest, &entry.path, &entry.id)?;
            if !manifest.encrypted || identity.is_some() {
                let mut quiet = crate::NoProgress;
                let shared = SharedObserver(std::cell::RefCell::new(&mut quiet));
                open_checked(&manifest, &entry.path, identity, &shared)?;
            }
            Ok(manifest)
        });
        match checked {
            Err(f) => VerifyReport::failed(&entry.id, f),
            Ok(manifest) => VerifyReport {
                id: entry.id.clone(),
                ok: true,
                deep: false,
                tables: manifest.tables.len(),
                failure: None,
                notes: vec!["steps 3–5 run as the restore reads the artifact".into()],
            },
        }
    }

    /// Step 1's start: `entry` is a complete keel backup, and its manifest reads.
    fn keel_manifest(&self, entry: &Entry) -> Result<Manifest, VerifyFailure> {
        let fail = |message: String| Err(VerifyFailure { step: 1, message });
        match &entry.kind {
            EntryKind::Keel => {}
            EntryKind::Foreign(_) => {
                return fail(format!(
                    "{} is a foreign file with no keel manifest; keel cannot verify it (it can still restore it)",
                    entry.id
                ))
            }
            EntryKind::Incomplete(what) => {
                return fail(format!("{} is incomplete: {what}", entry.id))
            }
        }
        let dir = entry.path.parent().unwrap_or(&self.dir);
        read_manifest(&dir.join(format!("{}{MANIFEST_EXT}", entry.id))).or_else(fail)
    }

    /// Whether a keel backup's artifact is encrypted (its manifest says so).
    pub fn is_encrypted(&self, entry: &Entry) -> Result<bool, BackupError> {
        Ok(self.manifest_of(entry)?.encrypted)
    }

    /// Replaces the database with a verified keel backup or a foreign dump. The caller has
    /// verified the backup and taken the safety backup.
    pub fn restore(
        &self,
        entry: &Entry,
        engine: &dyn BackupEngine,
        conn: &mut dyn Connection,
        identity: Option<&AgeIdentity>,
        observer: &mut dyn BackupObserver,
    ) -> Result<(), BackupError> {
        self.ensure_dir()?;
        let shared = SharedObserver(std::cell::RefCell::new(observer));
        let mut engine_observer = &shared;
        let mut ctx = EngineContext::new(&self.dir, entry.id.clone(), &mut engine_observer);
        match &entry.kind {
            EntryKind::Foreign(kind) => engine.restore_foreign(conn, &entry.path, *kind, &mut ctx),
            EntryKind::Incomplete(what) => Err(BackupError::Invalid {
                id: entry.id.clone(),
                step: 1,
                message: format!("incomplete: {what}"),
            }),
            EntryKind::Keel => {
                let manifest = self.manifest_of(entry)?;
                check_engine(&manifest, engine)?;
                let mut source = open_source(&entry.path, manifest.encrypted, identity, &shared)?;
                let header = source.header()?;
                if header.backup_id != manifest.id {
                    return Err(BackupError::Invalid {
                        id: entry.id.clone(),
                        step: 4,
                        message: format!(
                            "the artifact belongs to backup {}, not {}",
                            header.backup_id, manifest.id
                        ),
                    });
                }
                engine.restore(conn, &mut source, &mut ctx)
            }
        }
    }

    /// Writes the backup as a plain SQL script for the engine's own client.
    pub fn export_sql(
        &self,
        entry: &Entry,
        engine: &dyn BackupEngine,
        identity: Option<&AgeIdentity>,
        out: &mut dyn Write,
        observer: &mut dyn BackupObserver,
    ) -> Result<(), BackupError> {
        let shared = SharedObserver(std::cell::RefCell::new(observer));
        let mut engine_observer = &shared;
        let mut source = self.open_keel(entry, engine, identity, &shared, "can be exported")?;
        let mut ctx = EngineContext::new(&self.dir, entry.id.clone(), &mut engine_observer);
        engine.export_sql(&mut source, out, &mut ctx)
    }

    /// The guard's content digests of `columns` (schema, table, column) as they were in a
    /// keel backup, read back from its artifact (see [`BackupEngine::column_digests`]).
    /// Changes nothing; an encrypted backup needs `identity`.
    pub fn column_digests(
        &self,
        entry: &Entry,
        engine: &dyn BackupEngine,
        identity: Option<&AgeIdentity>,
        columns: &[(String, String, String)],
    ) -> Result<Vec<TableStats>, BackupError> {
        let mut quiet = crate::engine::NoProgress;
        let observer: &mut dyn BackupObserver = &mut quiet;
        let shared = SharedObserver(std::cell::RefCell::new(observer));
        let mut engine_observer = &shared;
        let mut source =
            self.open_keel(entry, engine, identity, &shared, "hold content digests")?;
        let mut ctx = EngineContext::new(
            &self.dir,
            format!("{}.digest", entry.id),
            &mut engine_observer,
        )
        .digesting(true);
        engine.column_digests(&mut source, columns, &mut ctx)
    }

    /// Opens a complete keel backup for `engine` and reads its header: the frames that follow
    /// are the engine's. `what` finishes "only keel backups …" for anything else.
    fn open_keel<'o>(
        &self,
        entry: &Entry,
        engine: &dyn BackupEngine,
        identity: Option<&AgeIdentity>,
        observer: &'o SharedObserver<'o>,
        what: &str,
    ) -> Result<FrameSource<'o>, BackupError> {
        if entry.kind != EntryKind::Keel {
            return Err(BackupError::Engine(format!(
                "{} is not a complete keel backup; only keel backups {what}",
                entry.id
            )));
        }
        self.ensure_dir()?;
        let manifest = self.manifest_of(entry)?;
        check_engine(&manifest, engine)?;
        let mut source = open_source(&entry.path, manifest.encrypted, identity, observer)?;
        source.header()?;
        Ok(source)
    }

    fn manifest_of(&self, entry: &Entry) -> Result<Manifest, BackupError> {
        let dir = entry.path.parent().unwrap_or(&self.dir);
        read_manifest(&dir.join(format!("{}{MANIFEST_EXT}", entry.id))).map_err(|message| {
            BackupError::Invalid {
                id: entry.id.clone(),
                step: 1,
                message,
            }
        })
    }

    /// Removes all but the `keep` newest keel backups of each database, never the newest one
    /// that passes `verified`, never a foreign file, and never an incomplete pair (shown by
    /// `list` for a person to look at). Stale partial files are removed too.
    pub fn prune(
        &self,
        keep: usize,
        dry_run: bool,
        verified: &mut dyn FnMut(&Entry) -> bool,
    ) -> Result<PruneReport, BackupError> {
        let mut report = PruneReport {
            dry_run,
            partials_removed: self.remove_stale_partials(dry_run),
            ..PruneReport::default()
        };
        let mut groups: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
        for e in self.list()? {
            if e.kind == EntryKind::Keel {
                groups
                    .entry(e.database.clone().unwrap_or_default())
                    .or_default()
                    .push(e);
            }
        }
        for (_, mut group) in groups {
            group.reverse(); // newest first
            let newest_verified = group.iter().position(&mut *verified);
            for (i, e) in group.iter().enumerate() {
                if i < keep {
                    report.kept.push(e.id.clone());
                } else if Some(i) == newest_verified {
                    report.kept.push(e.id.clone());
                    report.protected.push(e.id.clone());
                } else {
                    if !dry_run {
                        let manifest = self.dir.join(format!("{}{MANIFEST_EXT}", e.id));
                        fs::remove_file(&e.path)
                            .map_err(|err| BackupError::io("cannot remove", &e.path, err))?;
                        fs::remove_file(&manifest)
                            .map_err(|err| BackupError::io("cannot remove", &manifest, err))?;
                    }
                    report.deleted.push(e.id.clone());
                }
            }
        }
        if !dry_run && !report.deleted.is_empty() {
            sync_dir(&self.dir)?;
        }
        Ok(report)
    }

    /// Removes `.partial` files older than an hour (an interrupted keel's leftovers).
    fn remove_stale_partials(&self, dry_run: bool) -> Vec<String> {
        let mut removed = Vec::new();
        let Ok(read) = fs::read_dir(&self.dir) else {
            return removed;
        };
        for item in read.flatten() {
            let name = item.file_name().to_string_lossy().into_owned();
            let partial = name.starts_with('.') && name.contains(PARTIAL_EXT);
            let old = item
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| SystemTime::now().duration_since(t).ok())
                .is_some_and(|age| age > STALE_PARTIAL);
            if partial && old && (dry_run || fs::remove_file(item.path()).is_ok()) {
                removed.push(name);
            }
        }
        removed
    }
}

/// The time part of a backup id (`20261123T052500Z`).
fn id_stamp(now: OffsetDateTime) -> Result<String, BackupError> {
    now.format(time::macros::format_description!(
        "[year][month][day]T[hour][minute][second]Z"
    ))
    .map_err(|e| BackupError::Engine(e.to_string()))
}

/// How many 1 MiB chunks [`BackupStore::copy`] holds between its reader and its writer.
const COPY_CHUNKS_IN_FLIGHT: usize = 8;

impl BackupStore {
    /// Writes a consistent copy of the database behind `conn` into `out` as the frames of a
    /// backup (header, the engine's frames, trailer), uncompressed and unencrypted: no
    /// artifact, no manifest, no verification pass. For a copy that is loaded at once by
    /// [`BackupStore::restore_stream`], which checks every table against the trailer. The
    /// folder is only used for the engine's scratch files.
    pub fn create_stream(
        &self,
        engine: &dyn BackupEngine,
        conn: &mut dyn Connection,
        req: &CreateRequest<'_>,
        out: &mut dyn Write,
        observer: &mut dyn BackupObserver,
    ) -> Result<Copied, BackupError> {
        self.ensure_dir()?;
        let now = OffsetDateTime::now_utc();
        let stamp = id_stamp(now)?;
        let database = sanitize(conn.database_name());
        let reason = sanitize(req.reason);
        let id = format!("{database}-{stamp}-{reason}");
        let header = Header::describing(&id, engine, conn, now, &reason, req.keel_version);
        let io = |e: std::io::Error| BackupError::io("cannot write", "<backup stream>", e);
        let mut ctx = EngineContext::new(&self.dir, format!("{id}.stream"), observer)
            .counting(req.count)
            // A copy leaves no artifact to compute digests from later.
            .digesting(true);
        let tables = {
            let mut sink = FrameSink::new(out);
            let json = serde_json::to_vec(&header).map_err(|e| io(std::io::Error::other(e)))?;
            sink.write(FrameKind::Header, &json).map_err(io)?;
            let tables = engine.create(conn, &mut sink, &mut ctx)?;
            sink.finish_trailer(&id, tables.clone()).map_err(io)?;
            tables
        };
        out.flush().map_err(io)?;
        Ok(Copied {
            tables,
            stats: ctx.stats,
        })
    }

    /// Replaces the database behind `conn` with the frames [`BackupStore::create_stream`]
    /// wrote, through the engine's restore, which refuses (and changes nothing) unless every
    /// table reads back as the trailer says: a truncated or altered stream restores nothing.
    pub fn restore_stream(
        &self,
        engine: &dyn BackupEngine,
        conn: &mut dyn Connection,
        input: Box<dyn Read + '_>,
        observer: &mut dyn BackupObserver,
    ) -> Result<(), BackupError> {
        self.ensure_dir()?;
        let mut source = FrameSource::new(input);
        let header = source.header()?;
        if header.format != FORMAT || header.engine != engine.name() {
            return Err(BackupError::Engine(format!(
                "the stream is a format {} {} backup and cannot be restored by this keel's {} engine",
                header.format,
                header.engine,
                engine.name()
            )));
        }
        let mut ctx =
            EngineContext::new(&self.dir, format!("{}.stream", header.backup_id), observer);
        engine.restore(conn, &mut source, &mut ctx)
    }

    /// Copies the database behind `from` into the one behind `to` (replacing its content):
    /// [`BackupStore::create_stream`] on one thread feeds [`BackupStore::restore_stream`] on
    /// this one through a bounded in-memory pipe, so the source is read once (in the
    /// engine's consistent snapshot, read-only) and the target loaded once, with no file in
    /// between. A failure on either side stops both; the target is then left as the engine's
    /// restore leaves it on a refused stream (unchanged). `observer` sees the restore side.
    pub fn copy(
        &self,
        engine: &dyn BackupEngine,
        from: &mut dyn Connection,
        to: &mut dyn Connection,
        req: &CreateRequest<'_>,
        observer: &mut dyn BackupObserver,
    ) -> Result<Copied, BackupError> {
        self.ensure_dir()?;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(COPY_CHUNKS_IN_FLIGHT);
        let reader_gone = std::sync::atomic::AtomicBool::new(false);
        // Only what the header needs crosses to the writer's thread (not the identity).
        let (reason, keel_version) = (req.reason, req.keel_version);
        std::thread::scope(|scope| {
            let writer = scope.spawn(|| {
                let req = CreateRequest {
                    reason,
                    command: "copy",
                    encrypt_to: None,
                    identity: None,
                    keel_version,
                    count: None,
                };
                let mut pipe = PipeWriter {
                    tx,
                    buf: Vec::with_capacity(crate::frame::CHUNK),
                    reader_gone: &reader_gone,
                };
                // The writer's end closes when this thread returns, successful or not: a
                // stream cut short reads as one without its trailer.
                self.create_stream(engine, from, &req, &mut pipe, &mut crate::NoProgress)
            });
            let input = PipeReader {
                rx,
                chunk: Vec::new(),
                pos: 0,
            };
            let restored = self.restore_stream(engine, to, Box::new(input), observer);
            let created = match writer.join() {
                Ok(created) => created,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            let gone = reader_gone.load(std::sync::atomic::Ordering::SeqCst);
            match (created, restored) {
                // The restore stopped first; the writer's error is only its echo.
                (_, Err(e)) if gone => Err(e),
                // Reading the source failed: the restore's complaint about a stream without
                // its trailer is the echo.
                (Err(e), _) => Err(e),
                (Ok(_), Err(e)) => Err(e),
                (Ok(copied), Ok(())) => Ok(copied),
            }
        })
    }
}

/// The writing end of [`BackupStore::copy`]'s pipe: 1 MiB chunks into a bounded channel.
struct PipeWriter<'a> {
    tx: std::sync::mpsc::SyncSender<Vec<u8>>,
    buf: Vec<u8>,
    reader_gone: &'a std::sync::atomic::AtomicBool,
}

impl PipeWriter<'_> {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(crate::frame::CHUNK));
        self.tx.send(chunk).map_err(|_| {
            self.reader_gone
                .store(true, std::sync::atomic::Ordering::SeqCst);
            std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "the restore side stopped reading",
            )
        })
    }
}

impl Write for PipeWriter<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= crate::frame::CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// The reading end of [`BackupStore::copy`]'s pipe; the end of the stream once the writer is
/// gone.
struct PipeReader {
    rx: std::sync::mpsc::Receiver<Vec<u8>>,
    chunk: Vec<u8>,
    pos: usize,
}

impl Read for PipeReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.chunk.len() {
            match self.rx.recv() {
                Ok(chunk) => {
                    self.chunk = chunk;
                    self.pos = 0;
                }
                Err(_) => return Ok(0),
            }
        }
        let n = out.len().min(self.chunk.len() - self.pos);
        out[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

fn check_engine(manifest: &Manifest, engine: &dyn BackupEngine) -> Result<(), BackupError> {
    if manifest.engine != engine.name() {
        return Err(BackupError::Engine(format!(
            "backup {} is a {} backup and cannot be restored into a {} database",
            manifest.id,
            manifest.engine,
            engine.name()
        )));
    }
    Ok(())
}

fn read_manifest(path: &Path) -> Result<Manifest, String> {
    let bytes =
        fs::read(path).map_err(|e| format!("cannot read the manifest {}: {e}", path.display()))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("the manifest {} is not valid JSON: {e}", path.display()))?;
    let format = value.get("format").and_then(serde_json::Value::as_u64);
    if format != Some(u64::from(FORMAT)) {
        return Err(format!(
            "the manifest {} has format {}, this keel reads format {FORMAT}",
            path.display(),
            format.map_or("(none)".to_string(), |f| f.to_string())
        ));
    }
    serde_json::from_value(value)
        .map_err(|e| format!("the manifest {} is malformed: {e}", path.display()))
}

/// Steps 1 (id), 2, 3, 4 and 5 for a parsed manifest and its artifact.
/// Steps 1–2: the manifest is this backup's, and the artifact's size and SHA-256 are the
/// manifest's.
fn verify_bytes(manifest: &Manifest, artifact: &Path, stem: &str) -> Result<(), VerifyFailure> {
    let fail = |step: u8, message: String| Err(VerifyFailure { step, message });
    // 1. The manifest must be this backup's: a manifest copied over from another backup
    //    would otherwise only be caught by the checksum.
    if manifest.id != stem {
        return fail(
            1,
            format!(
                "the manifest belongs to backup {}, not {stem} (swapped or copied manifest)",
                manifest.id
            ),
        );
    }
    // 2. Size and checksum of the bytes on disk.
    let size = match fs::metadata(artifact) {
        Ok(m) => m.len(),
        Err(e) => {
            return fail(
                2,
                format!("cannot read the artifact {}: {e}", artifact.display()),
            )
        }
    };
    if size != manifest.artifact.size_bytes {
        return fail(
            2,
            format!(
                "the artifact is {size} bytes, the manifest says {} (truncated or altered)",
                manifest.artifact.size_bytes
            ),
        );
    }
    match hash_file(artifact) {
        Ok((_, sha)) if sha != manifest.artifact.sha256 => {
            return fail(
                2,
                format!(
                    "the artifact's SHA-256 is {sha}, the manifest says {} (the file was altered)",
                    manifest.artifact.sha256
                ),
            )
        }
        Ok(_) => {}
        Err(e) => return fail(2, e.to_string()),
    }
    Ok(())
}

/// Whether step 5 recomputes the table checksums of an image layout (SQLite) from the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recompute {
    /// `keel backup verify`: always, from the artifact alone.
    Always,
    /// `create`, before the rename: an image's tables were summed from the very bytes the
    /// stream then carried, and the payload checksum (checked in step 5 either way) proves
    /// the artifact holds exactly those bytes, so putting the image back and reading every
    /// row again would only repeat that work. A logical stream's sums cost no more than the
    /// payload checksum, so they are always recomputed.
    LogicalOnly,
}

#[expect(
    clippy::too_many_arguments,
    reason = "one verification, called from create and from verify with their own contexts"
)]
fn verify_manifest(
    manifest: &Manifest,
    artifact: &Path,
    stem: &str,
    engines: EngineLookup<'_>,
    identity: Option<&AgeIdentity>,
    scratch_dir: &Path,
    observer: &mut dyn BackupObserver,
    recompute: Recompute,
) -> VerifyReport {
    let mut report = VerifyReport {
        id: stem.to_string(),
        ok: false,
        deep: false,
        tables: 0,
        failure: None,
        notes: Vec::new(),
    };
    let fail =
        |step: u8, message: String| VerifyReport::failed(stem, VerifyFailure { step, message });
    if let Err(failure) = verify_bytes(manifest, artifact, stem) {
        return VerifyReport::failed(stem, failure);
    }
    if manifest.encrypted && identity.is_none() {
        report.ok = true;
        report.notes.push(
            "encrypted: steps 3–5 (decrypt, decompress, table checksums) need --identity FILE or KEEL_AGE_IDENTITY"
                .into(),
        );
        return report;
    }
    // 3–5. Decrypt, decompress, parse, and recompute.
    let shared = SharedObserver(std::cell::RefCell::new(observer));
    let mut engine_observer = &shared;
    let (mut source, header) = match open_checked(manifest, artifact, identity, &shared) {
        Ok(opened) => opened,
        Err(f) => return VerifyReport::failed(stem, f),
    };
    let mut ctx = EngineContext::new(scratch_dir, format!("{stem}.verify"), &mut engine_observer);
    let computed: Option<TableSums> = if header.layout == "logical" {
        match crate::logical::logical_sums(&mut source) {
            Ok(t) => Some(t),
            Err(e) => return fail(3, e.to_string()),
        }
    } else if recompute == Recompute::LogicalOnly {
        if let Err(e) = source.drain() {
            return fail(3, e.to_string());
        }
        None
    } else if let Some(engine) = engines(&header.engine) {
        match engine.check(&mut source, &mut ctx) {
            Ok(t) => Some(t),
            Err(e @ BackupError::Corrupt(_)) => return fail(3, e.to_string()),
            Err(e) => return fail(5, e.to_string()),
        }
    } else {
        if let Err(e) = source.drain() {
            return fail(3, e.to_string());
        }
        report.notes.push(format!(
            "table checksums not recomputed: this keel has no {} backup engine",
            header.engine
        ));
        None
    };
    let Some(trailer) = source.trailer().cloned() else {
        return fail(3, "the stream ends before the trailer".into());
    };
    if trailer.backup_id != manifest.id {
        return fail(
            4,
            format!(
                "the artifact's trailer names backup {}, the manifest {}",
                trailer.backup_id, manifest.id
            ),
        );
    }
    if let Some(computed) = computed {
        if let Err(m) = compare_tables(&trailer.tables, &computed, "trailer") {
            return fail(5, m);
        }
    }
    if let Err(m) = compare_tables(&manifest.tables, &trailer.tables, "manifest") {
        return fail(5, m);
    }
    report.ok = true;
    report.deep = true;
    report.tables = trailer.tables.len();
    report
}

impl Header {
    /// The header of backup `id` of `conn`'s database, taken by `engine` at `now` for
    /// `reason` (already sanitised, as in the id).
    fn describing(
        id: &str,
        engine: &dyn BackupEngine,
        conn: &dyn Connection,
        now: OffsetDateTime,
        reason: &str,
        keel_version: &str,
    ) -> Header {
        Header {
            backup_id: id.to_string(),
            format: FORMAT,
            engine: engine.name().to_string(),
            server_version: conn.server().version_string.clone(),
            database: sanitize(conn.database_name()),
            created_at: rfc3339_ms(now),
            reason: reason.to_string(),
            keel_version: keel_version.to_string(),
            layout: engine.layout().to_string(),
        }
    }
}

/// Steps 3–4 as far as the header: the artifact decrypts and decompresses, its first frame
/// is a header, and the header names the manifest's backup. The frames after it are next.
fn open_checked<'o>(
    manifest: &Manifest,
    artifact: &Path,
    identity: Option<&AgeIdentity>,
    observer: &'o SharedObserver<'o>,
) -> Result<(FrameSource<'o>, Header), VerifyFailure> {
    let damaged = |e: BackupError| VerifyFailure {
        step: 3,
        message: e.to_string(),
    };
    let mut source =
        open_source(artifact, manifest.encrypted, identity, observer).map_err(damaged)?;
    let header = source.header().map_err(damaged)?;
    if header.backup_id != manifest.id {
        return Err(VerifyFailure {
            step: 4,
            message: format!(
                "the artifact's header names backup {}, the manifest {}",
                header.backup_id, manifest.id
            ),
        });
    }
    Ok((source, header))
}

/// Opens an artifact for reading: decrypt (when encrypted), decompress, frame.
fn open_source<'o>(
    path: &Path,
    encrypted: bool,
    identity: Option<&AgeIdentity>,
    observer: &'o SharedObserver<'o>,
) -> Result<FrameSource<'o>, BackupError> {
    let file = File::open(path).map_err(|e| BackupError::io("cannot open", path, e))?;
    let total = file
        .metadata()
        .map_err(|e| BackupError::io("cannot open", path, e))?
        .len();
    let read = std::rc::Rc::new(std::cell::Cell::new(0));
    let counted = CountingRead {
        inner: file,
        read: read.clone(),
    };
    let raw: Box<dyn Read> = Box::new(BufReader::with_capacity(256 * 1024, counted));
    let plain: Box<dyn Read> = if encrypted {
        let identity = identity.ok_or_else(|| {
            BackupError::Crypto(format!(
                "{} is encrypted: pass --identity FILE or set KEEL_AGE_IDENTITY to the age identity file",
                path.display()
            ))
        })?;
        crypto::decrypt(identity, raw)?
    } else {
        raw
    };
    let decoder = zstd::stream::read::Decoder::new(plain)
        .map_err(|e| BackupError::Corrupt(format!("cannot start decompressing: {e}")))?;
    Ok(FrameSource::new(Box::new(decoder)).with_progress(read, total, observer))
}

enum Outer {
    Plain(BufWriter<File>),
    Age(age::stream::StreamWriter<BufWriter<File>>),
}

impl Outer {
    fn finish(self) -> std::io::Result<File> {
        let buffered = match self {
            Self::Plain(w) => w,
            Self::Age(w) => w.finish()?,
        };
        buffered
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)
    }
}

impl Write for Outer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Self::Plain(w) => w.write(buf),
            Self::Age(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Self::Plain(w) => w.flush(),
            Self::Age(w) => w.flush(),
        }
    }
}

struct RemoveOnDrop(Vec<PathBuf>);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = fs::remove_file(p);
        }
    }
}

fn private_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<(), BackupError> {
    let io = |e| BackupError::io("cannot write", path, e);
    let mut f = private_options()
        .create(true)
        .truncate(true)
        .open(path)
        .map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)
}

fn sync_dir(dir: &Path) -> Result<(), BackupError> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| BackupError::io("cannot sync the backup folder", dir, e))?;
    Ok(())
}

fn hash_file(path: &Path) -> Result<(u64, String), BackupError> {
    let mut f = File::open(path).map_err(|e| BackupError::io("cannot read", path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut total = 0u64;
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| BackupError::io("cannot read", path, e))?;
        if n == 0 {
            break;
        }
        total += n as u64;
        h.update(&buf[..n]);
    }
    Ok((total, hex::encode(h.finalize())))
}

fn restrict(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
}

/// Keeps names portable and free of anything but `[A-Za-z0-9_.-]`.
fn sanitize(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() {
        "db".into()
    } else {
        out
    }
}

fn rfc3339_ms(t: OffsetDateTime) -> String {
    let t = t
        .replace_nanosecond(u32::from(t.millisecond()) * 1_000_000)
        .unwrap_or(t);
    t.format(&Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

fn mtime(path: &Path) -> String {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .map(|t| rfc3339_ms(OffsetDateTime::from(t)))
        .unwrap_or_default()
}

fn foreign_kind(name: &str) -> Option<ForeignKind> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".sql.gz") {
        Some(ForeignKind::SqlGz)
    } else if lower.ends_with(".sql") {
        Some(ForeignKind::SqlDump)
    } else if [".sqlite", ".sqlite3", ".db"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        Some(ForeignKind::SqliteFile)
    } else {
        None
    }
}

/// Reads the first few KiB of a foreign file to tell which tool wrote it.
fn guess_engine(path: &Path, kind: ForeignKind) -> Option<String> {
    if kind == ForeignKind::SqliteFile {
        return Some("sqlite".into());
    }
    if kind != ForeignKind::SqlDump {
        return None;
    }
    let mut head = vec![0u8; 4096];
    let n = File::open(path).and_then(|mut f| f.read(&mut head)).ok()?;
    let head = String::from_utf8_lossy(&head[..n]);
    if head.contains("PostgreSQL database dump") {
        Some("postgres".into())
    } else if head.contains("MySQL dump") || head.contains("MariaDB dump") {
        Some("mysql".into())
    } else if head.contains("PRAGMA foreign_keys=OFF;") || head.contains("BEGIN TRANSACTION;") {
        Some("sqlite".into())
    } else {
        None
    }
}

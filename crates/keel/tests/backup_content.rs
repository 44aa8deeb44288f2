//! `keel backup restore` checks a backup's content as it reads it, on every engine
//! (docs/backup-format.md, "Restore"): before loading it only checks that the artifact's
//! bytes are the ones its manifest names (verification steps 1–2); steps 3–5 — decompress,
//! decode, every table against the trailer — run during the load, before anything is
//! committed or swapped in. So an artifact whose bytes match its manifest but whose rows do
//! not match its own checksums (a backup written wrong, then re-sealed) must still be refused
//! with exit 1 and change nothing, and `verify` must name it.

mod common;

use std::path::PathBuf;

use common::backup::{backups_dir, content_hash, create};
use common::{Engine, Project};
use sha2::{Digest as _, Sha256};

const NEEDLE: &[u8] = b"needle-value-0042";

fn artifact(p: &Project, id: &str) -> PathBuf {
    backups_dir(p).join(format!("{id}.keelbak"))
}

fn manifest(p: &Project, id: &str) -> PathBuf {
    backups_dir(p).join(format!("{id}.manifest.json"))
}

/// Rewrites the backup so that one value in its data differs while every seal still holds:
/// the frames are re-read, one byte of the needle is changed, the trailer's payload hash is
/// recomputed, the stream recompressed, and the manifest's size and SHA-256 updated. Only the
/// per-table checksums (which keel computed from the real rows) now disagree with the data.
fn reseal_with_one_value_changed(p: &Project, id: &str) {
    let path = artifact(p, id);
    let raw = zstd::decode_all(std::fs::File::open(&path).unwrap()).unwrap();
    let mut out = Vec::with_capacity(raw.len());
    let mut payloads = Sha256::new();
    let mut changed = false;
    let mut i = 0;
    while i < raw.len() {
        let kind = raw[i];
        let len = u32::from_le_bytes(raw[i + 1..i + 5].try_into().unwrap()) as usize;
        let mut payload = raw[i + 5..i + 5 + len].to_vec();
        i += 5 + len;
        let is_trailer = i == raw.len();
        if is_trailer {
            let mut trailer: serde_json::Value = serde_json::from_slice(&payload).unwrap();
            trailer["payload_sha256"] = hex::encode(payloads.clone().finalize()).into();
            payload = serde_json::to_vec(&trailer).unwrap();
        } else {
            if let Some(at) = payload.windows(NEEDLE.len()).position(|w| w == NEEDLE) {
                payload[at + NEEDLE.len() - 1] = b'X';
                changed = true;
            }
            payloads.update(&payload);
        }
        out.push(kind);
        out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        out.extend_from_slice(&payload);
    }
    assert!(changed, "the needle is in the backup's data");
    let sealed = zstd::encode_all(&out[..], 1).unwrap();
    std::fs::write(&path, &sealed).unwrap();
    let mut m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(manifest(p, id)).unwrap()).unwrap();
    m["artifact"]["size_bytes"] = (sealed.len() as u64).into();
    m["artifact"]["sha256"] = hex::encode(Sha256::digest(&sealed)).into();
    std::fs::write(manifest(p, id), serde_json::to_vec_pretty(&m).unwrap()).unwrap();
}

fn a_resealed_backup_with_wrong_rows_is_refused_and_changes_nothing(engine: Engine) {
    let p = Project::new(engine);
    p.db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR(100))");
    p.db.execute(&format!(
        "INSERT INTO notes (id, body) VALUES (1, 'first'), (2, '{}'), (3, NULL)",
        std::str::from_utf8(NEEDLE).unwrap()
    ));
    let id = create(&p);
    reseal_with_one_value_changed(&p, &id);
    p.db.execute("INSERT INTO notes (id, body) VALUES (4, 'after the backup')");
    let before = content_hash(&p.db);

    let restore = p.keel(&["backup", "restore", &id, "--yes"]);
    restore.expect_code(1);
    assert!(
        restore.all().contains("not changed"),
        "the refusal says nothing changed:\n{}",
        restore.all()
    );
    assert_eq!(
        content_hash(&p.db),
        before,
        "a refused restore changes nothing"
    );

    let json = p.keel_json(&["backup", "restore", &id, "--yes"], 1);
    assert_eq!(json["restored"], serde_json::Value::Null, "{json}");
    assert!(json["error"].is_string(), "{json}");
    assert_eq!(content_hash(&p.db), before);

    // The full verification finds it too, without a restore.
    let verify = p.keel(&["backup", "verify", &id]);
    verify.expect_code(1);
}

keel_testkit::engine_tests!(a_resealed_backup_with_wrong_rows_is_refused_and_changes_nothing);

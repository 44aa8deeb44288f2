//! `keel_digest(x)`: the order-independent content digest `keel_guard` reads per column.
//!
//! SQLite has no hash function of its own, so the driver registers this aggregate on every
//! connection. It must agree with itself only: the guard compares digests within one engine.
//! The backup computes the same digest in Rust ([`slices`]) as it streams the rows, so the
//! guard's before-fingerprint needs no pass of its own.

use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

/// The SQL name of the aggregate.
pub(crate) const NAME: &str = "keel_digest";

/// Two sums of 60-bit slices of each non-NULL value's SHA-256, as `"a:b"` in decimal. Sums (not
/// XOR) keep duplicates from cancelling out, and make the digest of removed values the
/// difference of two digests. 60-bit parts summed in 128 bits cannot overflow below 2^68 rows.
struct KeelDigest;

const MASK: u128 = (1 << 60) - 1;

impl Aggregate<(u128, u128), String> for KeelDigest {
    fn init(&self, _ctx: &mut Context<'_>) -> rusqlite::Result<(u128, u128)> {
        Ok((0, 0))
    }

    fn step(&self, ctx: &mut Context<'_>, acc: &mut (u128, u128)) -> rusqlite::Result<()> {
        if let Some([a, b]) = slices(ctx.get_raw(0)) {
            acc.0 += a;
            acc.1 += b;
        }
        Ok(())
    }

    fn finalize(
        &self,
        _ctx: &mut Context<'_>,
        acc: Option<(u128, u128)>,
    ) -> rusqlite::Result<String> {
        let (a, b) = acc.unwrap_or((0, 0));
        Ok(format!("{a}:{b}"))
    }
}

/// The two slices one value adds to the digest; `None` for NULL, which adds nothing.
pub(crate) fn slices(value: ValueRef<'_>) -> Option<[u128; 2]> {
    let mut h = Sha256::new();
    match value {
        ValueRef::Null => return None,
        ValueRef::Integer(i) => h.update(i.to_string()),
        ValueRef::Real(f) => h.update(f.to_string()),
        ValueRef::Text(b) | ValueRef::Blob(b) => h.update(b),
    }
    let d = h.finalize();
    let mut first = [0u8; 16];
    first.copy_from_slice(&d[..16]);
    let mut second = [0u8; 16];
    second.copy_from_slice(&d[16..]);
    Some([
        u128::from_le_bytes(first) & MASK,
        u128::from_le_bytes(second) & MASK,
    ])
}

/// Registers [`NAME`] on `conn`.
pub(crate) fn register(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.create_aggregate_function(
        NAME,
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        KeelDigest,
    )
}

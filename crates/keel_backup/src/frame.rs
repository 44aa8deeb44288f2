//! Frames: `kind:u8 length:u32le payload`, the unit of the decompressed backup stream.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::engine::{BackupEvent, BackupObserver};
use crate::error::BackupError;
use crate::TableSum;

/// The longest frame a reader accepts (64 MiB).
pub const MAX_FRAME: u32 = 64 * 1024 * 1024;
/// The size engines should keep `rows` and `image` chunks under (1 MiB).
pub const CHUNK: usize = 1024 * 1024;

/// What a frame holds (see docs/backup-format.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FrameKind {
    /// JSON [`Header`]; always the first frame.
    Header,
    /// Engine SQL that recreates the schema before the data (logical layout).
    Schema,
    /// JSON: starts a table's rows.
    Table,
    /// A chunk of the current table's rows in the engine's row encoding.
    Rows,
    /// JSON: ends a table with its row count and checksum.
    TableEnd,
    /// Engine SQL run after the data.
    PostSchema,
    /// A chunk of a SQLite database image.
    Image,
    /// JSON [`Trailer`]; always the last frame.
    Trailer,
}

impl FrameKind {
    /// The byte written for this kind.
    pub fn code(self) -> u8 {
        match self {
            Self::Header => 1,
            Self::Schema => 2,
            Self::Table => 3,
            Self::Rows => 4,
            Self::TableEnd => 5,
            Self::PostSchema => 6,
            Self::Image => 7,
            Self::Trailer => 9,
        }
    }

    /// The kind for a byte, if it is one.
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            1 => Self::Header,
            2 => Self::Schema,
            3 => Self::Table,
            4 => Self::Rows,
            5 => Self::TableEnd,
            6 => Self::PostSchema,
            7 => Self::Image,
            9 => Self::Trailer,
            _ => return None,
        })
    }
}

/// The first frame: what the backup is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The backup id (file stem).
    pub backup_id: String,
    /// Container format version (1).
    pub format: u32,
    /// `sqlite`, `postgres` or `mysql`.
    pub engine: String,
    /// The server (or SQLite library) version.
    pub server_version: String,
    /// The database name.
    pub database: String,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// Why it was taken.
    pub reason: String,
    /// The keel that wrote it.
    pub keel_version: String,
    /// `sqlite-image` or `logical`.
    pub layout: String,
}

/// The last frame: what a reader must have seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trailer {
    /// Equals the header's.
    pub backup_id: String,
    /// Per-table row counts and checksums.
    pub tables: BTreeMap<String, TableSum>,
    /// Frames before the trailer (the header included).
    pub frames: u64,
    /// SHA-256 over every payload before the trailer.
    pub payload_sha256: String,
}

/// One frame read back.
#[derive(Debug)]
pub struct Frame {
    /// Its kind.
    pub kind: FrameKind,
    /// Its payload.
    pub payload: Vec<u8>,
}

/// Where an engine writes its frames while a backup is created.
pub struct FrameSink<'a> {
    out: &'a mut dyn Write,
    payload: Sha256,
    frames: u64,
    bytes: u64,
}

impl<'a> FrameSink<'a> {
    pub(crate) fn new(out: &'a mut dyn Write) -> Self {
        Self {
            out,
            payload: Sha256::new(),
            frames: 0,
            bytes: 0,
        }
    }

    /// Writes one frame. Payloads over 64 MiB are refused; engines keep chunks ≤ 1 MiB.
    pub fn write(&mut self, kind: FrameKind, payload: &[u8]) -> std::io::Result<()> {
        let len = u32::try_from(payload.len())
            .ok()
            .filter(|l| *l <= MAX_FRAME)
            .ok_or_else(|| std::io::Error::other("frame payload over 64 MiB"))?;
        let mut head = [0u8; 5];
        head[0] = kind.code();
        head[1..].copy_from_slice(&len.to_le_bytes());
        self.out.write_all(&head)?;
        self.out.write_all(payload)?;
        if kind != FrameKind::Trailer {
            self.payload.update(payload);
            self.frames += 1;
        }
        self.bytes += 5 + payload.len() as u64;
        Ok(())
    }

    /// Uncompressed bytes written so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    pub(crate) fn finish_trailer(
        &mut self,
        backup_id: &str,
        tables: BTreeMap<String, TableSum>,
    ) -> std::io::Result<Trailer> {
        let trailer = Trailer {
            backup_id: backup_id.to_string(),
            tables,
            frames: self.frames,
            payload_sha256: hex::encode(self.payload.clone().finalize()),
        };
        let json = serde_json::to_vec(&trailer).map_err(std::io::Error::other)?;
        self.write(FrameKind::Trailer, &json)?;
        Ok(trailer)
    }
}

/// Reads frames back, checking the container rules as it goes: known kinds, bounded lengths,
/// a trailer whose frame count and payload checksum match, and nothing after it.
pub struct FrameSource<'a> {
    input: Box<dyn Read + 'a>,
    payload: Sha256,
    frames: u64,
    trailer: Option<Trailer>,
    progress: Option<ReadProgress<'a>>,
}

/// How far through the artifact file a source has read (bytes on disk, so the total is the
/// file's size and a bar has an ETA whatever the engine), reported every [`CHUNK`] or so.
pub(crate) struct ReadProgress<'a> {
    pub(crate) read: Rc<Cell<u64>>,
    pub(crate) total: u64,
    pub(crate) observer: &'a SharedObserver<'a>,
    last: u64,
}

/// One observer for both the store's source (read progress) and the engine's context
/// (phases): each reports between the other's calls, never inside them.
pub(crate) struct SharedObserver<'o>(pub(crate) RefCell<&'o mut dyn BackupObserver>);

impl BackupObserver for &SharedObserver<'_> {
    fn on_event(&mut self, event: &BackupEvent) {
        if let Ok(mut inner) = self.0.try_borrow_mut() {
            inner.on_event(event);
        }
    }
}

/// Counts the bytes read through it, for [`ReadProgress`].
pub(crate) struct CountingRead<R> {
    pub(crate) inner: R,
    pub(crate) read: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountingRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

impl<'a> FrameSource<'a> {
    pub(crate) fn new(input: Box<dyn Read + 'a>) -> Self {
        Self {
            input,
            payload: Sha256::new(),
            frames: 0,
            trailer: None,
            progress: None,
        }
    }

    /// Reports read progress to `observer` from now on.
    pub(crate) fn with_progress<'b>(
        self,
        read: Rc<Cell<u64>>,
        total: u64,
        observer: &'b SharedObserver<'b>,
    ) -> FrameSource<'b>
    where
        'a: 'b,
    {
        FrameSource {
            input: self.input,
            payload: self.payload,
            frames: self.frames,
            trailer: self.trailer,
            progress: Some(ReadProgress {
                read,
                total,
                observer,
                last: 0,
            }),
        }
    }

    fn report(&mut self) {
        if let Some(p) = &mut self.progress {
            let now = p.read.get();
            if now >= p.last + CHUNK as u64 || (now >= p.total && now > p.last) {
                p.last = now;
                let mut observer = p.observer;
                observer.on_event(&BackupEvent::Bytes {
                    done: now.min(p.total),
                    total: Some(p.total),
                });
            }
        }
    }

    /// Reads the header frame (which must come first).
    pub(crate) fn header(&mut self) -> Result<Header, BackupError> {
        let frame = self
            .next_frame()?
            .ok_or_else(|| BackupError::Corrupt("the stream has no header".into()))?;
        if frame.kind != FrameKind::Header {
            return Err(BackupError::Corrupt(format!(
                "the first frame is kind {}, not the header",
                frame.kind.code()
            )));
        }
        serde_json::from_slice(&frame.payload)
            .map_err(|e| BackupError::Corrupt(format!("the header is not valid JSON: {e}")))
    }

    /// The next frame before the trailer; `None` once the trailer has been read and checked.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, BackupError> {
        if self.trailer.is_some() {
            return Ok(None);
        }
        self.report();
        let mut head = [0u8; 5];
        read_exact(
            &mut self.input,
            &mut head,
            "the stream ends before the trailer",
        )?;
        let kind = FrameKind::from_code(head[0]).ok_or_else(|| {
            BackupError::Corrupt(format!(
                "unknown frame kind {} after {} frames",
                head[0], self.frames
            ))
        })?;
        let len = u32::from_le_bytes([head[1], head[2], head[3], head[4]]);
        if len > MAX_FRAME {
            return Err(BackupError::Corrupt(format!(
                "a frame claims {len} bytes, over the 64 MiB limit"
            )));
        }
        let mut payload = Vec::new();
        (&mut self.input)
            .take(u64::from(len))
            .read_to_end(&mut payload)
            .map_err(read_err)?;
        if payload.len() != len as usize {
            return Err(BackupError::Corrupt(
                "the stream ends inside a frame".into(),
            ));
        }
        if kind == FrameKind::Trailer {
            let trailer: Trailer = serde_json::from_slice(&payload)
                .map_err(|e| BackupError::Corrupt(format!("the trailer is not valid JSON: {e}")))?;
            let actual = hex::encode(self.payload.clone().finalize());
            if trailer.payload_sha256 != actual {
                return Err(BackupError::Corrupt(format!(
                    "payload checksum {actual} differs from the trailer's {}",
                    trailer.payload_sha256
                )));
            }
            if trailer.frames != self.frames {
                return Err(BackupError::Corrupt(format!(
                    "{} frames read, the trailer says {}",
                    self.frames, trailer.frames
                )));
            }
            let mut extra = [0u8; 1];
            let n = loop {
                match self.input.read(&mut extra) {
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    other => break other.map_err(read_err)?,
                }
            };
            if n != 0 {
                return Err(BackupError::Corrupt("data follows the trailer".into()));
            }
            self.trailer = Some(trailer);
            return Ok(None);
        }
        self.payload.update(&payload);
        self.frames += 1;
        Ok(Some(Frame { kind, payload }))
    }

    /// Reads every remaining frame, discarding them, up to and including the trailer.
    pub fn drain(&mut self) -> Result<(), BackupError> {
        while self.next_frame()?.is_some() {}
        Ok(())
    }

    /// The trailer, once [`FrameSource::next_frame`] has returned `None`.
    pub fn trailer(&self) -> Option<&Trailer> {
        self.trailer.as_ref()
    }
}

fn read_exact(input: &mut dyn Read, buf: &mut [u8], eof: &str) -> Result<(), BackupError> {
    input.read_exact(buf).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            BackupError::Corrupt(eof.to_string())
        } else {
            read_err(e)
        }
    })
}

fn read_err(e: std::io::Error) -> BackupError {
    BackupError::Corrupt(format!("cannot decompress or decrypt: {e}"))
}

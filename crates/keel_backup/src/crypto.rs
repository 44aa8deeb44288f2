//! age encryption: to a recipient when writing, with an identity file when reading.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::BackupError;

/// The identities from an age identity file (`age-keygen` output), for restore and deep
/// verification of encrypted backups.
pub struct AgeIdentity {
    path: PathBuf,
    identities: Vec<Box<dyn age::Identity + Send + Sync>>,
}

impl std::fmt::Debug for AgeIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        f.debug_struct("AgeIdentity")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl AgeIdentity {
    /// Reads an identity file.
    pub fn from_file(path: &Path) -> Result<Self, BackupError> {
        let file =
            age::IdentityFile::from_file(path.to_string_lossy().into_owned()).map_err(|e| {
                BackupError::Crypto(format!(
                    "cannot read the age identity file {}: {e}",
                    path.display()
                ))
            })?;
        let identities = file.into_identities().map_err(|e| {
            BackupError::Crypto(format!(
                "the age identity file {} holds no usable identity: {e}",
                path.display()
            ))
        })?;
        Ok(Self {
            path: path.to_path_buf(),
            identities,
        })
    }

    /// The file it came from.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

pub(crate) fn encrypt<W: Write>(
    recipient: &str,
    out: W,
) -> Result<age::stream::StreamWriter<W>, BackupError> {
    let r = age::x25519::Recipient::from_str(recipient.trim()).map_err(|e| {
        BackupError::Crypto(format!(
            "[backup] encrypt_to is not an age recipient (age1…): {e}"
        ))
    })?;
    let enc = age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
        .map_err(|e| BackupError::Crypto(format!("cannot encrypt to {recipient}: {e}")))?;
    enc.wrap_output(out)
        .map_err(|e| BackupError::Crypto(format!("cannot write the age header: {e}")))
}

pub(crate) fn decrypt<'a, R: Read + 'a>(
    identity: &AgeIdentity,
    input: R,
) -> Result<Box<dyn Read + 'a>, BackupError> {
    let dec = age::Decryptor::new(input)
        .map_err(|e| BackupError::Crypto(format!("the artifact is not a valid age file: {e}")))?;
    let reader = dec
        .decrypt(identity.identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        .map_err(|e| {
            BackupError::Crypto(format!(
                "cannot decrypt with the identity in {} ({e}); is it the key for [backup] encrypt_to?",
                identity.path.display()
            ))
        })?;
    Ok(Box::new(reader))
}

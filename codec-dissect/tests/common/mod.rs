//! What the integration tests share: where `../shared` is.

use std::path::{Path, PathBuf};

/// The shared folder (captures, references, vectors): `../shared` beside the workspace, or
/// `$CODEC_SHARED`.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("CODEC_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

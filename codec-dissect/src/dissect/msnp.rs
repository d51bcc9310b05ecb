//! The `msnp` layer: MSN messenger command. Not decoded yet: the payload is shown as `data`.

use super::Walk;
use super::app::Ports;

/// Dissects a MSN messenger command payload at `pos`.
pub(crate) fn msnp(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, _ports: Ports) {
    walk.data(pos, bytes);
}

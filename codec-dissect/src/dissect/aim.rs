//! The `aim` layer: AOL OSCAR (FLAP, SNAC, TLV). Not decoded yet: the payload is shown as `data`.

use super::Walk;
use super::app::Ports;

/// Dissects a AOL OSCAR (FLAP, SNAC, TLV) payload at `pos`.
pub(crate) fn aim(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, _ports: Ports) {
    walk.data(pos, bytes);
}

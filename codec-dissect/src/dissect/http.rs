//! The `http` layer: HTTP/1.x message head. Not decoded yet: the payload is shown as `data`.

use super::Walk;
use super::app::Ports;

/// Dissects a HTTP/1.x message head payload at `pos`.
pub(crate) fn http(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, _ports: Ports) {
    walk.data(pos, bytes);
}

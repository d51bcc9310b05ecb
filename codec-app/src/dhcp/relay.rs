//! Relay agents: adding or replacing the relay agent information option (82, RFC 3046).
//!
//! RFC 3046 §2.1: a relay agent adds option 82 as the last option, just before END, and a
//! server echoes it back; relays that find one already there either keep its sub-options
//! and add theirs ([`AgentInfoPolicy::Append`]) or drop it ([`AgentInfoPolicy::Replace`]).
//! [`set_agent_info`] rewrites a message into a caller buffer; a value over 255 bytes is
//! split in several instances (RFC 3396).
//!
//! ```
//! use codec_app::dhcp::relay::{AgentInfoPolicy, set_agent_info};
//! use codec_app::dhcp::{DhcpOption, DhcpPacket, RelaySubOptionCode};
//! # let mut msg = vec![0u8; 240];
//! # msg[..4].copy_from_slice(&[1, 1, 6, 0]);
//! # msg[236..240].copy_from_slice(&[99, 130, 83, 99]);
//! # msg.extend_from_slice(&[53, 1, 1, 255]);
//! // A DHCPDISCOVER `msg` passes a relay, which adds circuit ID "eth0/1".
//! let mut out = [0u8; 600];
//! let n = set_agent_info(&msg, &[1, 6, b'e', b't', b'h', b'0', b'/', b'1'], AgentInfoPolicy::Replace, &mut out)?;
//! let packet = DhcpPacket::parse(&out[..n])?;
//! let mut scratch = [0u8; 255];
//! let DhcpOption::RelayAgentInfo(info) = packet.option(82).unwrap().typed(&mut scratch)? else { panic!() };
//! let sub = info.iter().next().unwrap();
//! assert_eq!((sub.code, sub.data), (RelaySubOptionCode::CircuitId, &b"eth0/1"[..]));
//! # Ok::<(), codec_core::Error>(())
//! ```

use super::builder::{encoded_len, split_in_place};
use super::options::SUB_OPTIONS;
use super::{DhcpPacket, HEADER_LEN, Region};
use codec_core::tlv::Tlvs;
use codec_core::{Error, Protocol, Result};

/// What to do with an option 82 already in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgentInfoPolicy {
    /// Drop it; the new sub-options replace it.
    Replace,
    /// Keep its sub-options and add the new ones after them.
    Append,
}

/// Copies `message` into `out` with option 82 set to `sub_options` (an encoded sub-option
/// list) as `policy` says, placed last before END; returns the new length. The message
/// keeps at least its old length (its padding after END absorbs the new option where it
/// can). Instances of option 82 in fields overloaded by option 52 are left as they are.
///
/// # Errors
/// The errors of [`DhcpPacket::parse`]; [`BadLength`](codec_core::ErrorKind::BadLength)
/// for a malformed `sub_options` list; a buffer error when `out` is too small.
pub fn set_agent_info(
    message: &[u8],
    sub_options: &[u8],
    policy: AgentInfoPolicy,
    out: &mut [u8],
) -> Result<usize> {
    Tlvs::new(SUB_OPTIONS, sub_options).validate()?;
    let packet = DhcpPacket::parse(message)?;
    let in_field = |o: &super::RawOption<'_>| o.region == Region::Options;
    let kept: usize = packet
        .options()
        .filter(|o| in_field(o) && o.code != 82)
        .map(|o| 2 + o.data.len())
        .sum();
    let old: usize = match policy {
        AgentInfoPolicy::Replace => 0,
        AgentInfoPolicy::Append => packet
            .options()
            .filter(|o| in_field(o) && o.code == 82)
            .map(|o| o.data.len())
            .sum(),
    };
    let value_len = old + sub_options.len();
    let body = HEADER_LEN + kept + encoded_len(value_len) + 1;
    let total = body.max(message.len());
    let available = out.len();
    let Some(out) = out.get_mut(..total) else {
        return Err(Error::buffer_too_small(Protocol::Dhcp, total, available));
    };
    out.fill(0);
    let mut at = 0;
    copy(out, &mut at, message.get(..HEADER_LEN).unwrap_or(&[]));
    for o in packet.options().filter(|o| in_field(o) && o.code != 82) {
        copy(out, &mut at, &[o.code, o.data.len() as u8]);
        copy(out, &mut at, o.data);
    }
    let start = at;
    copy(out, &mut at, &[82, 0]);
    if policy == AgentInfoPolicy::Append {
        for o in packet.options().filter(|o| in_field(o) && o.code == 82) {
            copy(out, &mut at, o.data);
        }
    }
    copy(out, &mut at, sub_options);
    split_in_place(out, start, value_len, 82);
    if let Some(end) = out.get_mut(start + encoded_len(value_len)) {
        *end = 255;
    }
    Ok(total)
}

/// Copies `bytes` to `out[*at..]` (which the caller has sized) and moves `at` past them.
fn copy(out: &mut [u8], at: &mut usize, bytes: &[u8]) {
    if let Some(dst) = out.get_mut(*at..*at + bytes.len()) {
        dst.copy_from_slice(bytes);
    }
    *at += bytes.len();
}

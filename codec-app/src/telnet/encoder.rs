//! Writing Telnet: data with IAC doubled (and, for NVT text, bare CR sent as `CR NUL`),
//! two-byte commands. Negotiations are [`Negotiation::emit`](super::Negotiation::emit),
//! subnegotiations [`SubnegotiationRepr::emit`](super::SubnegotiationRepr::emit).
//!
//! ```
//! use codec_app::telnet::encoder::{command, escape_data, escaped_len};
//! use codec_app::telnet::Command;
//! // telnet_inetutils.pcap frame 28 carries "\xff\xff" of data as four 0xff bytes.
//! let data = b"special bytes: \xff\xff end\r\n";
//! let mut out = [0u8; 64];
//! let n = escape_data(data, false, &mut out)?;
//! assert_eq!(n, escaped_len(data, false));
//! assert_eq!(&out[..n], b"special bytes: \xff\xff\xff\xff end\r\n");
//! // A bare CR in NVT text becomes CR NUL (RFC 854 p. 11).
//! let n = escape_data(b"a\rb", true, &mut out)?;
//! assert_eq!(&out[..n], b"a\r\0b");
//! let n = command(Command::AreYouThere, &mut out)?;
//! assert_eq!(&out[..n], &[0xff, 0xf6]);
//! # Ok::<(), codec_core::Error>(())
//! ```

use super::{Command, IAC};
use codec_core::{Error, Field, Protocol, Result, Writer};

const CR: u8 = b'\r';
const LF: u8 = b'\n';

/// Bytes [`escape_data`] writes for `data`.
#[must_use]
pub fn escaped_len(data: &[u8], nvt: bool) -> usize {
    let mut n = data.len();
    n = n.saturating_add(memchr::memchr_iter(IAC, data).count());
    if nvt {
        for i in memchr::memchr_iter(CR, data) {
            if data.get(i + 1) != Some(&LF) {
                n = n.saturating_add(1);
            }
        }
    }
    n
}

/// Writes `data` for the wire: every 255 doubled; with `nvt`, a CR not followed by LF
/// inside `data` (a CR at its very end included: pass whole lines) followed by NUL.
/// Returns the bytes written.
///
/// # Errors
/// [`BufferTooSmall`](codec_core::ErrorKind::BufferTooSmall) with the size needed;
/// nothing is written then.
pub fn escape_data(data: &[u8], nvt: bool, out: &mut [u8]) -> Result<usize> {
    let needed = escaped_len(data, nvt);
    codec_core::buf::check_room(Protocol::Telnet, out, needed)?;
    let mut w = Writer::new(Protocol::Telnet, out);
    let mut rest = data;
    loop {
        let stop = if nvt {
            memchr::memchr2(IAC, CR, rest)
        } else {
            memchr::memchr(IAC, rest)
        };
        let Some(i) = stop else {
            w.put_slice(rest)?;
            break;
        };
        let (run, tail) = rest.split_at(i + 1);
        w.put_slice(run)?;
        match run.last() {
            Some(&IAC) => w.put_u8(IAC)?,
            _ if tail.first() != Some(&LF) => w.put_u8(0)?,
            _ => {}
        }
        rest = tail;
    }
    Ok(w.position())
}

/// Writes the two-byte command `IAC <cmd>` and returns 2.
///
/// # Errors
/// [`BufferTooSmall`](codec_core::ErrorKind::BufferTooSmall); a bad [`Field::Code`] for
/// WILL, WONT, DO, DONT and SB, which are not two-byte commands (use
/// [`Negotiation`](super::Negotiation) and
/// [`SubnegotiationRepr`](super::SubnegotiationRepr)), and for IAC (data 255 is
/// [`escape_data`]'s).
pub fn command(cmd: Command, out: &mut [u8]) -> Result<usize> {
    let v = cmd.value();
    if v >= super::SB {
        return Err(Error::bad_value(
            Protocol::Telnet,
            1,
            Field::Code,
            u32::from(v),
        ));
    }
    Writer::new(Protocol::Telnet, out).put_slice(&[IAC, v])?;
    Ok(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telnet::{Decoder, Event};
    use std::vec::Vec;

    #[test]
    fn escaping_round_trips_through_the_decoder() {
        let mut rng = 0x1234_5678u32;
        for round in 0..2000 {
            let len = (round % 40) as usize;
            let data: Vec<u8> = (0..len)
                .map(|_| {
                    rng ^= rng << 13;
                    rng ^= rng >> 17;
                    rng ^= rng << 5;
                    [IAC, CR, LF, 0, b'a', (rng >> 8) as u8][(rng % 6) as usize]
                })
                .collect();
            for nvt in [false, true] {
                let mut out = std::vec![0u8; escaped_len(&data, nvt)];
                let n = escape_data(&data, nvt, &mut out).unwrap();
                assert_eq!(n, out.len());
                let mut d: Decoder = Decoder::default().with_nvt_eol(nvt);
                let mut got = Vec::new();
                d.push(&out, |e| match e {
                    Event::Data(b) => got.extend_from_slice(b),
                    other => panic!("{other:?}"),
                });
                assert!(d.finish().is_none());
                // Every CR not before LF went out as CR NUL and comes back alone.
                let want = data.clone();
                assert_eq!(got, want, "{data:?} nvt {nvt}");
            }
        }
    }

    #[test]
    fn commands_and_small_buffers() {
        let mut out = [0u8; 2];
        assert_eq!(command(Command::Nop, &mut out), Ok(2));
        assert_eq!(out, [0xff, 0xf1]);
        assert!(command(Command::Do, &mut out).is_err());
        assert!(command(Command::Iac, &mut out).is_err());
        assert!(command(Command::Nop, &mut out[..1]).is_err());
        let e = escape_data(&[IAC], false, &mut out[..1]).unwrap_err();
        assert_eq!(
            e.kind(),
            codec_core::ErrorKind::BufferTooSmall {
                needed: 2,
                available: 1
            }
        );
        assert_eq!(escape_data(b"", true, &mut []), Ok(0));
    }
}

//! # codec-benches
//!
//! Criterion benchmarks of the codec family's hot paths, each run side by side with the
//! anchor crates doing the same work on the same bytes in the same run (smoltcp 0.14,
//! etherparse 0.21 and, for Ethernet/IPv4/TCP, pnet_packet 0.35), as `../shared/DESIGN.md`
//! asks, or where no anchor crate can do the job alone (PPP's HDLC deframing) with a
//! straightforward implementation written in the benchmark. Compare them by their ratios:
//! absolute times on shared machines drift.
//!
//! ```text
//! cargo bench -p codec-benches --bench checksum   # RFC 1071 sum at 20/64/576/1480 B, PPP FCS
//! cargo bench -p codec-benches --bench ethernet   # Ethernet II and 802.1Q parse
//! cargo bench -p codec-benches --bench hdlc       # PPP async HDLC deframe + FCS-16
//! cargo bench -p codec-benches --bench inet       # Ethernet+IPv4+TCP: checked view, full
//!                                                 # decode, parse + checksum verification
//! cargo bench -p codec-benches --bench aim        # OFT checksum beside libpurple's bytewise
//!                                                 # routine; FLAP deframing of a stream
//! cargo bench -p codec-benches --bench dhcp       # DHCP decode + typed option walk, encode
//! cargo bench -p codec-benches --bench telnet     # telnet decode beside memchr, libtelnet-rs
//! cargo bench -p codec-benches --bench ftp        # FTP reply stream decode
//! ```
//!
//! This library holds what the benchmark files share: the frames of `../shared/vectors`,
//! embedded at compile time, and the small helpers that turn them into bytes.
//!
//! ```
//! use codec_benches::{data1514, hex_to_bytes, with_vlan_tag};
//!
//! assert_eq!(hex_to_bytes("00 11 2233\n")?, [0x00, 0x11, 0x22, 0x33]);
//!
//! let frame = data1514()?;
//! assert_eq!(frame.len(), 1514);
//! // The IPv4 header (bytes 14..34) carries a valid checksum.
//! assert_eq!(codec_core::checksum::internet_checksum(&frame[14..34]), 0);
//!
//! let tagged = with_vlan_tag(&frame, 0x8100, 0x0066).expect("frame holds two MAC addresses");
//! assert_eq!(&tagged[12..18], &[0x81, 0x00, 0x00, 0x66, 0x08, 0x00]);
//! # Ok::<(), codec_benches::HexError>(())
//! ```

use core::fmt;

/// The DATA1514 frame of `../shared/vectors/data1514.hex` as hex text: Ethernet II, IPv4
/// (20-byte header, valid checksum) and a TCP PSH|ACK segment of 20 header bytes and 1460
/// payload bytes `b[i] = (7i + 3) mod 256` (valid checksum).
pub const DATA1514_HEX: &str = include_str!("../../../shared/vectors/data1514.hex");

/// The SYN74 frame of `../shared/vectors/syn74.hex` as hex text: Ethernet II, IPv4, and a
/// TCP SYN with 20 option bytes (MSS, SACK-permitted, timestamps, NOP, window scale).
pub const SYN74_HEX: &str = include_str!("../../../shared/vectors/syn74.hex");

/// The constructed OSCAR vectors of `../shared/vectors/oscar_constructed.txt`: a FLAP
/// with an ICBM send-file proposal, then three rendezvous-proxy packets, each a title line
/// and `offset  hex bytes` lines.
pub const OSCAR_CONSTRUCTED: &str = include_str!("../../../shared/vectors/oscar_constructed.txt");

/// The real WinAIM OFT2 header of `../shared/vectors/oft2_winaim_prompt_header.bin`.
pub const OFT2_WINAIM_HEADER: &[u8; 256] =
    include_bytes!("../../../shared/vectors/oft2_winaim_prompt_header.bin");

/// The vectors of [`OSCAR_CONSTRUCTED`] in order, as bytes (the first is the 138-byte
/// FLAP-wrapped proposal).
///
/// # Errors
///
/// Only if the vector file is not valid hex.
pub fn oscar_constructed() -> Result<Vec<Vec<u8>>, HexError> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    for line in OSCAR_CONSTRUCTED.lines() {
        if !line.starts_with(' ') {
            out.push(Vec::new());
            continue;
        }
        let hex: String = line.split_whitespace().skip(1).collect();
        if let Some(v) = out.last_mut() {
            v.extend(hex_to_bytes(&hex)?);
        }
    }
    Ok(out)
}

/// Why a hex text could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HexError {
    /// A character that is neither a hex digit nor ASCII whitespace, at this byte offset of
    /// the text.
    InvalidDigit {
        /// Offset of the character in the text.
        offset: usize,
        /// The character.
        found: char,
    },
    /// An odd number of hex digits: the last byte is missing its low nibble.
    OddLength,
}

impl fmt::Display for HexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HexError::InvalidDigit { offset, found } => {
                write!(f, "invalid hex digit {found:?} at offset {offset}")
            }
            HexError::OddLength => f.write_str("odd number of hex digits"),
        }
    }
}

impl std::error::Error for HexError {}

/// Decodes hex text (upper or lower case) into bytes, skipping ASCII whitespace anywhere,
/// so that vector files with trailing newlines or grouped digits decode as they are.
///
/// # Errors
///
/// [`HexError::InvalidDigit`] on any other character, [`HexError::OddLength`] when the
/// digits do not pair up.
pub fn hex_to_bytes(hex: &str) -> Result<Vec<u8>, HexError> {
    let mut bytes = Vec::with_capacity(hex.len() / 2);
    let mut high: Option<u8> = None;
    for (offset, c) in hex.char_indices() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let nibble = c
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
            .ok_or(HexError::InvalidDigit { offset, found: c })?;
        high = match high {
            None => Some(nibble),
            Some(h) => {
                bytes.push((h << 4) | nibble);
                None
            }
        };
    }
    match high {
        None => Ok(bytes),
        Some(_) => Err(HexError::OddLength),
    }
}

/// The 1514 bytes of [`DATA1514_HEX`].
///
/// # Errors
///
/// Only if the vector file is not valid hex.
pub fn data1514() -> Result<Vec<u8>, HexError> {
    hex_to_bytes(DATA1514_HEX)
}

/// The 74 bytes of [`SYN74_HEX`].
///
/// # Errors
///
/// Only if the vector file is not valid hex.
pub fn syn74() -> Result<Vec<u8>, HexError> {
    hex_to_bytes(SYN74_HEX)
}

/// The DHCPDISCOVER of `../shared/vectors/dhcp_discover.bin` (303 bytes, 7 options: 53,
/// 61, 50, 57, 12, 60, 55, END).
pub const DHCP_DISCOVER: &[u8] = include_bytes!("../../../shared/vectors/dhcp_discover.bin");

/// The DHCPACK of `../shared/vectors/dhcp_ack.bin` (324 bytes, 11 options: 53, 54, 51, 58,
/// 59, 1, 28, 3, 6, 15, 121, END).
pub const DHCP_ACK: &[u8] = include_bytes!("../../../shared/vectors/dhcp_ack.bin");

/// A copy of the Ethernet II `frame` with one VLAN tag (`tpid`, then `tci`, both big
/// endian) inserted after the two MAC addresses, as an 802.1Q (TPID 0x8100) or 802.1ad
/// (0x88a8) bridge would; `None` if the frame is shorter than the 12 address bytes.
#[must_use]
pub fn with_vlan_tag(frame: &[u8], tpid: u16, tci: u16) -> Option<Vec<u8>> {
    let (macs, rest) = frame.split_at_checked(12)?;
    let mut tagged = Vec::with_capacity(frame.len() + 4);
    tagged.extend_from_slice(macs);
    tagged.extend_from_slice(&tpid.to_be_bytes());
    tagged.extend_from_slice(&tci.to_be_bytes());
    tagged.extend_from_slice(rest);
    Some(tagged)
}

/// The seed trace of `../shared/vectors/seed_story.jsonl`, one JSON object per message.
pub const SEED_STORY_JSONL: &str = include_str!("../../../shared/vectors/seed_story.jsonl");

/// The FTP control stream of the seed trace in one direction: the TCP payloads of its
/// complete IPv4 messages from port 21 (`from_server`, the replies) or to it (the
/// commands), concatenated in log order.
///
/// # Errors
///
/// Only if a message's `hex` is not valid hex.
pub fn seed_story_ftp(from_server: bool) -> Result<Vec<u8>, HexError> {
    let mut stream = Vec::new();
    for line in SEED_STORY_JSONL.lines() {
        if !line.contains("\"layer\": \"ipv4\"") || !line.contains("\"complete\": true") {
            continue;
        }
        let Some(hex) = line
            .split("\"hex\": \"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        else {
            continue;
        };
        let ip = hex_to_bytes(hex)?;
        let Some(&vihl) = ip.first() else { continue };
        let ihl = usize::from(vihl & 0x0f) * 4;
        if ip.get(9) != Some(&6) {
            continue;
        }
        let Some(tcp) = ip.get(ihl..) else { continue };
        let (Some(sp), Some(dp), Some(&off)) = (tcp.get(0..2), tcp.get(2..4), tcp.get(12)) else {
            continue;
        };
        let port = if from_server { sp } else { dp };
        if port != [0, 21] {
            continue;
        }
        if let Some(payload) = tcp.get(usize::from(off >> 4) * 4..) {
            stream.extend_from_slice(payload);
        }
    }
    Ok(stream)
}

/// About `len` bytes of plain terminal text (a shell session: prompts, commands, a
/// directory listing, ping output), CR LF line ends, no IAC: what a telnet server sends
/// once the negotiation is over. Deterministic.
#[must_use]
pub fn telnet_plain_text(len: usize) -> Vec<u8> {
    const LINES: [&str; 6] = [
        "$ ls -la /usr/share/doc\r\n",
        "drwxr-xr-x  2 root root  4096 Nov 27 20:11 telnet\r\n",
        "-rw-r--r--  1 root root 18092 Nov 27 20:11 copyright\r\n",
        "64 bytes from 204.71.200.67: icmp_seq=0 ttl=241 time=69.885 ms\r\n",
        "Last login: Sat Nov 27 20:11:43 on ttyp2 from bam.zing.org\r\n",
        "OpenBSD 2.6-beta (OOF) #4: Tue Oct 12 20:42:32 CDT 1999\r\n",
    ];
    let mut out = Vec::with_capacity(len + 80);
    let mut i = 0usize;
    while out.len() < len {
        if let Some(line) = LINES.get(i % LINES.len()) {
            out.extend_from_slice(line.as_bytes());
        }
        i += 1;
    }
    out.truncate(len);
    out
}

/// About `len` bytes of negotiation-heavy telnet: the option negotiation and
/// subnegotiations of the nDPI session (`../shared/notes/oscar-ppp-telnet-ftp.md` §3.4:
/// DO/WILL runs, NAWS, the LINEMODE SLC list, MODE, TSPEED, XDISPLOC, NEW-ENVIRON, TTYPE,
/// LFLOW), an AYT, a doubled 0xFF in data, short data lines between them; repeated.
#[must_use]
pub fn telnet_negotiation_heavy(len: usize) -> Vec<u8> {
    let block: Vec<u8> = [
        &[
            0xff, 0xfd, 0x03, 0xff, 0xfb, 0x18, 0xff, 0xfb, 0x1f, 0xff, 0xfb, 0x20, 0xff, 0xfb,
            0x21, 0xff, 0xfb, 0x22, 0xff, 0xfb, 0x27, 0xff, 0xfd, 0x05,
        ][..],
        &[0xff, 0xfa, 0x1f, 0x00, 0x50, 0x00, 0x20, 0xff, 0xf0],
        &[
            0xff, 0xfa, 0x22, 0x03, 0x01, 0x00, 0x00, 0x03, 0x62, 0x03, 0x04, 0x02, 0x0f, 0x05,
            0x00, 0x00, 0x07, 0x62, 0x1c, 0x08, 0x02, 0x04, 0x09, 0x42, 0x1a, 0x0a, 0x02, 0x7f,
            0x0b, 0x02, 0x15, 0x0f, 0x02, 0x11, 0x10, 0x02, 0x13, 0x11, 0x00, 0x00, 0x12, 0x00,
            0x00, 0xff, 0xf0,
        ],
        &[0xff, 0xfa, 0x22, 0x01, 0x0b, 0xff, 0xf0],
        b"\xff\xfa\x20\x009600,9600\xff\xf0",
        b"\xff\xfa\x23\x00bam.zing.org:0.0\xff\xf0",
        b"\xff\xfa\x27\x00\x00DISPLAY\x01bam.zing.org:0.0\xff\xf0",
        b"\xff\xfa\x18\x00xterm-color\xff\xf0",
        &[0xff, 0xfa, 0x21, 0x02, 0xff, 0xf0],
        b"login: ",
        &[0xff, 0xf6],
        b"special bytes: \xff\xff\xff\xff end\r\n",
        b"$ ",
    ]
    .concat();
    let mut out = Vec::with_capacity(len + block.len());
    while out.len() < len {
        out.extend_from_slice(&block);
    }
    out
}

/// The 306-byte DNS response of `../shared/vectors/dns_response.bin` (14 compression
/// pointers; its content is in `../shared/vectors/README.md`).
#[must_use]
pub fn dns_response() -> &'static [u8] {
    include_bytes!("../../../shared/vectors/dns_response.bin")
}

/// A DNS response of `size` bytes (at most 65 535) built for the pointer-chain measurement
/// of `../shared/notes/dns-dhcp.md` §3: one NULL record whose RDATA is the name `a.`
/// followed by a backward chain of `hops` pointers (each to the one before), then as many
/// A records as fit, each owner a pointer to the top of the chain (to `a.` itself when
/// `hops` is 0: the benign message of the same size). Each owner is `hops + 1` pointer
/// hops from its labels.
#[must_use]
pub fn dns_pointer_chain(size: usize, hops: usize) -> Vec<u8> {
    let size = size.min(65_535);
    let mut m = vec![0x12, 0x34, 0x81, 0x80, 0, 0, 0, 0, 0, 0, 0, 0];
    // NULL record, root owner.
    m.extend_from_slice(&[0, 0, 10, 0, 1, 0, 0, 0, 0]);
    let rdlength = 3 + 2 * hops;
    m.extend_from_slice(&(rdlength as u16).to_be_bytes());
    let name_at = m.len();
    m.extend_from_slice(b"\x01a\x00");
    let mut top = name_at;
    for _ in 0..hops {
        let here = m.len();
        m.extend_from_slice(&(0xc000 | top as u16).to_be_bytes());
        top = here;
    }
    let mut count = 1u16;
    while m.len() + 16 <= size && count < u16::MAX {
        m.extend_from_slice(&(0xc000 | top as u16).to_be_bytes());
        m.extend_from_slice(&[0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, count as u8]);
        count += 1;
    }
    let [hi, lo] = count.to_be_bytes();
    if let Some(c) = m.get_mut(6..8) {
        c.copy_from_slice(&[hi, lo]);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::checksum::{internet_checksum, pseudo_header_ipv4};
    use core::net::Ipv4Addr;

    #[test]
    fn hex_decodes_and_rejects() {
        assert_eq!(hex_to_bytes("").unwrap(), Vec::<u8>::new());
        assert_eq!(hex_to_bytes("0aFf\r\n 10").unwrap(), [0x0a, 0xff, 0x10]);
        assert_eq!(
            hex_to_bytes("0g"),
            Err(HexError::InvalidDigit {
                offset: 1,
                found: 'g'
            })
        );
        assert_eq!(hex_to_bytes("abc"), Err(HexError::OddLength));
        assert_eq!(HexError::OddLength.to_string(), "odd number of hex digits");
    }

    #[test]
    fn vectors_decode_with_valid_checksums() {
        let data = data1514().unwrap();
        assert_eq!(data.len(), 1514);
        assert_eq!(&data[12..14], &[0x08, 0x00]);
        assert_eq!(internet_checksum(&data[14..34]), 0);
        let tcp = pseudo_header_ipv4(
            Ipv4Addr::new(192, 168, 1, 100),
            Ipv4Addr::new(93, 184, 216, 34),
            6,
            1480,
        )
        .add_bytes(&data[34..]);
        assert_eq!(tcp.finish(), 0);
        // The payload is b[i] = (7i + 3) mod 256.
        assert!(
            data[54..]
                .iter()
                .enumerate()
                .all(|(i, &b)| b == (7 * i + 3) as u8)
        );

        let syn = syn74().unwrap();
        assert_eq!(syn.len(), 74);
        assert_eq!(internet_checksum(&syn[14..34]), 0);
    }

    #[test]
    fn oscar_vectors_decode() {
        let v = oscar_constructed().unwrap();
        let lens: Vec<usize> = v.iter().map(Vec::len).collect();
        assert_eq!(lens, [138, 43, 45, 18]);
        assert_eq!(&v[0][..2], &[0x2a, 0x02]);
        assert_eq!(&OFT2_WINAIM_HEADER[..4], b"OFT2");
    }

    #[test]
    fn line_protocol_inputs() {
        // The seed trace's FTP control connection: 9 replies, 7 commands.
        let replies = seed_story_ftp(true).unwrap();
        assert!(replies.starts_with(b"220 diamant FTP server"));
        assert!(replies.ends_with(b"221 Goodbye.\r\n"));
        assert_eq!(replies.windows(2).filter(|w| w == b"\r\n").count(), 9);
        let commands = seed_story_ftp(false).unwrap();
        assert!(commands.starts_with(b"USER anonymous\r\nPASS zapf@em\r\n"));
        assert_eq!(commands.windows(2).filter(|w| w == b"\r\n").count(), 7);
        let plain = telnet_plain_text(4096);
        assert_eq!(plain.len(), 4096);
        assert!(!plain.contains(&0xff));
        let heavy = telnet_negotiation_heavy(4096);
        assert!(heavy.len() >= 4096);
        assert!(heavy.iter().filter(|&&b| b == 0xff).count() > heavy.len() / 20);
    }

    #[test]
    fn vlan_tag_goes_after_the_addresses() {
        let syn = syn74().unwrap();
        let tagged = with_vlan_tag(&syn, 0x8100, 0x0066).unwrap();
        assert_eq!(tagged.len(), 78);
        assert_eq!(&tagged[..12], &syn[..12]);
        assert_eq!(&tagged[12..16], &[0x81, 0x00, 0x00, 0x66]);
        assert_eq!(&tagged[16..], &syn[12..]);
        assert_eq!(with_vlan_tag(&syn[..11], 0x8100, 1), None);
    }
}

//! DHCP for IPv4 (RFC 2131) over the BOOTP message (RFC 951), with every RFC 2132 option
//! typed, option overload (option 52) and RFC 3396 long options.
//!
//! ```text
//!  0       1       2       3
//! +-------+-------+-------+-------+
//! |  op   | htype | hlen  | hops  |
//! +-------+-------+-------+-------+
//! |              xid              |
//! +---------------+---------------+
//! |     secs      |     flags     |
//! +---------------+---------------+
//! | ciaddr | yiaddr | siaddr | giaddr        (4 bytes each)
//! | chaddr (16) | sname (64) | file (128)    (byte 44: sname, byte 108: file)
//! | magic cookie 99.130.83.99 (byte 236) | options (byte 240) ... END
//! ```
//!
//! * [`DhcpPacket`] is the view: [`parse`](DhcpPacket::parse) checks the fixed part, the
//!   magic cookie, `hlen` and walks every option once (the options field, then `file`, then
//!   `sname` as option 52 says, RFC 2131 §4.1), so that its accessors cannot fail;
//!   [`parse_lax`](DhcpPacket::parse_lax) keeps a damaged message for capture analysis and
//!   says where the damage is.
//! * [`DhcpPacket::options`] walks the option instances in that order ([`RawOption`]);
//!   [`read`] is the one-pass reading: the fixed part checked, the options validated as
//!   that walk meets them ([`Options::error`]), each instance typed by [`RawOption::typed`].
//! * [`DhcpPacket::merged`] gives each option code once, in the order of its first
//!   instance, with RFC 3396 concatenation of every instance ([`LongOption`]): an option
//!   that appears once is borrowed as it is, a split one is joined into a caller buffer.
//! * [`DhcpOption`] is the typed value of an option (every RFC 2132 option plus 61, 77, 81,
//!   82, 119, 121 and 125), parsed from the joined value.
//! * [`DhcpRepr`] is the message as a value; [`DhcpBuilder`] writes a message into a
//!   caller buffer, splitting options over 255 bytes; [`relay`] adds or replaces the relay
//!   agent information option (82) of a message.
//!
//! ```
//! use codec_app::dhcp::{DhcpOption, DhcpPacket, MessageType};
//! use core::net::Ipv4Addr;
//! // A DHCPACK (../shared/vectors/dhcp_ack.bin) cut to its router and DNS options.
//! let mut bytes = [0u8; 240 + 20];
//! bytes[..4].copy_from_slice(&[2, 1, 6, 0]);
//! bytes[4..8].copy_from_slice(&0x3903_f326u32.to_be_bytes());
//! bytes[16..20].copy_from_slice(&[192, 168, 0, 10]);
//! bytes[236..240].copy_from_slice(&[99, 130, 83, 99]);
//! bytes[240..].copy_from_slice(&[
//!     53, 1, 5, 3, 4, 192, 168, 0, 1, 6, 8, 192, 168, 0, 1, 8, 8, 8, 8, 255,
//! ]);
//! let packet = DhcpPacket::parse(&bytes[..])?;
//! assert_eq!(packet.message_type(), Some(MessageType::Ack));
//! let mut scratch = [0u8; 64];
//! for option in packet.merged() {
//!     if let DhcpOption::DomainNameServer(servers) = option.typed(&mut scratch)? {
//!         let servers: Vec<Ipv4Addr> = servers.iter().collect();
//!         assert_eq!(servers, [Ipv4Addr::new(192, 168, 0, 1), Ipv4Addr::new(8, 8, 8, 8)]);
//!     }
//! }
//! assert_eq!(packet.to_string(), "DHCP ACK xid 0x3903f326 yiaddr 192.168.0.10");
//! # Ok::<(), codec_core::Error>(())
//! ```

mod builder;
pub mod options;
mod overload;
pub mod relay;
mod search;

pub use builder::{BOOTP_MIN_LEN, DhcpBuilder};
pub use options::{
    AddrPairs, Addrs, ClasslessRoute, ClasslessRoutes, ClientFqdn, ClientId, CodeList, DhcpOption,
    FqdnFlags, MessageType, NetbiosNodeType, OptionCode, OptionValue, RelayAgentInfo,
    RelaySubOption, RelaySubOptionCode, Text, U16List, UserClass, VendorIdentifying,
};
pub use overload::{Fragments, LongOption, Merged, Overload};
pub use search::{DomainSearch, encode_domain_search};

use codec_core::tlv::TlvFormat;
use codec_core::{Error, ErrorKind, Field, Protocol, Result, split_header};
use core::fmt;
use core::net::Ipv4Addr;
use zerocopy::byteorder::network_endian::{U16, U32};
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// Length of the fixed part, magic cookie included: the options start here.
pub const HEADER_LEN: usize = 240;
/// Offset of the `sname` field.
pub const SNAME_OFFSET: usize = 44;
/// Length of the `sname` field.
pub const SNAME_LEN: usize = 64;
/// Offset of the `file` field.
pub const FILE_OFFSET: usize = 108;
/// Length of the `file` field.
pub const FILE_LEN: usize = 128;
/// Offset of the magic cookie.
pub const COOKIE_OFFSET: usize = 236;
/// The magic cookie 99.130.83.99 (RFC 2131 §3, RFC 1497).
pub const MAGIC_COOKIE: [u8; 4] = [99, 130, 83, 99];
/// The server port (RFC 2131 §4.1).
pub const SERVER_PORT: u16 = 67;
/// The client port.
pub const CLIENT_PORT: u16 = 68;

pub(crate) const FORMAT: TlvFormat = TlvFormat::DHCP_OPTIONS.for_protocol(Protocol::Dhcp);

codec_core::registry! {
    /// The BOOTP `op` field (RFC 951).
    pub enum Op: u8 {
        /// BOOTREQUEST, client to server.
        BootRequest = 1 => "Boot Request",
        /// BOOTREPLY, server to client.
        BootReply = 2 => "Boot Reply",
    }
}

bitflags::bitflags! {
    /// The BOOTP `flags` field (RFC 2131 §2, figure 2).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct Flags: u16 {
        /// The client cannot receive unicast before it is configured: answer by broadcast.
        const BROADCAST = 0x8000;
        // The other 15 bits are reserved (MBZ) but kept as they are.
        const _ = !0;
    }
}

/// The fixed part of a DHCP message: the BOOTP header and the magic cookie (240 bytes).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct BootpHeader {
    /// Message op code.
    pub op: u8,
    /// Hardware address type (ARP hardware types: 1 is Ethernet).
    pub htype: u8,
    /// Hardware address length.
    pub hlen: u8,
    /// Relay hops.
    pub hops: u8,
    /// Transaction ID.
    pub xid: U32,
    /// Seconds since the client began acquisition or renewal.
    pub secs: U16,
    /// Flags ([`Flags`]).
    pub flags: U16,
    /// Client IP address (set by a client in BOUND, RENEW or REBINDING).
    pub ciaddr: [u8; 4],
    /// "Your" (client) IP address.
    pub yiaddr: [u8; 4],
    /// Next server to use in bootstrap.
    pub siaddr: [u8; 4],
    /// Relay agent IP address.
    pub giaddr: [u8; 4],
    /// Client hardware address; the first `hlen` bytes count.
    pub chaddr: [u8; 16],
    /// Server host name, NUL-terminated, or options when overloaded.
    pub sname: [u8; 64],
    /// Boot file name, NUL-terminated, or options when overloaded.
    pub file: [u8; 128],
    /// The magic cookie 99.130.83.99.
    pub cookie: [u8; 4],
}

/// Where an option instance lies (RFC 2131 §4.1: walked in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    /// The options field after the magic cookie.
    Options,
    /// The `file` field, overloaded by option 52.
    File,
    /// The `sname` field, overloaded by option 52.
    Sname,
}

/// One option instance as it is on the wire (PAD and END are not yielded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawOption<'a> {
    /// The option code.
    pub code: u8,
    /// The value bytes of this instance.
    pub data: &'a [u8],
    /// Offset of the code byte in the message.
    pub offset: usize,
    /// The field that carries it.
    pub region: Region,
}

impl RawOption<'_> {
    /// The code as a registry value.
    #[inline]
    #[must_use]
    pub fn kind(&self) -> OptionCode {
        OptionCode::from_value(self.code)
    }

    /// Offset of the value's first byte in the message.
    #[inline]
    #[must_use]
    pub fn value_offset(&self) -> usize {
        self.offset + 2
    }

    /// The typed value of this instance alone (no RFC 3396 joining: see
    /// [`DhcpPacket::merged`] for that).
    ///
    /// # Errors
    /// Those of [`DhcpOption::parse`], with offsets counted in the message.
    #[inline(always)]
    pub fn typed(&self) -> Result<DhcpOption<'_>> {
        DhcpOption::parse(self.code, self.data).map_err(|e| e.shifted(self.offset + 2))
    }
}

/// Reads a message in one pass, as a streaming decoder does: checks the fixed part as
/// [`DhcpPacket::parse`] does (240 bytes, magic cookie, `hlen` ≤ 16) and returns it with a
/// walk of the option instances that validates them as it goes. Nothing is checked ahead:
/// the walk stops at the first damage (an option past its field, a bad option 52, an
/// options field without END) and [`Options::error`] then says what and where it is, so a
/// caller that needs the whole message valid checks `error()` once the walk has ended.
///
/// ```
/// use codec_app::dhcp::{DhcpOption, MessageType, read};
/// let mut bytes = [0u8; 240 + 4];
/// bytes[236..240].copy_from_slice(&[99, 130, 83, 99]);
/// bytes[240..].copy_from_slice(&[53, 1, 1, 255]);
/// let (header, mut walk) = read(&bytes)?;
/// assert_eq!(header.op, 0);
/// let o = walk.next().unwrap();
/// assert_eq!(o.typed()?, DhcpOption::MessageType(MessageType::Discover));
/// assert!(walk.next().is_none() && walk.error().is_none());
/// # Ok::<(), codec_core::Error>(())
/// ```
///
/// # Errors
/// Those of the fixed part, as [`DhcpPacket::parse`].
#[inline(always)]
pub fn read(bytes: &[u8]) -> Result<(&BootpHeader, Options<'_>)> {
    let (header, options) = fixed_part(bytes)?;
    let header = Ref::into_ref(header);
    Ok((header, Options::new(options, &header.file, &header.sname)))
}

/// The fixed part and the options field, checked as [`DhcpPacket::parse`] says.
#[inline(always)]
fn fixed_part<B: SplitByteSlice>(bytes: B) -> Result<(Ref<B, BootpHeader>, B)> {
    let (header, options) = split_header::<B, BootpHeader>(Protocol::Dhcp, bytes)?;
    if header.cookie != MAGIC_COOKIE {
        return Err(Error::bad_value(
            Protocol::Dhcp,
            COOKIE_OFFSET,
            Field::Magic,
            u32::from_be_bytes(header.cookie),
        ));
    }
    if header.hlen > 16 {
        return Err(Error::bad_value(
            Protocol::Dhcp,
            2,
            Field::HardwareLength,
            u32::from(header.hlen),
        ));
    }
    Ok((header, options))
}

/// A set of option codes (256 bits, no allocation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct CodeSet([u64; 4]);

impl CodeSet {
    #[inline(always)]
    pub(crate) fn contains(&self, code: u8) -> bool {
        // `code >> 6` is below 4: the look-up cannot miss.
        self.0
            .get(usize::from(code >> 6))
            .is_some_and(|w| w & (1u64 << (code & 63)) != 0)
    }

    /// Inserts `code`; returns whether it was there already.
    #[inline(always)]
    pub(crate) fn insert(&mut self, code: u8) -> bool {
        let bit = 1u64 << (code & 63);
        match self.0.get_mut(usize::from(code >> 6)) {
            Some(w) => {
                let had = *w & bit != 0;
                *w |= bit;
                had
            }
            None => false,
        }
    }

    /// Whether the set is empty.
    #[inline(always)]
    pub(crate) fn is_empty(&self) -> bool {
        let [a, b, c, d] = self.0;
        (a | b | c | d) == 0
    }
}

/// A walk over the option instances of a message in RFC 2131 §4.1 order: the options field,
/// then `file` when option 52 says so, then `sname`.
///
/// It skips PAD, ends each field at END, and stops at the first damage: an option running
/// past its field, a bad option 52, or an options field without END. After it returns
/// `None`, [`error`](Self::error) says what stopped it, if anything (the lax walk of a
/// capture reads every intact option before the damage).
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// The bytes of the field being walked that are not read yet (empty once the walk is
    /// over).
    rest: &'a [u8],
    /// Offset in the message of the end of that field (where `rest` ends).
    field_end: usize,
    /// The field being walked, or the end of the walk.
    stage: Stage,
    /// The value of the first option 52 of the options field (0 when none).
    overload: u8,
    /// Offset of the options field's END, 0 until the walk passes it.
    end: usize,
    /// What stopped the walk, packed ([`Damage`]); 0 when nothing did.
    damage: u64,
    file: &'a [u8],
    sname: &'a [u8],
}

/// The field an [`Options`] walk is in, or the end of the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Options,
    File,
    Sname,
    Done,
}

impl Stage {
    /// The field (the last one once the walk is over, which no option comes from).
    #[inline(always)]
    fn region(self) -> Region {
        match self {
            Stage::Options => Region::Options,
            Stage::File => Region::File,
            Stage::Sname | Stage::Done => Region::Sname,
        }
    }
}

/// The damage that stops a walk, packed into one word so that the walk carries few values:
/// the kind in the top byte, a length or value byte below it, the offset in the low 48
/// bits.
struct Damage;

impl Damage {
    const MISSING_END: u64 = 1;
    const TRUNCATED: u64 = 2;
    const OVERRUN: u64 = 3;
    /// Option 52 of one byte with a value other than 1, 2 or 3 (the byte is the value).
    const OVERLOAD_VALUE: u64 = 4;
    /// Option 52 of another length (the byte is the length).
    const OVERLOAD_LENGTH: u64 = 5;

    #[inline(always)]
    fn pack(kind: u64, at: usize, byte: u8) -> u64 {
        (kind << 56) | (u64::from(byte) << 48) | (at as u64 & 0xffff_ffff_ffff)
    }

    #[cold]
    fn unpack(damage: u64) -> Option<Error> {
        let at = (damage & 0xffff_ffff_ffff) as usize;
        let byte = (damage >> 48) as u8;
        Some(match damage >> 56 {
            0 => return None,
            Self::MISSING_END => missing_end(at),
            Self::TRUNCATED => option_truncated(at, 1),
            Self::OVERRUN => option_overrun(at + 1, byte),
            Self::OVERLOAD_VALUE => bad_overload(at, &[byte]),
            _ => Error::bad_length(Protocol::Dhcp, at + 1, Field::OptionLength, u32::from(byte)),
        })
    }
}

impl<'a> Options<'a> {
    pub(crate) fn new(options: &'a [u8], file: &'a [u8], sname: &'a [u8]) -> Self {
        Options {
            rest: options,
            field_end: HEADER_LEN + options.len(),
            stage: Stage::Options,
            overload: 0,
            end: 0,
            damage: 0,
            file,
            sname,
        }
    }

    /// What stopped the walk early, once it has returned `None`.
    #[inline]
    #[must_use]
    pub fn error(&self) -> Option<Error> {
        if self.damage == 0 {
            None
        } else {
            Damage::unpack(self.damage)
        }
    }

    /// The option overload value seen so far (0 when none).
    #[inline]
    #[must_use]
    pub fn overload(&self) -> u8 {
        self.overload
    }

    /// The offset in the message of the options field's END, once the walk has passed it.
    #[inline]
    #[must_use]
    pub fn end_offset(&self) -> Option<usize> {
        (self.end != 0).then_some(self.end)
    }

    #[inline(always)]
    fn fail(&mut self, kind: u64, at: usize, byte: u8) -> Option<RawOption<'a>> {
        self.damage = Damage::pack(kind, at, byte);
        self.stage = Stage::Done;
        self.rest = &[];
        None
    }

    /// Moves to the next overloaded field, or ends the walk.
    #[inline(always)]
    fn next_region(&mut self) {
        let next = match self.stage {
            Stage::Options if self.overload & 1 != 0 => Stage::File,
            Stage::Options | Stage::File if self.overload & 2 != 0 => Stage::Sname,
            _ => {
                self.stage = Stage::Done;
                self.rest = &[];
                return;
            }
        };
        let (bytes, base) = match next {
            Stage::File => (self.file, FILE_OFFSET),
            _ => (self.sname, SNAME_OFFSET),
        };
        self.stage = next;
        self.field_end = base + bytes.len();
        self.rest = bytes;
    }

    /// The general walk: PAD, END, option 52, the move to the next field, the end of the
    /// walk and damage (the common case is [`next`](Iterator::next)'s).
    #[inline(always)]
    fn next_slow(&mut self) -> Option<RawOption<'a>> {
        while self.stage != Stage::Done {
            let offset = self.field_end - self.rest.len();
            let Some((&code, tail)) = self.rest.split_first() else {
                if self.stage == Stage::Options {
                    return self.fail(Damage::MISSING_END, offset, 0);
                }
                // An overloaded field may be filled to its last byte without END.
                self.next_region();
                continue;
            };
            if code == 0 {
                self.rest = tail;
                continue;
            }
            if code == 255 {
                if self.stage == Stage::Options {
                    self.end = offset;
                }
                self.next_region();
                continue;
            }
            let Some((&len, tail)) = tail.split_first() else {
                return self.fail(Damage::TRUNCATED, offset, 0);
            };
            let Some((value, after)) = tail.split_at_checked(usize::from(len)) else {
                return self.fail(Damage::OVERRUN, offset, len);
            };
            if code == 52 && self.stage == Stage::Options && self.overload == 0 {
                match value {
                    [v @ 1..=3] => self.overload = *v,
                    [v] => return self.fail(Damage::OVERLOAD_VALUE, offset, *v),
                    _ => return self.fail(Damage::OVERLOAD_LENGTH, offset, len),
                }
            }
            self.rest = after;
            return Some(RawOption {
                code,
                data: value,
                offset,
                region: self.stage.region(),
            });
        }
        None
    }
}

impl<'a> Iterator for Options<'a> {
    type Item = RawOption<'a>;

    #[inline(always)]
    fn next(&mut self) -> Option<RawOption<'a>> {
        // The common case: an option other than PAD, END and 52 whose code, length and
        // value lie in the field.
        if let [code, len, tail @ ..] = self.rest
            && *code != 0
            && *code != 255
            && *code != 52
            && let Some((value, after)) = tail.split_at_checked(usize::from(*len))
        {
            let offset = self.field_end - self.rest.len();
            self.rest = after;
            return Some(RawOption {
                code: *code,
                data: value,
                offset,
                region: self.stage.region(),
            });
        }
        self.next_slow()
    }
}

impl core::iter::FusedIterator for Options<'_> {}

/// What one walk of the options tells the view (plain fields: the view is returned by
/// value and copied, so it stays small and simple).
#[derive(Debug, Clone, Copy, Default)]
struct WalkInfo {
    /// Codes with more than one instance.
    multi: CodeSet,
    /// Offset of the options field's END, 0 when there is none.
    end: usize,
    // Word-sized on purpose: narrower fields written one by one and then copied as a word
    // make the CPU wait (store-to-load forwarding fails), and the view is copied on every
    // parse.
    /// The value of option 52, 0 when there is none.
    overload: usize,
    /// The first byte of option 53 plus one, 0 when there is none.
    message_type: usize,
    /// Nonzero when the walk stopped at damage ([`DhcpPacket::options_error`] walks again
    /// to say where).
    damaged: usize,
}

/// A zero-copy view of a DHCP message.
pub struct DhcpPacket<B> {
    header: Ref<B, BootpHeader>,
    options: B,
    info: WalkInfo,
}

impl<B: SplitByteSlice> DhcpPacket<B> {
    /// Validates `bytes` as a DHCP message: the 240-byte fixed part, the magic cookie,
    /// `hlen` ≤ 16, and every option (in the options field and in the fields option 52
    /// overloads) inside its field, with an END closing the options field.
    ///
    /// # Errors
    /// [`Truncated`](ErrorKind::Truncated) for a message under 240 bytes;
    /// [`BadValue`](ErrorKind::BadValue) of [`Field::Magic`] (offset 236) or
    /// [`Field::HardwareLength`] (offset 2); [`BadLength`](ErrorKind::BadLength) of an
    /// option running past its field (at its length byte); [`Missing`](ErrorKind::Missing)
    /// [`Field::End`] at the end of an options field without END; a bad option 52.
    #[inline(always)]
    pub fn parse(bytes: B) -> Result<Self> {
        let (packet, error) = Self::parse_walk(bytes)?;
        match error {
            Some(e) => Err(e),
            None => Ok(packet),
        }
    }

    /// Like [`parse`](Self::parse), but keeps a message whose options are damaged: the
    /// option walks stop at the damage and [`options_error`](Self::options_error) says
    /// where it is. The fixed part and the cookie are still checked.
    ///
    /// # Errors
    /// Those of the fixed part, as [`parse`](Self::parse).
    #[inline]
    pub fn parse_lax(bytes: B) -> Result<Self> {
        Self::parse_walk(bytes).map(|(p, _)| p)
    }

    /// The view and the damage of its options, if any.
    #[inline(always)]
    fn parse_walk(bytes: B) -> Result<(Self, Option<Error>)> {
        let (header, options) = fixed_part(bytes)?;
        let mut info = WalkInfo::default();
        let mut seen = CodeSet::default();
        let mut result = scan(&options, HEADER_LEN, &mut seen, &mut info);
        if result.is_ok() && info.overload & 1 != 0 {
            result = scan(&header.file, FILE_OFFSET, &mut seen, &mut info);
        }
        if result.is_ok() && info.overload & 2 != 0 {
            result = scan(&header.sname, SNAME_OFFSET, &mut seen, &mut info);
        }
        let error = result.err();
        info.damaged = usize::from(error.is_some());
        Ok((
            DhcpPacket {
                header,
                options,
                info,
            },
            error,
        ))
    }

    /// The fixed part.
    #[inline]
    pub fn header(&self) -> &BootpHeader {
        &self.header
    }

    /// The op code.
    #[inline]
    pub fn op(&self) -> Op {
        Op::from_value(self.header.op)
    }

    /// The hardware type (ARP hardware types).
    #[inline]
    pub fn hardware_type(&self) -> codec_link::arp::ArpHardware {
        codec_link::arp::ArpHardware::from_value(u16::from(self.header.htype))
    }

    /// The hardware address length, at most 16.
    #[inline]
    pub fn hardware_len(&self) -> u8 {
        self.header.hlen
    }

    /// Relay hops.
    #[inline]
    pub fn hops(&self) -> u8 {
        self.header.hops
    }

    /// Transaction ID.
    #[inline]
    pub fn xid(&self) -> u32 {
        self.header.xid.get()
    }

    /// Seconds elapsed.
    #[inline]
    pub fn secs(&self) -> u16 {
        self.header.secs.get()
    }

    /// Flags.
    #[inline]
    pub fn flags(&self) -> Flags {
        Flags::from_bits_retain(self.header.flags.get())
    }

    /// Client IP address.
    #[inline]
    pub fn ciaddr(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.header.ciaddr)
    }

    /// "Your" IP address.
    #[inline]
    pub fn yiaddr(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.header.yiaddr)
    }

    /// Next server IP address.
    #[inline]
    pub fn siaddr(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.header.siaddr)
    }

    /// Relay agent IP address.
    #[inline]
    pub fn giaddr(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.header.giaddr)
    }

    /// The client hardware address: the first `hlen` bytes of `chaddr`.
    #[inline]
    pub fn chaddr(&self) -> &[u8] {
        let n = usize::from(self.header.hlen).min(16);
        self.header.chaddr.get(..n).unwrap_or(&[])
    }

    /// The client hardware address as a MAC, for Ethernet (`hlen` 6).
    #[inline]
    pub fn client_mac(&self) -> Option<codec_link::ethernet::MacAddr> {
        (self.header.hlen == 6)
            .then(|| codec_link::ethernet::MacAddr::from_bytes(self.chaddr()))
            .flatten()
    }

    /// The 64 bytes of the `sname` field as they are.
    #[inline]
    pub fn sname_field(&self) -> &[u8; 64] {
        &self.header.sname
    }

    /// The 128 bytes of the `file` field as they are.
    #[inline]
    pub fn file_field(&self) -> &[u8; 128] {
        &self.header.file
    }

    /// The server host name up to its NUL, or `None` when `sname` carries options.
    #[inline]
    pub fn server_name(&self) -> Option<&[u8]> {
        (self.info.overload & 2 == 0).then(|| until_nul(&self.header.sname))
    }

    /// The boot file name up to its NUL, or `None` when `file` carries options.
    #[inline]
    pub fn boot_file(&self) -> Option<&[u8]> {
        (self.info.overload & 1 == 0).then(|| until_nul(&self.header.file))
    }

    /// The options field: every byte after the cookie (END and padding included).
    #[inline]
    pub fn options_field(&self) -> &[u8] {
        &self.options
    }

    /// The option overload (option 52), if any.
    #[inline]
    pub fn overload(&self) -> Option<Overload> {
        u8::try_from(self.info.overload)
            .ok()
            .filter(|&v| v != 0)
            .map(Overload::from_value)
    }

    /// Offset in the message of the options field's END (`None` in a damaged message).
    #[inline]
    pub fn end_offset(&self) -> Option<usize> {
        (self.info.end != 0).then_some(self.info.end)
    }

    /// The bytes after the options field's END (padding, normally zeros).
    #[inline]
    pub fn padding(&self) -> &[u8] {
        match self.end_offset() {
            Some(end) => self.options.get(end + 1 - HEADER_LEN..).unwrap_or(&[]),
            None => &[],
        }
    }

    /// The damage a [lax parse](Self::parse_lax) found in the options, if any (found by
    /// walking the options again).
    #[inline]
    pub fn options_error(&self) -> Option<Error> {
        if self.info.damaged == 0 {
            return None;
        }
        let mut walk = self.options();
        walk.by_ref().for_each(drop);
        walk.error()
    }

    /// The option instances in RFC 2131 §4.1 order (a split option appears once per
    /// instance; see [`merged`](Self::merged) for RFC 3396 concatenation).
    #[inline]
    pub fn options(&self) -> Options<'_> {
        Options::new(&self.options, &self.header.file, &self.header.sname)
    }

    /// Each option code once, in the order of its first instance, with every instance
    /// joined as RFC 3396 says.
    #[inline]
    pub fn merged(&self) -> Merged<'_> {
        Merged::new(
            &self.options,
            &self.header,
            self.info.multi,
            self.info.overload != 0 || self.info.damaged != 0,
        )
    }

    /// The option with `code` (all its instances), if present.
    #[inline]
    pub fn option(&self, code: u8) -> Option<LongOption<'_>> {
        self.merged().find(|o| o.code() == code)
    }

    /// Whether some option appears in more than one instance (an RFC 3396 long option).
    #[inline]
    pub fn is_split(&self, code: u8) -> bool {
        self.info.multi.contains(code)
    }

    /// The DHCP message type (option 53), if present.
    #[inline]
    pub fn message_type(&self) -> Option<MessageType> {
        let t = self.info.message_type;
        (t != 0).then(|| MessageType::from_value(t.wrapping_sub(1) as u8))
    }

    /// The message's length (fixed part and options field).
    #[inline]
    pub fn len(&self) -> usize {
        HEADER_LEN + self.options.len()
    }

    /// Always false: a message has at least its fixed part.
    #[inline]
    pub fn is_empty(&self) -> bool {
        false
    }
}

impl<B: ByteSliceMut + SplitByteSlice> DhcpPacket<B> {
    /// Sets the hop count (a relay increments it, RFC 1542 §4.1.1).
    #[inline]
    pub fn set_hops(&mut self, hops: u8) {
        self.header.hops = hops;
    }

    /// Sets the relay agent address.
    #[inline]
    pub fn set_giaddr(&mut self, addr: Ipv4Addr) {
        self.header.giaddr = addr.octets();
    }

    /// Sets the flags.
    #[inline]
    pub fn set_flags(&mut self, flags: Flags) {
        self.header.flags.set(flags.bits());
    }

    /// Sets the transaction ID.
    #[inline]
    pub fn set_xid(&mut self, xid: u32) {
        self.header.xid.set(xid);
    }

    /// Sets "your" IP address.
    #[inline]
    pub fn set_yiaddr(&mut self, addr: Ipv4Addr) {
        self.header.yiaddr = addr.octets();
    }
}

/// The validating walk of [`DhcpPacket::parse`] over one field at `base` in the message: the
/// same rules and errors as [`Options`] (whose walk [`DhcpPacket::options_error`] repeats),
/// written as one byte loop for speed. Records codes seen twice, the first message type,
/// option 52 (options field only) and the options field's END.
#[inline(always)]
fn scan(bytes: &[u8], base: usize, seen: &mut CodeSet, info: &mut WalkInfo) -> Result<()> {
    let in_options = base == HEADER_LEN;
    let mut pos = 0usize;
    while let Some(&code) = bytes.get(pos) {
        if code == 0 {
            pos += 1;
            continue;
        }
        if code == 255 {
            if in_options {
                info.end = base + pos;
            }
            return Ok(());
        }
        let Some(&len) = bytes.get(pos + 1) else {
            return Err(option_truncated(base + pos, bytes.len() - pos));
        };
        let start = pos + 2;
        let end = start + usize::from(len);
        let Some(value) = bytes.get(start..end) else {
            return Err(option_overrun(base + pos + 1, len));
        };
        if seen.insert(code) {
            info.multi.insert(code);
        } else if code == 53 {
            info.message_type = value.first().map_or(0, |&v| usize::from(v) + 1);
        }
        if code == 52 && in_options && info.overload == 0 {
            match value {
                [v @ 1..=3] => info.overload = usize::from(*v),
                _ => return Err(bad_overload(base + pos, value)),
            }
        }
        pos = end;
    }
    if in_options {
        // No END: the options field must have one; an overloaded field need not.
        return Err(missing_end(base + bytes.len()));
    }
    Ok(())
}

/// An option whose code is the last byte of its field (as codec-core's walker says it).
#[cold]
#[inline(never)]
pub(crate) fn option_truncated(at: usize, available: usize) -> Error {
    Error::truncated(Protocol::Dhcp, at, 2, available)
}

/// An option running past its field, at its length byte.
#[cold]
#[inline(never)]
pub(crate) fn option_overrun(at: usize, len: u8) -> Error {
    Error::bad_length(Protocol::Dhcp, at, Field::OptionLength, u32::from(len))
}

/// An options field without END.
#[cold]
#[inline(never)]
fn missing_end(at: usize) -> Error {
    Error::new(Protocol::Dhcp, at, ErrorKind::Missing { field: Field::End })
}

/// A bad option 52 at `at` (its code byte).
#[cold]
#[inline(never)]
fn bad_overload(at: usize, value: &[u8]) -> Error {
    match value {
        [v] => Error::bad_value(Protocol::Dhcp, at + 2, Field::OptionValue, u32::from(*v)),
        _ => Error::bad_length(
            Protocol::Dhcp,
            at + 1,
            Field::OptionLength,
            value.len() as u32,
        ),
    }
}

pub(crate) fn until_nul(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    bytes.get(..n).unwrap_or(&[])
}

fn trim_zeros(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    bytes.get(..n).unwrap_or(&[])
}

impl<B: SplitByteSlice> fmt::Debug for DhcpPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DhcpPacket")
            .field("header", &*self.header)
            .field("options", &&*self.options)
            .finish()
    }
}

fn summary(
    f: &mut fmt::Formatter<'_>,
    op: Op,
    message_type: Option<MessageType>,
    xid: u32,
    chaddr: &[u8],
    yiaddr: Ipv4Addr,
) -> fmt::Result {
    match message_type {
        Some(t) => write!(f, "DHCP {t}")?,
        None => write!(f, "BOOTP {op}")?,
    }
    write!(f, " xid {xid:#010x}")?;
    let reply = match message_type {
        Some(t) => matches!(t, MessageType::Offer | MessageType::Ack | MessageType::Nak),
        None => op == Op::BootReply,
    };
    if reply {
        write!(f, " yiaddr {yiaddr}")
    } else {
        f.write_str(" chaddr ")?;
        for (i, b) in chaddr.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl<B: SplitByteSlice> fmt::Display for DhcpPacket<B> {
    /// `DHCP Discover xid 0x3903f326 chaddr 00:0b:82:01:fc:42`, or `... yiaddr A` for
    /// offers and acknowledgements.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        summary(
            f,
            self.op(),
            self.message_type(),
            self.xid(),
            self.chaddr(),
            self.yiaddr(),
        )
    }
}

/// The options of a [`DhcpRepr`]: those of a parsed message, or a caller's list.
#[derive(Clone, Copy)]
pub enum OptionList<'a> {
    /// The option fields of a parsed message: the options field, then `file` and `sname`
    /// when overloaded (bit 0 and bit 1 of `overload`).
    Wire {
        /// The options field (after the cookie).
        options: &'a [u8],
        /// The `file` field.
        file: &'a [u8],
        /// The `sname` field.
        sname: &'a [u8],
    },
    /// Options given by the caller, written in this order; values over 255 bytes are
    /// split (RFC 3396).
    List(&'a [(u8, &'a [u8])]),
}

impl<'a> OptionList<'a> {
    /// The option instances in order (code, value).
    pub fn instances(&self) -> Instances<'a> {
        match *self {
            OptionList::Wire {
                options,
                file,
                sname,
            } => Instances::Wire(Options::new(options, file, sname)),
            OptionList::List(l) => Instances::List(l.iter()),
        }
    }

    /// The concatenated value bytes of option `code` (RFC 3396).
    fn concat(&self, code: u8) -> impl Iterator<Item = u8> + 'a {
        self.instances()
            .filter(move |(c, _)| *c == code)
            .flat_map(|(_, d)| d.iter().copied())
    }

    /// Option codes in the order of their first instance.
    fn distinct(&self) -> impl Iterator<Item = u8> + 'a {
        let mut seen = CodeSet::default();
        self.instances()
            .filter_map(move |(c, _)| (!seen.insert(c)).then_some(c))
    }
}

/// The instances of an [`OptionList`].
#[derive(Debug, Clone)]
pub enum Instances<'a> {
    /// From message bytes.
    Wire(Options<'a>),
    /// From a list.
    List(core::slice::Iter<'a, (u8, &'a [u8])>),
}

impl<'a> Iterator for Instances<'a> {
    type Item = (u8, &'a [u8]);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Instances::Wire(w) => w.next().map(|o| (o.code, o.data)),
            Instances::List(l) => l.next().map(|&(c, d)| (c, d)),
        }
    }
}

impl PartialEq for OptionList<'_> {
    /// Equal when the same codes come in the same order of first appearance with the same
    /// RFC 3396 concatenated values (however they are split or spread over the fields).
    fn eq(&self, other: &Self) -> bool {
        self.distinct().eq(other.distinct())
            && self
                .distinct()
                .all(|code| self.concat(code).eq(other.concat(code)))
    }
}

impl Eq for OptionList<'_> {}

impl fmt::Debug for OptionList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.instances()).finish()
    }
}

/// A DHCP message as a value: the header fields and the options, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DhcpRepr<'a> {
    /// Op code.
    pub op: Op,
    /// Hardware type (1 for Ethernet).
    pub htype: u8,
    /// Relay hops.
    pub hops: u8,
    /// Transaction ID.
    pub xid: u32,
    /// Seconds elapsed.
    pub secs: u16,
    /// Flags.
    pub flags: Flags,
    /// Client IP address.
    pub ciaddr: Ipv4Addr,
    /// "Your" IP address.
    pub yiaddr: Ipv4Addr,
    /// Next server IP address.
    pub siaddr: Ipv4Addr,
    /// Relay agent IP address.
    pub giaddr: Ipv4Addr,
    /// Client hardware address, at most 16 bytes (its length is `hlen`).
    pub chaddr: &'a [u8],
    /// The `sname` field without its trailing zeros, at most 64 bytes.
    pub sname: &'a [u8],
    /// The `file` field without its trailing zeros, at most 128 bytes.
    pub file: &'a [u8],
    /// The options. An option 52 among them says that `file` and/or `sname` carry options
    /// (RFC 2132 §9.3): [`parse`](Self::parse) then leaves those fields empty and
    /// [`emit`](Self::emit) writes every option into the options field, so the fields are
    /// walked as PAD.
    pub options: OptionList<'a>,
    /// Zero bytes after END.
    pub padding: usize,
}

impl<'a> DhcpRepr<'a> {
    /// The repr of a parsed message. When option 52 overloads `file` or `sname`, their
    /// options belong to [`options`](Self::options) and the field reads as empty.
    ///
    /// # Errors
    /// The damage of a message read by [`DhcpPacket::parse_lax`].
    pub fn parse<B: SplitByteSlice>(packet: &'a DhcpPacket<B>) -> Result<Self> {
        if let Some(e) = packet.options_error() {
            return Err(e);
        }
        let h = packet.header();
        let overload = packet.info.overload;
        let sname: &[u8] = if overload & 2 != 0 { &[] } else { &h.sname };
        let file: &[u8] = if overload & 1 != 0 { &[] } else { &h.file };
        Ok(DhcpRepr {
            op: packet.op(),
            htype: h.htype,
            hops: h.hops,
            xid: packet.xid(),
            secs: packet.secs(),
            flags: packet.flags(),
            ciaddr: packet.ciaddr(),
            yiaddr: packet.yiaddr(),
            siaddr: packet.siaddr(),
            giaddr: packet.giaddr(),
            chaddr: packet.chaddr(),
            sname: trim_zeros(sname),
            file: trim_zeros(file),
            options: OptionList::Wire {
                options: packet.options_field(),
                file: &h.file,
                sname: &h.sname,
            },
            padding: packet.padding().len(),
        })
    }

    /// The message type (option 53), if the options have one.
    #[must_use]
    pub fn message_type(&self) -> Option<MessageType> {
        self.options
            .instances()
            .find(|(c, _)| *c == 53)
            .and_then(|(_, d)| d.first().copied())
            .map(MessageType::from_value)
    }

    /// Bytes the message takes: 240, the options (split in 255-byte instances), END and
    /// the padding.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let options: usize = self
            .options
            .instances()
            .map(|(_, d)| builder::encoded_len(d.len()))
            .sum();
        HEADER_LEN + options + 1 + self.padding
    }

    /// Writes the message into the front of `buf`; returns its length.
    ///
    /// # Errors
    /// A buffer error when `buf` is too short; [`TooLong`](ErrorKind::TooLong) for a
    /// `chaddr`, `sname` or `file` longer than its field; [`BadValue`](ErrorKind::BadValue)
    /// for an option code 0 or 255.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let mut b = DhcpBuilder::new(buf, self)?;
        for (code, data) in self.options.instances() {
            b.option(code, data)?;
        }
        b.finish_padding(self.padding)
    }
}

impl fmt::Display for DhcpRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        summary(
            f,
            self.op,
            self.message_type(),
            self.xid,
            self.chaddr,
            self.yiaddr,
        )
    }
}

#[cfg(test)]
mod tests;

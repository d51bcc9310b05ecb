//! Typed DHCP options: every option of RFC 2132 §3–§9, plus 61 client identifier, 77 user
//! class (RFC 3004), 81 client FQDN (RFC 4702), 82 relay agent information (RFC 3046),
//! 119 domain search (RFC 3397), 121 classless static routes (RFC 3442) and 125
//! vendor-identifying vendor options (RFC 3925); any other code is kept raw.
//!
//! [`DhcpOption::parse`] types the (joined, RFC 3396) value of one option code; every typed
//! value borrows its bytes and writes them back unchanged ([`DhcpOption::write_value`]).
//! Lists are lazy iterators over the borrowed bytes, validated once by `parse`.
//!
//! ```
//! use codec_app::dhcp::{ClasslessRoute, DhcpOption};
//! use core::net::Ipv4Addr;
//! // Option 121 of ../shared/vectors/dhcp_ack.bin: 10.1.2.0/24 via 192.168.0.254, default via 192.168.0.1.
//! let value = [24, 10, 1, 2, 192, 168, 0, 254, 0, 192, 168, 0, 1];
//! let DhcpOption::ClasslessStaticRoute(routes) = DhcpOption::parse(121, &value)? else { panic!() };
//! let first = routes.iter().next().unwrap();
//! assert_eq!(first, ClasslessRoute {
//!     destination: Ipv4Addr::new(10, 1, 2, 0), prefix_len: 24, router: Ipv4Addr::new(192, 168, 0, 254),
//! });
//! assert_eq!(routes.iter().count(), 2);
//! let option = DhcpOption::ClasslessStaticRoute(routes);
//! assert_eq!(option.to_string(), "Classless Static Route 10.1.2.0/24 via 192.168.0.254, 0.0.0.0/0 via 192.168.0.1");
//! # Ok::<(), codec_core::Error>(())
//! ```

use codec_core::tlv::{TlvFormat, Tlvs};
use codec_core::{Error, Field, Protocol, Result, Writer};
use core::fmt;
use core::net::Ipv4Addr;

/// The value of one option: parsed from bytes, measured, and written back.
pub trait OptionValue<'a>: Sized {
    /// Types `data`, the whole (joined) value of the option.
    ///
    /// # Errors
    /// [`BadLength`](codec_core::ErrorKind::BadLength) of [`Field::OptionLength`] for a
    /// length the option does not allow, [`BadValue`](codec_core::ErrorKind::BadValue) of
    /// [`Field::OptionValue`] for a value it forbids; offsets count from the value's first
    /// byte.
    fn parse_value(data: &'a [u8]) -> Result<Self>;
    /// Length of the value in bytes.
    fn value_len(&self) -> usize;
    /// Writes the value.
    ///
    /// # Errors
    /// A buffer error.
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()>;
    /// Writes the value for people (the part after the option's name in `Display`).
    ///
    /// # Errors
    /// Those of the formatter.
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

/// How a value is laid out for the builder's fast path: a short fixed value (at most 4
/// bytes, its length), borrowed bytes written as they are, or anything else (written
/// through [`OptionValue::write_value`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Wire<'a> {
    /// `len` (1, 2 or 4) bytes at the front of the array.
    Word([u8; 4], u8),
    /// The value's bytes.
    Bytes(&'a [u8]),
    /// One byte, then bytes (client identifier: type and identifier).
    Prefixed(u8, &'a [u8]),
    /// Written by `write_value`.
    Other,
}

/// The builder's view of a value ([`Wire`]).
pub(crate) trait Wired<'a> {
    /// The value's layout.
    #[inline(always)]
    fn wire(&self) -> Wire<'a> {
        Wire::Other
    }
}

impl Wired<'_> for Ipv4Addr {
    #[inline(always)]
    fn wire(&self) -> Wire<'static> {
        Wire::Word(self.octets(), 4)
    }
}
impl Wired<'_> for u32 {
    #[inline(always)]
    fn wire(&self) -> Wire<'static> {
        Wire::Word(self.to_be_bytes(), 4)
    }
}
impl Wired<'_> for i32 {
    #[inline(always)]
    fn wire(&self) -> Wire<'static> {
        Wire::Word(self.to_be_bytes(), 4)
    }
}
impl Wired<'_> for u16 {
    #[inline(always)]
    fn wire(&self) -> Wire<'static> {
        let [a, b] = self.to_be_bytes();
        Wire::Word([a, b, 0, 0], 2)
    }
}
impl Wired<'_> for u8 {
    #[inline(always)]
    fn wire(&self) -> Wire<'static> {
        Wire::Word([*self, 0, 0, 0], 1)
    }
}
impl Wired<'_> for bool {
    #[inline(always)]
    fn wire(&self) -> Wire<'static> {
        Wire::Word([u8::from(*self), 0, 0, 0], 1)
    }
}
impl<'a> Wired<'a> for &'a [u8] {
    #[inline(always)]
    fn wire(&self) -> Wire<'a> {
        Wire::Bytes(self)
    }
}
macro_rules! wired_registry {
    ($($t:ty),*) => {$(
        impl Wired<'_> for $t {
            #[inline(always)]
            fn wire(&self) -> Wire<'static> {
                Wire::Word([self.value(), 0, 0, 0], 1)
            }
        }
    )*};
}
wired_registry!(MessageType, NetbiosNodeType, super::Overload);
macro_rules! wired_bytes {
    ($($t:ident),*) => {$(
        impl<'a> Wired<'a> for $t<'a> {
            #[inline(always)]
            fn wire(&self) -> Wire<'a> {
                Wire::Bytes(self.0)
            }
        }
    )*};
}
wired_bytes!(
    Text,
    Addrs,
    AddrPairs,
    U16List,
    CodeList,
    UserClass,
    RelayAgentInfo,
    ClasslessRoutes,
    VendorIdentifying
);
impl<'a> Wired<'a> for DomainSearch<'a> {
    #[inline(always)]
    fn wire(&self) -> Wire<'a> {
        Wire::Bytes(self.as_bytes())
    }
}
impl<'a> Wired<'a> for ClientId<'a> {
    #[inline(always)]
    fn wire(&self) -> Wire<'a> {
        Wire::Prefixed(self.kind, self.id)
    }
}
impl Wired<'_> for ClientFqdn<'_> {}

#[cold]
fn bad_len(len: usize) -> Error {
    Error::bad_length(Protocol::Dhcp, 0, Field::OptionLength, len as u32)
}

#[cold]
fn bad_value(offset: usize, value: u32) -> Error {
    Error::bad_value(Protocol::Dhcp, offset, Field::OptionValue, value)
}

fn exact<const N: usize>(data: &[u8]) -> Result<[u8; N]> {
    <[u8; N]>::try_from(data).map_err(|_| bad_len(data.len()))
}

fn fmt_hex(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    for b in bytes {
        write!(f, "{b:02x}")?;
    }
    Ok(())
}

fn fmt_text(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    f.write_str("\"")?;
    for &b in bytes {
        if (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\' {
            write!(f, "{}", char::from(b))?;
        } else {
            write!(f, "\\x{b:02x}")?;
        }
    }
    f.write_str("\"")
}

impl OptionValue<'_> for Ipv4Addr {
    fn parse_value(data: &[u8]) -> Result<Self> {
        exact::<4>(data).map(Ipv4Addr::from)
    }
    fn value_len(&self) -> usize {
        4
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(&self.octets())
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl OptionValue<'_> for $t {
            fn parse_value(data: &[u8]) -> Result<Self> {
                exact::<{ core::mem::size_of::<$t>() }>(data).map(<$t>::from_be_bytes)
            }
            fn value_len(&self) -> usize {
                core::mem::size_of::<$t>()
            }
            fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
                w.put_slice(&self.to_be_bytes())
            }
            fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }
    )*};
}
int_value!(u8, u16, u32, i32);

impl OptionValue<'_> for bool {
    /// A flag byte: 0 or 1 (RFC 2132 §4.1 and the others).
    fn parse_value(data: &[u8]) -> Result<Self> {
        match exact::<1>(data)? {
            [0] => Ok(false),
            [1] => Ok(true),
            [v] => Err(bad_value(0, u32::from(v))),
        }
    }
    fn value_len(&self) -> usize {
        1
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_u8(u8::from(*self))
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if *self { "on" } else { "off" })
    }
}

impl<'a> OptionValue<'a> for &'a [u8] {
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        Ok(data)
    }
    fn value_len(&self) -> usize {
        self.len()
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(self)
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_hex(f, self)
    }
}

macro_rules! registry_value {
    ($($t:ty),*) => {$(
        impl OptionValue<'_> for $t {
            fn parse_value(data: &[u8]) -> Result<Self> {
                exact::<1>(data).map(|[v]| <$t>::from_value(v))
            }
            fn value_len(&self) -> usize {
                1
            }
            fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
                w.put_u8(self.value())
            }
            fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }
    )*};
}

codec_core::registry! {
    /// DHCP message types (option 53: RFC 2132 §9.6, RFC 3203, RFC 4388, RFC 6926, RFC 7724).
    pub enum MessageType: u8 {
        /// DHCPDISCOVER.
        Discover = 1 => "Discover",
        /// DHCPOFFER.
        Offer = 2 => "Offer",
        /// DHCPREQUEST.
        Request = 3 => "Request",
        /// DHCPDECLINE.
        Decline = 4 => "Decline",
        /// DHCPACK.
        Ack = 5 => "ACK",
        /// DHCPNAK.
        Nak = 6 => "NAK",
        /// DHCPRELEASE.
        Release = 7 => "Release",
        /// DHCPINFORM.
        Inform = 8 => "Inform",
        /// DHCPFORCERENEW (RFC 3203).
        ForceRenew = 9 => "Force Renew",
        /// DHCPLEASEQUERY (RFC 4388).
        LeaseQuery = 10 => "Lease Query",
        /// DHCPLEASEUNASSIGNED (RFC 4388).
        LeaseUnassigned = 11 => "Lease Unassigned",
        /// DHCPLEASEUNKNOWN (RFC 4388).
        LeaseUnknown = 12 => "Lease Unknown",
        /// DHCPLEASEACTIVE (RFC 4388).
        LeaseActive = 13 => "Lease Active",
        /// DHCPBULKLEASEQUERY (RFC 6926).
        BulkLeaseQuery = 14 => "Bulk Lease Query",
        /// DHCPLEASEQUERYDONE (RFC 6926).
        LeaseQueryDone = 15 => "Lease Query Done",
        /// DHCPACTIVELEASEQUERY (RFC 7724).
        ActiveLeaseQuery = 16 => "Active Lease Query",
        /// DHCPLEASEQUERYSTATUS (RFC 7724).
        LeaseQueryStatus = 17 => "Lease Query Status",
        /// DHCPTLS (RFC 7724).
        Tls = 18 => "TLS",
    }
}

codec_core::registry! {
    /// NetBIOS over TCP/IP node types (option 46, RFC 2132 §8.7).
    pub enum NetbiosNodeType: u8 {
        /// B-node (broadcast).
        B = 1 => "B-node",
        /// P-node (point to point).
        P = 2 => "P-node",
        /// M-node (mixed).
        M = 4 => "M-node",
        /// H-node (hybrid).
        H = 8 => "H-node",
    }
}

registry_value!(MessageType, NetbiosNodeType, super::Overload);

/// NVT ASCII text (host name, domain name, paths, messages), borrowed as bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Text<'a>(pub &'a [u8]);

impl<'a> Text<'a> {
    /// The bytes.
    #[inline]
    #[must_use]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// The text when it is UTF-8.
    #[inline]
    #[must_use]
    pub fn as_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.0).ok()
    }
}

impl<'a> OptionValue<'a> for Text<'a> {
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        Ok(Text(data))
    }
    fn value_len(&self) -> usize {
        self.0.len()
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(self.0)
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_text(f, self.0)
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_text(f, self.0)
    }
}

fn ipv4_at(bytes: &[u8], at: usize) -> Ipv4Addr {
    let mut a = [0u8; 4];
    if let Some(s) = bytes.get(at..at + 4) {
        a.copy_from_slice(s);
    }
    Ipv4Addr::from(a)
}

/// A list of IPv4 addresses (a length that is a multiple of 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Addrs<'a>(&'a [u8]);

impl<'a> Addrs<'a> {
    /// Views `bytes` as addresses.
    ///
    /// # Errors
    /// [`BadLength`](codec_core::ErrorKind::BadLength) unless the length is a multiple of 4.
    pub fn new(bytes: &'a [u8]) -> Result<Self> {
        Self::parse_value(bytes)
    }

    /// The addresses.
    pub fn iter(&self) -> impl Iterator<Item = Ipv4Addr> + 'a {
        self.0.chunks_exact(4).map(|c| ipv4_at(c, 0))
    }

    /// The bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// Number of addresses.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len() / 4
    }

    /// Whether the list is empty (only option 68 allows it).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> OptionValue<'a> for Addrs<'a> {
    /// RFC 2132: a multiple of 4 bytes (at least one address, except for option 68, which
    /// is checked by [`DhcpOption::parse`]).
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        if !data.len().is_multiple_of(4) {
            return Err(bad_len(data.len()));
        }
        Ok(Addrs(data))
    }
    fn value_len(&self) -> usize {
        self.0.len()
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(self.0)
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{a}")?;
        }
        Ok(())
    }
}

/// A list of IPv4 address pairs (option 21: address and mask; option 33: destination and
/// router), a multiple of 8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AddrPairs<'a>(&'a [u8]);

impl<'a> AddrPairs<'a> {
    /// Views `bytes` as pairs.
    ///
    /// # Errors
    /// [`BadLength`](codec_core::ErrorKind::BadLength) unless a non-zero multiple of 8.
    pub fn new(bytes: &'a [u8]) -> Result<Self> {
        Self::parse_value(bytes)
    }

    /// The pairs.
    pub fn iter(&self) -> impl Iterator<Item = (Ipv4Addr, Ipv4Addr)> + 'a {
        self.0
            .chunks_exact(8)
            .map(|c| (ipv4_at(c, 0), ipv4_at(c, 4)))
    }
}

impl<'a> OptionValue<'a> for AddrPairs<'a> {
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        if data.is_empty() || !data.len().is_multiple_of(8) {
            return Err(bad_len(data.len()));
        }
        Ok(AddrPairs(data))
    }
    fn value_len(&self) -> usize {
        self.0.len()
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(self.0)
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (a, b)) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{a} {b}")?;
        }
        Ok(())
    }
}

/// A list of 16-bit values (option 25, the path MTU plateau table), a non-zero multiple of
/// 2 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct U16List<'a>(&'a [u8]);

impl<'a> U16List<'a> {
    /// Views `bytes` as a list.
    ///
    /// # Errors
    /// [`BadLength`](codec_core::ErrorKind::BadLength) unless a non-zero multiple of 2.
    pub fn new(bytes: &'a [u8]) -> Result<Self> {
        Self::parse_value(bytes)
    }

    /// The values.
    pub fn iter(&self) -> impl Iterator<Item = u16> + 'a {
        self.0
            .chunks_exact(2)
            .map(|c| <[u8; 2]>::try_from(c).map_or(0, u16::from_be_bytes))
    }
}

impl<'a> OptionValue<'a> for U16List<'a> {
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        if data.is_empty() || !data.len().is_multiple_of(2) {
            return Err(bad_len(data.len()));
        }
        Ok(U16List(data))
    }
    fn value_len(&self) -> usize {
        self.0.len()
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(self.0)
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

/// A list of option codes (option 55, the parameter request list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodeList<'a>(pub &'a [u8]);

impl<'a> CodeList<'a> {
    /// The codes.
    pub fn iter(&self) -> impl Iterator<Item = OptionCode> + 'a {
        self.0.iter().map(|&c| OptionCode::from_value(c))
    }
}

impl<'a> OptionValue<'a> for CodeList<'a> {
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        Ok(CodeList(data))
    }
    fn value_len(&self) -> usize {
        self.0.len()
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(self.0)
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// The client identifier (option 61, RFC 2132 §9.14): a type (a hardware type, 0 for
/// other identifiers, 255 for RFC 4361's IAID and DUID) and the identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientId<'a> {
    /// The type byte.
    pub kind: u8,
    /// The identifier after it.
    pub id: &'a [u8],
}

impl<'a> OptionValue<'a> for ClientId<'a> {
    /// At least 2 bytes (RFC 2132 §9.14).
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        match data {
            [kind, id @ ..] if !id.is_empty() => Ok(ClientId { kind: *kind, id }),
            _ => Err(bad_len(data.len())),
        }
    }
    fn value_len(&self) -> usize {
        1 + self.id.len()
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_u8(self.kind)?;
        w.put_slice(self.id)
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "type {} ", self.kind)?;
        if self.kind == 1 && self.id.len() == 6 {
            for (i, b) in self.id.iter().enumerate() {
                if i > 0 {
                    f.write_str(":")?;
                }
                write!(f, "{b:02x}")?;
            }
            Ok(())
        } else {
            fmt_hex(f, self.id)
        }
    }
}

/// The user class option (77, RFC 3004 §4): one or more length-prefixed opaque classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserClass<'a>(&'a [u8]);

impl<'a> UserClass<'a> {
    /// The classes.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let mut rest = self.0;
        core::iter::from_fn(move || {
            let (&len, tail) = rest.split_first()?;
            let (class, tail) = tail.split_at_checked(usize::from(len))?;
            rest = tail;
            Some(class)
        })
    }
}

impl<'a> OptionValue<'a> for UserClass<'a> {
    /// Each class has a non-zero length and lies inside the option.
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        if data.is_empty() {
            return Err(bad_len(0));
        }
        let mut at = 0;
        while let Some(&len) = data.get(at) {
            let len = usize::from(len);
            if len == 0 || at + 1 + len > data.len() {
                return Err(Error::bad_length(
                    Protocol::Dhcp,
                    at,
                    Field::Length,
                    len as u32,
                ));
            }
            at += 1 + len;
        }
        Ok(UserClass(data))
    }
    fn value_len(&self) -> usize {
        self.0.len()
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(self.0)
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            fmt_text(f, c)?;
        }
        Ok(())
    }
}

bitflags::bitflags! {
    /// The flags of the client FQDN option (RFC 4702 §2.1).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct FqdnFlags: u8 {
        /// S: the server should perform the A RR (FQDN-to-address) update.
        const S = 0x01;
        /// O: the server has overridden the client's preference for S.
        const O = 0x02;
        /// E: the name is in DNS wire format (else ASCII, deprecated).
        const E = 0x04;
        /// N: the server should perform no DNS updates.
        const N = 0x08;
        // Bits 4-7 MBZ, kept as they are.
        const _ = !0;
    }
}

/// The client FQDN option (81, RFC 4702): flags, two deprecated RCODE bytes, and the
/// name, in DNS wire format without compression when the E flag is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientFqdn<'a> {
    /// Flags.
    pub flags: FqdnFlags,
    /// RCODE1 (deprecated: 0 from clients, 255 from servers).
    pub rcode1: u8,
    /// RCODE2.
    pub rcode2: u8,
    /// The domain name bytes: wire-format labels when `flags` has E (a fully qualified
    /// name ends with the root label; a partial one does not, §2.3), else ASCII.
    pub name: &'a [u8],
}

impl<'a> ClientFqdn<'a> {
    /// The labels of a wire-format name (E flag), in order, without the root label.
    pub fn labels(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let mut rest = if self.flags.contains(FqdnFlags::E) {
            self.name
        } else {
            &[]
        };
        core::iter::from_fn(move || {
            let (&len, tail) = rest.split_first()?;
            let (label, tail) = tail.split_at_checked(usize::from(len))?;
            rest = tail;
            (!label.is_empty()).then_some(label)
        })
    }

    /// Whether the wire-format name ends with the root label (fully qualified).
    #[must_use]
    pub fn is_fully_qualified(&self) -> bool {
        self.flags.contains(FqdnFlags::E) && self.name.last() == Some(&0)
    }
}

impl<'a> OptionValue<'a> for ClientFqdn<'a> {
    /// At least 3 bytes; with E, labels of 1 to 63 bytes that stay inside the option, with
    /// nothing after a root label (RFC 4702 §2.1: no compression) and at most 255 bytes.
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        let [flags, rcode1, rcode2, name @ ..] = data else {
            return Err(bad_len(data.len()));
        };
        let flags = FqdnFlags::from_bits_retain(*flags);
        if flags.contains(FqdnFlags::E) {
            if name.len() > 255 {
                return Err(Error::new(
                    Protocol::Dhcp,
                    3,
                    codec_core::ErrorKind::TooLong {
                        field: Field::Name,
                        limit: 255,
                    },
                ));
            }
            let mut at = 0;
            while let Some(&len) = name.get(at) {
                if len == 0 {
                    if at + 1 != name.len() {
                        return Err(bad_value(3 + at, 0));
                    }
                    break;
                }
                if len > 63 || at + 1 + usize::from(len) > name.len() {
                    return Err(Error::bad_length(
                        Protocol::Dhcp,
                        3 + at,
                        Field::Label,
                        u32::from(len),
                    ));
                }
                at += 1 + usize::from(len);
            }
        }
        Ok(ClientFqdn {
            flags,
            rcode1: *rcode1,
            rcode2: *rcode2,
            name,
        })
    }
    fn value_len(&self) -> usize {
        3 + self.name.len()
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(&[self.flags.bits(), self.rcode1, self.rcode2])?;
        w.put_slice(self.name)
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "flags {:#04x} ", self.flags.bits())?;
        if self.flags.contains(FqdnFlags::E) {
            for l in self.labels() {
                fmt_text(f, l)?;
                f.write_str(".")?;
            }
            Ok(())
        } else {
            fmt_text(f, self.name)
        }
    }
}

codec_core::registry! {
    /// Relay agent information sub-options (option 82: RFC 3046 §2.0 and the IANA registry).
    pub enum RelaySubOptionCode: u8 {
        /// Agent Circuit ID (RFC 3046 §3.1).
        CircuitId = 1 => "Agent Circuit ID",
        /// Agent Remote ID (RFC 3046 §3.2).
        RemoteId = 2 => "Agent Remote ID",
        /// DOCSIS device class (RFC 3256).
        DocsisDeviceClass = 4 => "DOCSIS Device Class",
        /// Link selection (RFC 3527).
        LinkSelection = 5 => "Link selection",
        /// Subscriber-ID (RFC 3993).
        SubscriberId = 6 => "Subscriber-ID",
        /// RADIUS attributes (RFC 4014).
        RadiusAttributes = 7 => "RADIUS Attributes",
        /// Authentication (RFC 4030).
        Authentication = 8 => "Authentication",
        /// Vendor-specific information (RFC 4243).
        VendorSpecific = 9 => "Vendor-Specific Information",
        /// Relay agent flags (RFC 5010).
        Flags = 10 => "Relay Agent Flags",
        /// Server identifier override (RFC 5107).
        ServerIdOverride = 11 => "Server Identifier Override",
        /// Relay agent identifier (RFC 6925).
        RelayId = 12 => "Relay Agent Identifier",
        /// Virtual subnet selection (RFC 6607).
        VirtualSubnet = 151 => "Virtual Subnet Selection",
        /// Virtual subnet selection control (RFC 6607).
        VirtualSubnetControl = 152 => "Virtual Subnet Selection Control",
    }
}

/// Sub-options of option 82: code and length bytes, no PAD or END.
pub(crate) const SUB_OPTIONS: TlvFormat = TlvFormat {
    pad: None,
    end: None,
    ..super::FORMAT
};

/// One sub-option of the relay agent information option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RelaySubOption<'a> {
    /// The sub-option code.
    pub code: RelaySubOptionCode,
    /// Its value.
    pub data: &'a [u8],
}

/// The relay agent information option (82, RFC 3046): a list of sub-options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RelayAgentInfo<'a>(&'a [u8]);

impl<'a> RelayAgentInfo<'a> {
    /// Views `bytes` (an encoded sub-option list) as the option's value.
    ///
    /// # Errors
    /// As [`OptionValue::parse_value`].
    pub fn new(bytes: &'a [u8]) -> Result<Self> {
        Self::parse_value(bytes)
    }

    /// The sub-options.
    pub fn iter(&self) -> impl Iterator<Item = RelaySubOption<'a>> + 'a {
        Tlvs::new(SUB_OPTIONS, self.0)
            .map_while(core::result::Result::ok)
            .map(|t| RelaySubOption {
                code: RelaySubOptionCode::from_value(t.kind as u8),
                data: t.value,
            })
    }

    /// The encoded sub-options.
    #[must_use]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0
    }
}

impl<'a> OptionValue<'a> for RelayAgentInfo<'a> {
    /// At least one sub-option; each inside the option.
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        if data.is_empty() {
            return Err(bad_len(0));
        }
        Tlvs::new(SUB_OPTIONS, data).validate()?;
        Ok(RelayAgentInfo(data))
    }
    fn value_len(&self) -> usize {
        self.0.len()
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(self.0)
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{} ", s.code)?;
            fmt_hex(f, s.data)?;
        }
        Ok(())
    }
}

/// One route of option 121.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClasslessRoute {
    /// The destination network (the significant octets, zeros after them).
    pub destination: Ipv4Addr,
    /// The prefix length, 0 to 32.
    pub prefix_len: u8,
    /// The router.
    pub router: Ipv4Addr,
}

/// Classless static routes (option 121, RFC 3442): each a width, the significant octets of
/// the destination (`ceil(width / 8)`), and a router.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClasslessRoutes<'a>(&'a [u8]);

impl<'a> ClasslessRoutes<'a> {
    /// Views `bytes` as routes.
    ///
    /// # Errors
    /// As [`OptionValue::parse_value`].
    pub fn new(bytes: &'a [u8]) -> Result<Self> {
        Self::parse_value(bytes)
    }

    /// The routes.
    pub fn iter(&self) -> impl Iterator<Item = ClasslessRoute> + 'a {
        let mut rest = self.0;
        core::iter::from_fn(move || {
            let (&width, tail) = rest.split_first()?;
            let n = usize::from(width).div_ceil(8);
            let (dest, tail) = tail.split_at_checked(n)?;
            let (router, tail) = tail.split_at_checked(4)?;
            rest = tail;
            let mut d = [0u8; 4];
            if let Some(dst) = d.get_mut(..n) {
                dst.copy_from_slice(dest);
            }
            Some(ClasslessRoute {
                destination: Ipv4Addr::from(d),
                prefix_len: width,
                router: ipv4_at(router, 0),
            })
        })
    }
}

impl<'a> OptionValue<'a> for ClasslessRoutes<'a> {
    /// At least one route (RFC 3442: minimum length 5), widths at most 32, each route
    /// inside the option.
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        if data.len() < 5 {
            return Err(bad_len(data.len()));
        }
        let mut at = 0;
        while let Some(&width) = data.get(at) {
            if width > 32 {
                return Err(bad_value(at, u32::from(width)));
            }
            let len = 1 + usize::from(width).div_ceil(8) + 4;
            if at + len > data.len() {
                return Err(Error::bad_length(
                    Protocol::Dhcp,
                    at,
                    Field::OptionLength,
                    data.len() as u32,
                ));
            }
            at += len;
        }
        Ok(ClasslessRoutes(data))
    }
    fn value_len(&self) -> usize {
        self.0.len()
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(self.0)
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}/{} via {}", r.destination, r.prefix_len, r.router)?;
        }
        Ok(())
    }
}

/// Vendor-identifying vendor-specific information (option 125, RFC 3925 §4): for each
/// enterprise number, its data (itself a list of vendor sub-options).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VendorIdentifying<'a>(&'a [u8]);

impl<'a> VendorIdentifying<'a> {
    /// The (enterprise number, data) entries.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &'a [u8])> + 'a {
        let mut rest = self.0;
        core::iter::from_fn(move || {
            let (head, tail) = rest.split_at_checked(5)?;
            let [a, b, c, d, len] = <[u8; 5]>::try_from(head).ok()?;
            let (data, tail) = tail.split_at_checked(usize::from(len))?;
            rest = tail;
            Some((u32::from_be_bytes([a, b, c, d]), data))
        })
    }
}

impl<'a> OptionValue<'a> for VendorIdentifying<'a> {
    /// At least one entry; each entry's data inside the option.
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        if data.is_empty() {
            return Err(bad_len(0));
        }
        let mut at = 0;
        while at < data.len() {
            let Some(&len) = data.get(at + 4) else {
                return Err(Error::truncated(Protocol::Dhcp, at, 5, data.len() - at));
            };
            if at + 5 + usize::from(len) > data.len() {
                return Err(Error::bad_length(
                    Protocol::Dhcp,
                    at + 4,
                    Field::Length,
                    u32::from(len),
                ));
            }
            at += 5 + usize::from(len);
        }
        Ok(VendorIdentifying(data))
    }
    fn value_len(&self) -> usize {
        self.0.len()
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(self.0)
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (e, d)) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "enterprise {e} ")?;
            fmt_hex(f, d)?;
        }
        Ok(())
    }
}

pub use super::search::DomainSearch;

macro_rules! dhcp_options {
    ($( $(#[$m:meta])* $var:ident = $code:literal => $name:literal : $ty:ty, )*) => {
        codec_core::registry! {
            /// DHCP option codes (IANA "BOOTP Vendor Extensions and DHCP Options"): those
            /// this module types, plus PAD and END.
            pub enum OptionCode: u8 {
                /// Pad (RFC 2132 §3.1).
                Pad = 0 => "Pad",
                $( $(#[$m])* $var = $code => $name, )*
                /// End (RFC 2132 §3.2).
                End = 255 => "End",
            }
        }

        /// A typed option value. The variant names the option; the payload borrows the value.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum DhcpOption<'a> {
            $( $(#[$m])* $var($ty), )*
            /// An option this module does not type, as raw bytes.
            Unknown {
                /// The option code (never 0 or 255).
                code: u8,
                /// The value.
                data: &'a [u8],
            },
        }

        impl<'a> DhcpOption<'a> {
            /// Types the value `data` of option `code` (the joined value, for an option
            /// with several instances).
            ///
            /// # Errors
            /// The option's own ([`OptionValue::parse_value`]), with offsets counted from
            /// the value's first byte; [`BadValue`](codec_core::ErrorKind::BadValue) of
            /// [`Field::OptionType`] for code 0 or 255, which have no value.
            #[inline(always)]
            pub fn parse(code: u8, data: &'a [u8]) -> Result<Self> {
                match code {
                    $( $code => {
                        let v = <$ty as OptionValue<'a>>::parse_value(data)?;
                        if value_must_not_be_empty($code) && data.is_empty() {
                            return Err(bad_len(0));
                        }
                        Ok(DhcpOption::$var(v))
                    } )*
                    0 | 255 => Err(Error::bad_value(
                        Protocol::Dhcp, 0, Field::OptionType, u32::from(code),
                    )),
                    _ => Ok(DhcpOption::Unknown { code, data }),
                }
            }

            /// The option code.
            #[must_use]
            pub fn code(&self) -> u8 {
                match self {
                    $( DhcpOption::$var(_) => $code, )*
                    DhcpOption::Unknown { code, .. } => *code,
                }
            }

            /// The option code as a registry value.
            #[must_use]
            pub fn kind(&self) -> OptionCode {
                OptionCode::from_value(self.code())
            }

            /// Length of the value in bytes (it may exceed 255: the builder splits it).
            #[must_use]
            pub fn value_len(&self) -> usize {
                match self {
                    $( DhcpOption::$var(v) => v.value_len(), )*
                    DhcpOption::Unknown { data, .. } => data.len(),
                }
            }

            /// The option code and the value's layout for the builder's fast path.
            #[inline(always)]
            pub(crate) fn wire(&self) -> (u8, Wire<'a>) {
                match self {
                    $( DhcpOption::$var(v) => ($code, <$ty as Wired<'a>>::wire(v)), )*
                    DhcpOption::Unknown { code, data } => (*code, Wire::Bytes(data)),
                }
            }

            /// Writes the value into the front of `out` (one dispatch); returns the option
            /// code and the value's length.
            #[inline]
            pub(crate) fn write_coded(&self, out: &mut [u8]) -> Result<(u8, usize)> {
                let mut w = Writer::new(Protocol::Dhcp, out);
                let code = match self {
                    $( DhcpOption::$var(v) => {
                        v.write_value(&mut w)?;
                        $code
                    } )*
                    DhcpOption::Unknown { code, data } => {
                        w.put_slice(data)?;
                        *code
                    }
                };
                Ok((code, w.position()))
            }

            /// Writes the value into the front of `out`.
            ///
            /// # Errors
            /// [`BufferTooSmall`](codec_core::ErrorKind::BufferTooSmall) when `out` is
            /// shorter than [`value_len`](Self::value_len).
            pub fn write_value(&self, out: &mut [u8]) -> Result<()> {
                let mut w = Writer::new(Protocol::Dhcp, out);
                match self {
                    $( DhcpOption::$var(v) => v.write_value(&mut w), )*
                    DhcpOption::Unknown { data, .. } => w.put_slice(data),
                }
            }
        }

        impl fmt::Display for DhcpOption<'_> {
            /// `Router 192.168.0.1`, `Host Name "laptop-7"`, `Option 250 0102`.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $( DhcpOption::$var(v) => {
                        f.write_str(concat!($name, " "))?;
                        v.fmt_value(f)
                    } )*
                    DhcpOption::Unknown { code, data } => {
                        write!(f, "Option {code} ")?;
                        fmt_hex(f, data)
                    }
                }
            }
        }
    };
}

/// Address lists and texts carry at least one address or byte (RFC 2132: "minimum length
/// is 4" / "1"); option 68 may be empty, and opaque 43, 55 and 60 are taken as they come.
const fn value_must_not_be_empty(code: u8) -> bool {
    !matches!(code, 43 | 55 | 60 | 68)
}

dhcp_options! {
    /// Subnet mask (RFC 2132 §3.3).
    SubnetMask = 1 => "Subnet Mask": Ipv4Addr,
    /// Time offset from UTC in seconds (RFC 2132 §3.4).
    TimeOffset = 2 => "Time Offset": i32,
    /// Routers, in order of preference (RFC 2132 §3.5).
    Router = 3 => "Router": Addrs<'a>,
    /// RFC 868 time servers (RFC 2132 §3.6).
    TimeServer = 4 => "Time Server": Addrs<'a>,
    /// IEN 116 name servers (RFC 2132 §3.7).
    NameServer = 5 => "Name Server": Addrs<'a>,
    /// DNS servers (RFC 2132 §3.8).
    DomainNameServer = 6 => "Domain Name Server": Addrs<'a>,
    /// MIT-LCS UDP log servers (RFC 2132 §3.9).
    LogServer = 7 => "Log Server": Addrs<'a>,
    /// RFC 865 cookie servers (RFC 2132 §3.10).
    CookieServer = 8 => "Cookie Server": Addrs<'a>,
    /// RFC 1179 line printer servers (RFC 2132 §3.11).
    LprServer = 9 => "LPR Server": Addrs<'a>,
    /// Imagen Impress servers (RFC 2132 §3.12).
    ImpressServer = 10 => "Impress Server": Addrs<'a>,
    /// RFC 887 resource location servers (RFC 2132 §3.13).
    ResourceLocationServer = 11 => "Resource Location Server": Addrs<'a>,
    /// Host name (RFC 2132 §3.14).
    HostName = 12 => "Host Name": Text<'a>,
    /// Boot file size in 512-octet blocks (RFC 2132 §3.15).
    BootFileSize = 13 => "Boot File Size": u16,
    /// Merit dump file path (RFC 2132 §3.16).
    MeritDumpFile = 14 => "Merit Dump File": Text<'a>,
    /// Domain name (RFC 2132 §3.17).
    DomainName = 15 => "Domain Name": Text<'a>,
    /// Swap server (RFC 2132 §3.18).
    SwapServer = 16 => "Swap Server": Ipv4Addr,
    /// Root path (RFC 2132 §3.19).
    RootPath = 17 => "Root Path": Text<'a>,
    /// Extensions path (RFC 2132 §3.20).
    ExtensionsPath = 18 => "Extensions Path": Text<'a>,
    /// IP forwarding enable (RFC 2132 §4.1).
    IpForwarding = 19 => "IP Forwarding": bool,
    /// Non-local source routing enable (RFC 2132 §4.2).
    NonLocalSourceRouting = 20 => "Non-Local Source Routing": bool,
    /// Policy filter: address and mask pairs (RFC 2132 §4.3).
    PolicyFilter = 21 => "Policy Filter": AddrPairs<'a>,
    /// Maximum datagram reassembly size (RFC 2132 §4.4).
    MaxDatagramReassembly = 22 => "Maximum Datagram Reassembly Size": u16,
    /// Default IP TTL (RFC 2132 §4.5).
    DefaultIpTtl = 23 => "Default IP TTL": u8,
    /// Path MTU aging timeout in seconds (RFC 2132 §4.6).
    PathMtuAgingTimeout = 24 => "Path MTU Aging Timeout": u32,
    /// Path MTU plateau table (RFC 2132 §4.7).
    PathMtuPlateauTable = 25 => "Path MTU Plateau Table": U16List<'a>,
    /// Interface MTU (RFC 2132 §5.1).
    InterfaceMtu = 26 => "Interface MTU": u16,
    /// All subnets are local (RFC 2132 §5.2).
    AllSubnetsLocal = 27 => "All Subnets are Local": bool,
    /// Broadcast address (RFC 2132 §5.3).
    BroadcastAddress = 28 => "Broadcast Address": Ipv4Addr,
    /// Perform mask discovery (RFC 2132 §5.4).
    PerformMaskDiscovery = 29 => "Perform Mask Discovery": bool,
    /// Mask supplier (RFC 2132 §5.5).
    MaskSupplier = 30 => "Mask Supplier": bool,
    /// Perform router discovery (RFC 2132 §5.6).
    PerformRouterDiscovery = 31 => "Perform Router Discovery": bool,
    /// Router solicitation address (RFC 2132 §5.7).
    RouterSolicitationAddress = 32 => "Router Solicitation Address": Ipv4Addr,
    /// Static routes: destination and router pairs (RFC 2132 §5.8).
    StaticRoute = 33 => "Static Route": AddrPairs<'a>,
    /// Trailer encapsulation (RFC 2132 §6.1).
    TrailerEncapsulation = 34 => "Trailer Encapsulation": bool,
    /// ARP cache timeout in seconds (RFC 2132 §6.2).
    ArpCacheTimeout = 35 => "ARP Cache Timeout": u32,
    /// Ethernet encapsulation: RFC 894 (off) or IEEE 802.3 (on) (RFC 2132 §6.3).
    EthernetEncapsulation = 36 => "Ethernet Encapsulation": bool,
    /// TCP default TTL (RFC 2132 §7.1).
    TcpDefaultTtl = 37 => "TCP Default TTL": u8,
    /// TCP keepalive interval in seconds (RFC 2132 §7.2).
    TcpKeepaliveInterval = 38 => "TCP Keepalive Interval": u32,
    /// TCP keepalive garbage (RFC 2132 §7.3).
    TcpKeepaliveGarbage = 39 => "TCP Keepalive Garbage": bool,
    /// NIS domain (RFC 2132 §8.1).
    NisDomain = 40 => "NIS Domain": Text<'a>,
    /// NIS servers (RFC 2132 §8.2).
    NisServers = 41 => "NIS Servers": Addrs<'a>,
    /// NTP servers (RFC 2132 §8.3).
    NtpServers = 42 => "NTP Servers": Addrs<'a>,
    /// Vendor-specific information, opaque (RFC 2132 §8.4).
    VendorSpecific = 43 => "Vendor-Specific Information": &'a [u8],
    /// NetBIOS over TCP/IP name servers (RFC 2132 §8.5).
    NetbiosNameServer = 44 => "NetBIOS Name Server": Addrs<'a>,
    /// NetBIOS over TCP/IP datagram distribution servers (RFC 2132 §8.6).
    NetbiosDatagramDistribution = 45 => "NetBIOS Datagram Distribution Server": Addrs<'a>,
    /// NetBIOS over TCP/IP node type (RFC 2132 §8.7).
    NetbiosNodeType = 46 => "NetBIOS Node Type": NetbiosNodeType,
    /// NetBIOS over TCP/IP scope (RFC 2132 §8.8).
    NetbiosScope = 47 => "NetBIOS Scope": Text<'a>,
    /// X Window System font servers (RFC 2132 §8.9).
    XFontServer = 48 => "X Window Font Server": Addrs<'a>,
    /// X Window System display managers (RFC 2132 §8.10).
    XDisplayManager = 49 => "X Window Display Manager": Addrs<'a>,
    /// Requested IP address (RFC 2132 §9.1).
    RequestedIpAddress = 50 => "Requested IP Address": Ipv4Addr,
    /// IP address lease time in seconds (RFC 2132 §9.2).
    LeaseTime = 51 => "IP Address Lease Time": u32,
    /// Option overload (RFC 2132 §9.3).
    Overload = 52 => "Option Overload": super::Overload,
    /// DHCP message type (RFC 2132 §9.6).
    MessageType = 53 => "DHCP Message Type": MessageType,
    /// Server identifier (RFC 2132 §9.7).
    ServerIdentifier = 54 => "DHCP Server Identifier": Ipv4Addr,
    /// Parameter request list (RFC 2132 §9.8).
    ParameterRequestList = 55 => "Parameter Request List": CodeList<'a>,
    /// Message, for a DHCPNAK or DHCPDECLINE (RFC 2132 §9.9).
    Message = 56 => "Message": Text<'a>,
    /// Maximum DHCP message size (RFC 2132 §9.10).
    MaxMessageSize = 57 => "Maximum DHCP Message Size": u16,
    /// Renewal (T1) time in seconds (RFC 2132 §9.11).
    RenewalTime = 58 => "Renewal Time Value": u32,
    /// Rebinding (T2) time in seconds (RFC 2132 §9.12).
    RebindingTime = 59 => "Rebinding Time Value": u32,
    /// Vendor class identifier, opaque (RFC 2132 §9.13).
    VendorClassIdentifier = 60 => "Vendor Class Identifier": &'a [u8],
    /// Client identifier (RFC 2132 §9.14).
    ClientIdentifier = 61 => "Client Identifier": ClientId<'a>,
    /// NIS+ domain (RFC 2132 §8.11).
    NisPlusDomain = 64 => "NIS+ Domain": Text<'a>,
    /// NIS+ servers (RFC 2132 §8.12).
    NisPlusServers = 65 => "NIS+ Servers": Addrs<'a>,
    /// TFTP server name (RFC 2132 §9.4).
    TftpServerName = 66 => "TFTP Server Name": Text<'a>,
    /// Bootfile name (RFC 2132 §9.5).
    BootfileName = 67 => "Bootfile Name": Text<'a>,
    /// Mobile IP home agents, possibly none (RFC 2132 §8.13).
    MobileIpHomeAgent = 68 => "Mobile IP Home Agent": Addrs<'a>,
    /// SMTP servers (RFC 2132 §8.14).
    SmtpServer = 69 => "SMTP Server": Addrs<'a>,
    /// POP3 servers (RFC 2132 §8.15).
    Pop3Server = 70 => "POP3 Server": Addrs<'a>,
    /// NNTP servers (RFC 2132 §8.16).
    NntpServer = 71 => "NNTP Server": Addrs<'a>,
    /// WWW servers (RFC 2132 §8.17).
    WwwServer = 72 => "Default WWW Server": Addrs<'a>,
    /// Finger servers (RFC 2132 §8.18).
    FingerServer = 73 => "Default Finger Server": Addrs<'a>,
    /// IRC servers (RFC 2132 §8.19).
    IrcServer = 74 => "Default IRC Server": Addrs<'a>,
    /// StreetTalk servers (RFC 2132 §8.20).
    StreetTalkServer = 75 => "StreetTalk Server": Addrs<'a>,
    /// StreetTalk directory assistance servers (RFC 2132 §8.21).
    StdaServer = 76 => "StreetTalk Directory Assistance Server": Addrs<'a>,
    /// User class (RFC 3004).
    UserClass = 77 => "User Class Information": UserClass<'a>,
    /// Client FQDN (RFC 4702).
    ClientFqdn = 81 => "Client Fully Qualified Domain Name": ClientFqdn<'a>,
    /// Relay agent information (RFC 3046).
    RelayAgentInfo = 82 => "Agent Information Option": RelayAgentInfo<'a>,
    /// Domain search list (RFC 3397).
    DomainSearch = 119 => "Domain Search": DomainSearch<'a>,
    /// Classless static routes (RFC 3442).
    ClasslessStaticRoute = 121 => "Classless Static Route": ClasslessRoutes<'a>,
    /// Vendor-identifying vendor-specific information (RFC 3925 §4).
    VendorIdentifying = 125 => "V-I Vendor-specific Information": VendorIdentifying<'a>,
}

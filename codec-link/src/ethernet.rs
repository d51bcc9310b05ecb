//! Ethernet II frames (IEEE 802.3 clause 3, "DIX") with any number of IEEE 802.1Q C-tags
//! and 802.1ad S-tags.
//!
//! Wire layout (without preamble and FCS, as captured):
//!
//! ```text
//!  0      6      12                         12+4n      14+4n
//! +------+------+------+------+ ... +------+----------+---------
//! | dst  | src  | TPID | TCI  |     | TPID | EtherType| payload
//! +------+------+------+------+ ... +------+----------+---------
//!               \____ VlanTag ____/  (n tags, each TPID 0x8100, 0x88a8 or 0x9100)
//! ```
//!
//! An IEEE 802.1Q tag is the 4 bytes TPID + TCI (802.1Q-2018 §9.5), so a tag stack is a
//! plain array of [`VlanTag`] that the view borrows without copying and the repr carries as a
//! slice. The final EtherType follows the last tag.
//!
//! ```
//! use codec_link::ethernet::{EtherType, EthernetFrame, EthernetRepr, MacAddr, VlanTag};
//! // The first 18 bytes of packetnet_802.1q_vlan_ipv4_tcp.pcap: VLAN 102 carrying IPv4.
//! let bytes = [
//!     0x00, 0x1b, 0x21, 0xc6, 0x42, 0x6e, 0x00, 0xe0, 0xb1, 0xc8, 0xee, 0x51,
//!     0x81, 0x00, 0x00, 0x66, 0x08, 0x00, 0x45, 0x00,
//! ];
//! let frame = EthernetFrame::parse(&bytes[..])?;
//! assert_eq!(frame.src(), MacAddr([0x00, 0xe0, 0xb1, 0xc8, 0xee, 0x51]));
//! assert_eq!(frame.vlan_tags()[0].vid(), 102);
//! assert_eq!(frame.ethertype(), EtherType::Ipv4);
//! assert_eq!(frame.payload(), &[0x45, 0x00]);
//!
//! // Build the same header again from its repr.
//! let repr = EthernetRepr::parse(&frame)?;
//! let mut out = [0u8; 18];
//! assert_eq!(repr.emit(&mut out)?, 18);
//! assert_eq!(out, bytes[..18]);
//! # Ok::<(), codec_core::Error>(())
//! ```

use codec_core::{Error, Field, Protocol, Result, Writer, split_header};
use core::fmt;
use zerocopy::byteorder::network_endian::U16;
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// Length of an untagged Ethernet II header.
pub const HEADER_LEN: usize = 14;
/// Length of one 802.1Q / 802.1ad tag.
pub const VLAN_TAG_LEN: usize = 4;
/// Smallest Ethernet frame without FCS (IEEE 802.3 §4.4.2: 64 bytes with the FCS).
pub const MIN_FRAME_LEN: usize = 60;
/// EtherType values below this are IEEE 802.3 length fields, not types (802.3 §3.2.6).
pub const MIN_ETHERTYPE: u16 = 0x0600;

/// A 48-bit IEEE 802 MAC address.
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[repr(transparent)]
pub struct MacAddr(pub [u8; 6]);

impl MacAddr {
    /// The broadcast address ff:ff:ff:ff:ff:ff.
    pub const BROADCAST: MacAddr = MacAddr([0xff; 6]);
    /// The all-zero address (ARP's "unknown" target hardware address).
    pub const ZERO: MacAddr = MacAddr([0; 6]);

    /// The address in `bytes` if it is exactly 6 bytes long.
    #[inline]
    #[must_use]
    pub fn from_bytes(bytes: &[u8]) -> Option<MacAddr> {
        bytes.try_into().ok().map(MacAddr)
    }

    /// The six octets.
    #[inline]
    #[must_use]
    pub const fn octets(&self) -> [u8; 6] {
        self.0
    }

    /// Whether this is the broadcast address.
    #[inline]
    #[must_use]
    pub fn is_broadcast(&self) -> bool {
        *self == Self::BROADCAST
    }

    /// Whether the group bit (I/G, the least significant bit of the first octet) is set.
    #[inline]
    #[must_use]
    pub const fn is_multicast(&self) -> bool {
        self.0[0] & 1 != 0
    }

    /// Whether the address is an individual (unicast) address.
    #[inline]
    #[must_use]
    pub const fn is_unicast(&self) -> bool {
        !self.is_multicast()
    }

    /// Whether the U/L bit marks a locally administered address.
    #[inline]
    #[must_use]
    pub const fn is_local(&self) -> bool {
        self.0[0] & 2 != 0
    }
}

impl fmt::Display for MacAddr {
    /// Colon-separated lowercase hex, as Wireshark and tcpdump print it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

impl fmt::Debug for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

codec_core::registry! {
    /// EtherType values (IEEE Registration Authority) met in this family's traffic.
    pub enum EtherType: u16 {
        /// Internet Protocol version 4.
        Ipv4 = 0x0800 => "IPv4",
        /// Address Resolution Protocol.
        Arp = 0x0806 => "ARP",
        /// Reverse ARP.
        Rarp = 0x8035 => "RARP",
        /// IEEE 802.1Q customer VLAN tag (C-tag).
        Vlan = 0x8100 => "802.1Q",
        /// Internet Protocol version 6.
        Ipv6 = 0x86dd => "IPv6",
        /// PPP (RFC 7042 §3).
        Ppp = 0x880b => "PPP",
        /// PPPoE discovery stage (RFC 2516).
        PppoeDiscovery = 0x8863 => "PPPoE Discovery",
        /// PPPoE session stage (RFC 2516).
        PppoeSession = 0x8864 => "PPPoE Session",
        /// IEEE 802.1ad service VLAN tag (S-tag, "QinQ").
        QinQ = 0x88a8 => "802.1ad",
        /// The pre-standard QinQ TPID some switches use.
        QinQLegacy = 0x9100 => "QinQ (0x9100)",
        /// Transparent Ethernet bridging (Ethernet inside GRE, RFC 1701).
        TransparentEthernetBridging = 0x6558 => "Transparent Ethernet Bridging",
        /// IEEE 802.1X EAP over LAN.
        Eapol = 0x888e => "EAPOL",
        /// Link Layer Discovery Protocol.
        Lldp = 0x88cc => "LLDP",
        /// MPLS unicast.
        Mpls = 0x8847 => "MPLS",
    }
}

impl EtherType {
    /// Whether the value is a tag protocol identifier (a VLAN tag follows).
    #[inline]
    #[must_use]
    pub const fn is_vlan_tpid(self) -> bool {
        matches!(
            self,
            EtherType::Vlan | EtherType::QinQ | EtherType::QinQLegacy
        )
    }

    /// Whether the value is an IEEE 802.3 length rather than a type (below 0x0600).
    #[inline]
    #[must_use]
    pub const fn is_length(self) -> bool {
        self.value() < MIN_ETHERTYPE
    }
}

/// The error for a frame shorter than an untagged header.
#[cold]
fn truncated_header(len: usize) -> Error {
    Error::truncated(Protocol::Ethernet, 0, HEADER_LEN, len)
}

/// [`is_tpid`] on the two bytes as they are on the wire, compared in native byte order
/// (no byte swap in the hot path).
#[inline(always)]
const fn is_tpid_bytes(b: [u8; 2]) -> bool {
    const C_TAG: u16 = u16::from_ne_bytes(0x8100u16.to_be_bytes());
    const S_TAG: u16 = u16::from_ne_bytes(0x88a8u16.to_be_bytes());
    const LEGACY: u16 = u16::from_ne_bytes(0x9100u16.to_be_bytes());
    matches!(u16::from_ne_bytes(b), C_TAG | S_TAG | LEGACY)
}

#[inline]
const fn is_tpid(v: u16) -> bool {
    matches!(v, 0x8100 | 0x88a8 | 0x9100)
}

/// The two addresses every Ethernet frame starts with.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct MacHeader {
    /// Destination address.
    pub dst: MacAddr,
    /// Source address.
    pub src: MacAddr,
}

/// An IEEE 802.1Q / 802.1ad tag: tag protocol identifier and tag control information.
///
/// The TCI holds the priority code point (3 bits), the drop eligible indicator (1 bit) and
/// the VLAN identifier (12 bits) (802.1Q-2018 §9.6).
#[derive(
    Clone, Copy, PartialEq, Eq, Hash, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct VlanTag {
    /// Tag protocol identifier: 0x8100 (C-tag), 0x88a8 (S-tag) or 0x9100.
    pub tpid: U16,
    /// Tag control information.
    pub tci: U16,
}

impl VlanTag {
    /// A tag with the given TPID, priority (0–7), drop eligibility and VLAN id (0–4095).
    /// Out-of-range priority and id bits are masked off.
    #[inline]
    #[must_use]
    pub fn new(tpid: EtherType, pcp: u8, dei: bool, vid: u16) -> Self {
        let tci = (u16::from(pcp & 7) << 13) | (u16::from(dei) << 12) | (vid & 0x0fff);
        VlanTag {
            tpid: U16::new(tpid.value()),
            tci: U16::new(tci),
        }
    }

    /// The tag protocol identifier.
    #[inline]
    #[must_use]
    pub fn tpid(&self) -> EtherType {
        EtherType::from_value(self.tpid.get())
    }

    /// The whole tag control information word.
    #[inline]
    #[must_use]
    pub fn tci(&self) -> u16 {
        self.tci.get()
    }

    /// Priority code point (IEEE 802.1p), 0–7.
    #[inline]
    #[must_use]
    pub fn pcp(&self) -> u8 {
        (self.tci.get() >> 13) as u8
    }

    /// Drop eligible indicator (formerly CFI).
    #[inline]
    #[must_use]
    pub fn dei(&self) -> bool {
        self.tci.get() & 0x1000 != 0
    }

    /// VLAN identifier, 0–4095.
    #[inline]
    #[must_use]
    pub fn vid(&self) -> u16 {
        self.tci.get() & 0x0fff
    }

    /// Whether this is an 802.1ad service tag (TPID 0x88a8).
    #[inline]
    #[must_use]
    pub fn is_service_tag(&self) -> bool {
        self.tpid.get() == 0x88a8
    }

    /// Sets the VLAN identifier, keeping priority and DEI.
    #[inline]
    pub fn set_vid(&mut self, vid: u16) {
        self.tci.set((self.tci.get() & 0xf000) | (vid & 0x0fff));
    }

    /// Sets the priority code point, keeping DEI and id.
    #[inline]
    pub fn set_pcp(&mut self, pcp: u8) {
        self.tci
            .set((self.tci.get() & 0x1fff) | (u16::from(pcp & 7) << 13));
    }
}

impl fmt::Debug for VlanTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VlanTag")
            .field("tpid", &self.tpid())
            .field("pcp", &self.pcp())
            .field("dei", &self.dei())
            .field("vid", &self.vid())
            .finish()
    }
}

impl fmt::Display for VlanTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} vlan {} pcp {}", self.tpid(), self.vid(), self.pcp())?;
        if self.dei() {
            f.write_str(" dei")?;
        }
        Ok(())
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for VlanTag {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let tpid = *u.choose(&[EtherType::Vlan, EtherType::QinQ, EtherType::QinQLegacy])?;
        Ok(VlanTag::new(
            tpid,
            u.arbitrary()?,
            u.arbitrary()?,
            u.arbitrary()?,
        ))
    }
}

/// A zero-copy view of an Ethernet II frame over `&[u8]` or `&mut [u8]`.
///
/// [`parse`](Self::parse) walks the tag stack once (work linear in the frame, one 2-byte
/// compare per tag) and checks every length; afterwards no accessor can fail or panic.
pub struct EthernetFrame<B> {
    addrs: Ref<B, MacHeader>,
    tags: Ref<B, [VlanTag]>,
    ethertype: Ref<B, U16>,
    payload: B,
}

impl<B: SplitByteSlice> EthernetFrame<B> {
    /// Validates `bytes` as an Ethernet II frame (with any number of VLAN tags).
    ///
    /// # Errors
    /// [`ErrorKind::Truncated`](codec_core::ErrorKind::Truncated) when the frame ends inside
    /// the addresses, a tag or the EtherType.
    #[inline]
    pub fn parse(bytes: B) -> Result<Self> {
        // The type field at byte 12 decides: an untagged frame (by far the common case)
        // takes the straight path of three splits the compiler sees cannot fail; a TPID
        // there sends the frame to the tag walk.
        let tagged = match bytes.get(12..HEADER_LEN) {
            Some(&[a, b]) => is_tpid_bytes([a, b]),
            _ => return Err(truncated_header(bytes.len())),
        };
        if tagged {
            return Self::parse_tagged(bytes);
        }
        let (addrs, rest) = split_header::<B, MacHeader>(Protocol::Ethernet, bytes)?;
        let (tags, rest) = Ref::<B, [VlanTag]>::from_prefix_with_elems(rest, 0)
            .map_err(|_| Error::truncated(Protocol::Vlan, 12, 2, 0))?;
        let available = rest.len();
        let (ethertype, payload) = Ref::<B, U16>::from_prefix(rest)
            .map_err(|_| Error::truncated(Protocol::Ethernet, 12, 2, available))?;
        Ok(EthernetFrame {
            addrs,
            tags,
            ethertype,
            payload,
        })
    }

    /// The tag walk of [`parse`](Self::parse), for a frame whose type field at byte 12 is a
    /// TPID (and that holds at least the 14 bytes of an untagged header).
    #[inline]
    fn parse_tagged(bytes: B) -> Result<Self> {
        let len = bytes.len();
        if len < HEADER_LEN {
            return Err(truncated_header(len));
        }
        let (addrs, rest) = split_header::<B, MacHeader>(Protocol::Ethernet, bytes)?;
        let mut tags = 0usize;
        loop {
            let at = tags * VLAN_TAG_LEN;
            match rest.get(at..at + 2) {
                Some(&[a, b]) if is_tpid(u16::from_be_bytes([a, b])) => {
                    // The tag's TCI must follow its TPID.
                    if rest.len() < at + VLAN_TAG_LEN {
                        return Err(Error::truncated(
                            Protocol::Vlan,
                            12 + at + 2,
                            2,
                            rest.len().saturating_sub(at + 2),
                        ));
                    }
                    tags += 1;
                }
                Some(_) => break,
                None => {
                    return Err(Error::truncated(
                        Protocol::Vlan,
                        12 + at,
                        2,
                        rest.len().saturating_sub(at),
                    ));
                }
            }
        }
        let available = rest.len();
        // The walk saw every tag and the EtherType after them: neither split can fail.
        let tag_bytes = tags * VLAN_TAG_LEN;
        let (tags, rest) = Ref::<B, [VlanTag]>::from_prefix_with_elems(rest, tags)
            .map_err(|_| Error::truncated(Protocol::Vlan, 12, tag_bytes + 2, available))?;
        let available = rest.len();
        let (ethertype, payload) = Ref::<B, U16>::from_prefix(rest)
            .map_err(|_| Error::truncated(Protocol::Ethernet, 12 + tag_bytes, 2, available))?;
        Ok(EthernetFrame {
            addrs,
            tags,
            ethertype,
            payload,
        })
    }

    /// Destination address.
    #[inline]
    pub fn dst(&self) -> MacAddr {
        self.addrs.dst
    }

    /// Source address.
    #[inline]
    pub fn src(&self) -> MacAddr {
        self.addrs.src
    }

    /// The VLAN tags, outermost first.
    #[inline]
    pub fn vlan_tags(&self) -> &[VlanTag] {
        // `parse` made the tag bytes a whole number of tags, so the cast cannot fail (and,
        // unlike `Deref`, it has no panic path).
        <[VlanTag]>::ref_from_bytes(Ref::bytes(&self.tags)).unwrap_or(&[])
    }

    /// The EtherType after the last tag: the payload's protocol (or, below 0x0600, an
    /// IEEE 802.3 length).
    #[inline]
    pub fn ethertype(&self) -> EtherType {
        EtherType::from_value(self.ethertype.get())
    }

    /// The EtherType after the last tag as the number on the wire: the same as
    /// `ethertype().value()`, without the round trip through the registry (whose
    /// `from_value` is a tree of compares the compiler does not fold back into the number).
    /// Match on [`ethertype`](Self::ethertype) to dispatch; use this where only the number
    /// is wanted.
    #[inline]
    pub fn ethertype_raw(&self) -> u16 {
        self.ethertype.get()
    }

    /// The type field at byte 12: the first tag's TPID, or the EtherType when untagged.
    #[inline]
    pub fn outer_ethertype(&self) -> EtherType {
        match self.vlan_tags().first() {
            Some(t) => t.tpid(),
            None => self.ethertype(),
        }
    }

    /// Header length: 14 bytes plus 4 per tag.
    #[inline]
    pub fn header_len(&self) -> usize {
        HEADER_LEN + Ref::bytes(&self.tags).len()
    }

    /// The bytes after the EtherType (including any padding or trailer the capture holds).
    #[inline]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Gives up the view, returning the payload bytes.
    #[inline]
    pub fn into_payload(self) -> B {
        self.payload
    }
}

impl<B: ByteSliceMut + SplitByteSlice> EthernetFrame<B> {
    /// Sets the destination address.
    #[inline]
    pub fn set_dst(&mut self, addr: MacAddr) {
        self.addrs.dst = addr;
    }

    /// Sets the source address.
    #[inline]
    pub fn set_src(&mut self, addr: MacAddr) {
        self.addrs.src = addr;
    }

    /// The VLAN tags, writable (to rewrite an id or priority in place).
    #[inline]
    pub fn vlan_tags_mut(&mut self) -> &mut [VlanTag] {
        <[VlanTag]>::mut_from_bytes(Ref::bytes_mut(&mut self.tags)).unwrap_or(&mut [])
    }

    /// Sets the EtherType after the last tag. Setting a TPID here would make the frame
    /// parse differently; it is refused.
    ///
    /// # Errors
    /// [`ErrorKind::BadValue`](codec_core::ErrorKind::BadValue) for a TPID.
    #[inline]
    pub fn set_ethertype(&mut self, ethertype: EtherType) -> Result<()> {
        if ethertype.is_vlan_tpid() {
            return Err(Error::bad_value(
                Protocol::Ethernet,
                self.header_len() - 2,
                Field::EtherType,
                u32::from(ethertype.value()),
            ));
        }
        self.ethertype.set(ethertype.value());
        Ok(())
    }

    /// The payload, writable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.payload
    }
}

impl<B: SplitByteSlice> fmt::Debug for EthernetFrame<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EthernetFrame")
            .field("dst", &self.dst())
            .field("src", &self.src())
            .field("vlan_tags", &self.vlan_tags())
            .field("ethertype", &self.ethertype())
            .field("payload_len", &self.payload().len())
            .finish()
    }
}

impl<B: SplitByteSlice> fmt::Display for EthernetFrame<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ethernet {} > {}", self.src(), self.dst())?;
        for t in self.vlan_tags() {
            write!(f, ", {t}")?;
        }
        write!(
            f,
            ", {} ({:#06x}), {} bytes payload",
            self.ethertype(),
            self.ethertype().value(),
            self.payload().len()
        )
    }
}

/// The meaning of an Ethernet II header: addresses, tag stack and EtherType.
///
/// The tag stack is borrowed (from a parsed frame, or from the caller's array), so the repr
/// is `Copy`, never allocates, and holds any number of tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EthernetRepr<'a> {
    /// Destination address.
    pub dst: MacAddr,
    /// Source address.
    pub src: MacAddr,
    /// VLAN tags, outermost first; each TPID must be 0x8100, 0x88a8 or 0x9100.
    pub vlan_tags: &'a [VlanTag],
    /// The payload's EtherType (must not be a TPID).
    pub ethertype: EtherType,
}

impl<'a> EthernetRepr<'a> {
    /// The repr of a parsed frame, borrowing its tag stack.
    ///
    /// # Errors
    /// None today: every frame that parses has a repr. The `Result` keeps the shape every
    /// repr of the family has.
    #[inline]
    pub fn parse<B: SplitByteSlice>(frame: &'a EthernetFrame<B>) -> Result<Self> {
        Ok(EthernetRepr {
            dst: frame.dst(),
            src: frame.src(),
            vlan_tags: frame.vlan_tags(),
            ethertype: frame.ethertype(),
        })
    }

    /// Header length: 14 bytes plus 4 per tag.
    #[inline]
    #[must_use]
    pub const fn header_len(&self) -> usize {
        HEADER_LEN + self.vlan_tags.len() * VLAN_TAG_LEN
    }

    /// Bytes the header plus a payload of `payload_len` bytes take, before padding.
    #[inline]
    #[must_use]
    pub const fn buffer_len(&self, payload_len: usize) -> usize {
        self.header_len() + payload_len
    }

    fn check(&self) -> Result<()> {
        for (i, t) in self.vlan_tags.iter().enumerate() {
            if !is_tpid(t.tpid.get()) {
                return Err(Error::bad_value(
                    Protocol::Vlan,
                    12 + i * VLAN_TAG_LEN,
                    Field::EtherType,
                    u32::from(t.tpid.get()),
                ));
            }
        }
        if self.ethertype.is_vlan_tpid() {
            return Err(Error::bad_value(
                Protocol::Ethernet,
                self.header_len() - 2,
                Field::EtherType,
                u32::from(self.ethertype.value()),
            ));
        }
        Ok(())
    }

    /// Writes the header into the front of `buf` and returns its length.
    ///
    /// # Errors
    /// A buffer error when `buf` is shorter than [`header_len`](Self::header_len); a
    /// [`BadValue`](codec_core::ErrorKind::BadValue) when a tag's TPID is not a VLAN TPID
    /// or the EtherType is one (the bytes would not parse back to this repr).
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        self.check()?;
        let mut w = Writer::new(Protocol::Ethernet, buf);
        if w.remaining() < self.header_len() {
            return Err(Error::buffer_too_small(
                Protocol::Ethernet,
                self.header_len(),
                w.remaining(),
            ));
        }
        w.put_slice(self.dst.as_bytes())?;
        w.put_slice(self.src.as_bytes())?;
        w.put_slice(self.vlan_tags.as_bytes())?;
        w.put_u16(self.ethertype.value())?;
        Ok(w.position())
    }

    /// Writes a whole frame: the header, then `payload_len` bytes filled in place by
    /// `emit_payload`, then zero padding up to the 60-byte minimum (IEEE 802.3 §4.2.3.3,
    /// without FCS). Returns the frame length.
    ///
    /// # Errors
    /// As [`emit`](Self::emit), a buffer error when the frame does not fit `buf`, and
    /// whatever `emit_payload` returns.
    pub fn emit_frame(
        &self,
        buf: &mut [u8],
        payload_len: usize,
        emit_payload: impl FnOnce(&mut [u8]) -> Result<()>,
    ) -> Result<usize> {
        let header = self.header_len();
        let total = self.buffer_len(payload_len).max(MIN_FRAME_LEN);
        if buf.len() < total {
            return Err(Error::buffer_too_small(
                Protocol::Ethernet,
                total,
                buf.len(),
            ));
        }
        self.emit(buf)?;
        let (payload, padding) = buf
            .get_mut(header..total)
            .ok_or_else(|| Error::buffer_too_small(Protocol::Ethernet, total, 0))?
            .split_at_mut(payload_len);
        emit_payload(payload)?;
        padding.fill(0);
        Ok(total)
    }
}

impl fmt::Display for EthernetRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ethernet {} > {}", self.src, self.dst)?;
        for t in self.vlan_tags {
            write!(f, ", {t}")?;
        }
        write!(f, ", {} ({:#06x})", self.ethertype, self.ethertype.value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::ErrorKind;
    use std::string::ToString;

    // Frame 1 of ../shared/captures/ethernet_vlan_arp/tcpdump_802.1ad_QinQ.pcap: an ARP
    // request behind an 802.1ad S-tag (TCI 0x00c8, vlan 200) and an 802.1Q C-tag (vlan
    // 2001), 64 bytes. Wireshark: eth type 34984, ieee8021ad, vlan id 2001 etype 2054.
    static QINQ_ARP: [u8; 64] = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x20, 0xd2, 0x5a, 0xfb, 0x3f, 0x88, 0xa8, 0x00,
        0xc8, 0x81, 0x00, 0x07, 0xd1, 0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
        0x00, 0x20, 0xd2, 0x5a, 0xfb, 0x3f, 0xac, 0x15, 0x4f, 0x61, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0xac, 0x15, 0x4f, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
    ];

    #[test]
    fn deconstruct_qinq() {
        let f = EthernetFrame::parse(&QINQ_ARP[..]).unwrap();
        assert_eq!(f.dst(), MacAddr::BROADCAST);
        assert_eq!(f.src().to_string(), "00:20:d2:5a:fb:3f");
        assert_eq!(f.outer_ethertype(), EtherType::QinQ);
        assert_eq!(f.outer_ethertype().value(), 34984);
        let tags = f.vlan_tags();
        assert_eq!(tags.len(), 2);
        assert!(tags[0].is_service_tag());
        assert_eq!(
            (tags[0].pcp(), tags[0].dei(), tags[0].vid()),
            (0, false, 200)
        );
        assert_eq!((tags[1].tpid(), tags[1].vid()), (EtherType::Vlan, 2001));
        assert_eq!(f.ethertype(), EtherType::Arp);
        assert_eq!(f.ethertype_raw(), 0x0806);
        assert_eq!(f.header_len(), 22);
        assert_eq!(f.payload().len(), 42);
        assert_eq!(
            f.to_string(),
            "Ethernet 00:20:d2:5a:fb:3f > ff:ff:ff:ff:ff:ff, 802.1ad vlan 200 pcp 0, 802.1Q vlan 2001 pcp 0, ARP (0x0806), 42 bytes payload"
        );
    }

    #[test]
    fn construct_in_place() {
        let mut bytes = QINQ_ARP;
        let mut f = EthernetFrame::parse(&mut bytes[..]).unwrap();
        f.set_src(MacAddr([2, 0, 0, 0, 0, 1]));
        f.vlan_tags_mut()[1].set_vid(42);
        f.vlan_tags_mut()[1].set_pcp(5);
        assert!(f.set_ethertype(EtherType::Vlan).is_err());
        f.set_ethertype(EtherType::Ipv4).unwrap();
        f.payload_mut()[0] = 0xaa;
        assert_eq!(&bytes[6..12], &[2, 0, 0, 0, 0, 1]);
        assert_eq!(&bytes[18..20], &[0xa0, 0x2a]);
        assert_eq!(&bytes[20..23], &[0x08, 0x00, 0xaa]);
    }

    #[test]
    fn parse_and_emit_round_trip() {
        let f = EthernetFrame::parse(&QINQ_ARP[..]).unwrap();
        let r = EthernetRepr::parse(&f).unwrap();
        assert_eq!(r.ethertype, EtherType::Arp);
        let mut out = [0u8; 64];
        let n = r
            .emit_frame(&mut out, 28, |p| {
                p.copy_from_slice(&QINQ_ARP[22..50]);
                Ok(())
            })
            .unwrap();
        assert_eq!(n, 64 - 4, "50 bytes padded to the 60-byte minimum");
        assert_eq!(&out[..60], &QINQ_ARP[..60]);
        assert_eq!(
            r.to_string(),
            "Ethernet 00:20:d2:5a:fb:3f > ff:ff:ff:ff:ff:ff, 802.1ad vlan 200 pcp 0, 802.1Q vlan 2001 pcp 0, ARP (0x0806)"
        );
    }

    #[test]
    fn emit_builds_tags_from_scratch() {
        let tags = [VlanTag::new(EtherType::Vlan, 0, false, 102)];
        let r = EthernetRepr {
            dst: MacAddr([0x00, 0x1b, 0x21, 0xc6, 0x42, 0x6e]),
            src: MacAddr([0x00, 0xe0, 0xb1, 0xc8, 0xee, 0x51]),
            vlan_tags: &tags,
            ethertype: EtherType::Ipv4,
        };
        let mut out = [0u8; 18];
        assert_eq!(r.emit(&mut out).unwrap(), 18);
        // First 18 bytes of packetnet_802.1q_vlan_ipv4_tcp.pcap.
        assert_eq!(
            out,
            [
                0x00, 0x1b, 0x21, 0xc6, 0x42, 0x6e, 0x00, 0xe0, 0xb1, 0xc8, 0xee, 0x51, 0x81, 0x00,
                0x00, 0x66, 0x08, 0x00
            ]
        );
        let mut short = [0u8; 17];
        assert_eq!(
            r.emit(&mut short).unwrap_err().kind(),
            ErrorKind::BufferTooSmall {
                needed: 18,
                available: 17
            }
        );
        let bad = EthernetRepr {
            ethertype: EtherType::QinQ,
            ..r
        };
        assert_eq!(bad.emit(&mut out).unwrap_err().offset(), 16);
        let bad_tag = [VlanTag {
            tpid: U16::new(0x0800),
            tci: U16::new(1),
        }];
        let bad = EthernetRepr {
            vlan_tags: &bad_tag,
            ..r
        };
        assert_eq!(bad.emit(&mut out).unwrap_err().protocol(), Protocol::Vlan);
    }

    #[test]
    fn rejects_truncation_with_offsets() {
        let e = EthernetFrame::parse(&QINQ_ARP[..13]).unwrap_err();
        assert_eq!((e.protocol(), e.offset()), (Protocol::Ethernet, 0));
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 14,
                available: 13
            }
        );
        // Cut inside the second tag's TCI: the error points at the TCI.
        let e = EthernetFrame::parse(&QINQ_ARP[..19]).unwrap_err();
        assert_eq!((e.protocol(), e.offset()), (Protocol::Vlan, 18));
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 2,
                available: 1
            }
        );
        // Ends right after a TPID (found by the fuzz harness: the offset was past the end).
        let e = EthernetFrame::parse(&[0u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x81, 0x00][..])
            .unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                14,
                ErrorKind::Truncated {
                    needed: 2,
                    available: 0
                }
            )
        );
        // Cut right after the last TPID: the EtherType is missing.
        let e = EthernetFrame::parse(&QINQ_ARP[..20]).unwrap_err();
        assert_eq!((e.protocol(), e.offset()), (Protocol::Vlan, 20));
        // Exactly the header, no payload: fine.
        assert_eq!(
            EthernetFrame::parse(&QINQ_ARP[..22])
                .unwrap()
                .payload()
                .len(),
            0
        );
    }

    #[test]
    fn a_frame_of_only_tags_is_bounded() {
        // 1000 stacked C-tags, then no EtherType: parse walks each once and fails cleanly.
        let mut bytes = [0u8; 12 + 4 * 1000];
        for t in bytes[12..].chunks_exact_mut(4) {
            t.copy_from_slice(&[0x81, 0x00, 0x00, 0x01]);
        }
        let e = EthernetFrame::parse(&bytes[..]).unwrap_err();
        assert_eq!(e.offset(), 12 + 4000);
    }

    #[test]
    fn untagged_and_tagged_paths_agree_at_the_edges() {
        // The shortest untagged frame takes the fast path: a header and nothing else.
        let f = EthernetFrame::parse(
            &QINQ_ARP[..12]
                .iter()
                .chain(&[0x86, 0xdd])
                .copied()
                .collect::<std::vec::Vec<u8>>()[..],
        )
        .map(|f| {
            (
                f.ethertype(),
                f.ethertype_raw(),
                f.header_len(),
                f.vlan_tags().len(),
                f.payload().len(),
            )
        })
        .unwrap();
        assert_eq!(f, (EtherType::Ipv6, 0x86dd, 14, 0, 0));
        // Each TPID at byte 12 sends a 14-byte frame to the tag walk, which wants the TCI.
        for tpid in [[0x81, 0x00], [0x88, 0xa8], [0x91, 0x00]] {
            let mut b = [0u8; 16];
            b[12..14].copy_from_slice(&tpid);
            let e = EthernetFrame::parse(&b[..14]).unwrap_err();
            assert_eq!((e.protocol(), e.offset()), (Protocol::Vlan, 14));
            let e = EthernetFrame::parse(&b[..16]).unwrap_err();
            assert_eq!((e.protocol(), e.offset()), (Protocol::Vlan, 16));
            // A near miss of a TPID is an EtherType.
            b[13] ^= 1;
            let f = EthernetFrame::parse(&b[..14]).unwrap();
            assert_eq!(f.vlan_tags().len(), 0);
            assert_eq!(f.ethertype_raw(), u16::from_be_bytes([b[12], b[13]]));
        }
    }

    #[test]
    fn mac_address_classes() {
        assert!(MacAddr::BROADCAST.is_broadcast() && MacAddr::BROADCAST.is_multicast());
        let m = MacAddr([0x01, 0x00, 0x5e, 0, 0, 1]);
        assert!(m.is_multicast() && !m.is_local());
        assert!(MacAddr([0x02, 0, 0, 0, 0, 1]).is_local());
        assert_eq!(MacAddr::from_bytes(&[1, 2, 3]), None);
        assert_eq!(EtherType::from(0x86dd), EtherType::Ipv6);
        assert_eq!(EtherType::from(0x05dc).to_string(), "0x05dc");
        assert!(EtherType::from(0x05dc).is_length());
    }
}

//! SNAC, the message inside a channel-2 FLAP (notes §1.3).
//!
//! ```text
//!  0         2          4        6            10
//! +---------+----------+--------+------------+----------------------------+------+
//! | family  | subtype  | flags  | request id | [u16 len, len bytes of TLV] | data |
//! +---------+----------+--------+------------+----------------------------+------+
//!                                              only with flag 0x8000
//! ```
//!
//! Flag 0x0001 says more replies follow; flag 0x8000 says a length-prefixed TLV block
//! precedes the data. libpurple's comment claims that block is always 6 bytes (the family
//! version); the real capture disproves it (`ndpi_Oscar.pcap` frame 37: 14 bytes, two TLVs),
//! so it is skipped by its own length and exposed as a [`TlvChain`]. Server-originated
//! request ids have the high bit set; replies echo the request's id.
//!
//! ```
//! use codec_aim::snac::{Family, SnacFlags, SnacPacket, SnacRepr};
//! // ndpi_Oscar.pcap frame 37: rate change (1/0x0a) with flags 0x8000 and a 14-byte block.
//! let bytes = [0x00, 0x01, 0x00, 0x0a, 0x80, 0x00, 0x80, 0x2e, 0xc1, 0x19,
//!              0x00, 0x0e, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x56,
//!              0x00, 0x01, 0x00, 0x02, 0x00, 0x03,
//!              0x00, 0x01, 0x00, 0x01];
//! let snac = SnacPacket::parse(&bytes[..])?;
//! assert_eq!(snac.family(), Family::OService);
//! assert!(snac.flags().contains(SnacFlags::OPTIONAL_TLVS));
//! assert_eq!(snac.optional_tlvs().map(|c| c.count()), Some(2));
//! assert_eq!(snac.data(), &[0x00, 0x01, 0x00, 0x01]);
//! assert_eq!(snac.to_string(), "SNAC Generic Service, Rate Change flags 0x8000 id 0x802ec119");
//! let repr = SnacRepr::parse(&snac)?;
//! let mut out = [0u8; 30];
//! assert_eq!(repr.emit(&mut out)?, 30);
//! assert_eq!(out, bytes);
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::tlv::{self, TlvChain};
use codec_core::{Error, Protocol, Result, Writer, split_header};
use core::fmt;
use zerocopy::byteorder::network_endian::{U16, U32};
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// Length of the SNAC header.
pub const HEADER_LEN: usize = 10;
/// The high bit of server-originated request ids (Open OSCAR Server `ReqIDFromServer`).
pub const SERVER_REQUEST_ID: u32 = 1 << 31;

codec_core::registry! {
    /// SNAC families ("food groups"), with Wireshark's service names.
    pub enum Family: u16 {
        /// 0x0001 OSERVICE: generic service controls.
        OService = 0x0001 => "Generic Service",
        /// 0x0002 LOCATE: user information, capabilities.
        Location = 0x0002 => "Location",
        /// 0x0003 BUDDY: buddy list (presence).
        BuddyList = 0x0003 => "Buddylist Service",
        /// 0x0004 ICBM: messages and rendezvous.
        Icbm = 0x0004 => "Messaging",
        /// 0x0005 ADVERT.
        Advertisements = 0x0005 => "Advertisements",
        /// 0x0006 INVITE.
        Invitation = 0x0006 => "Invitation",
        /// 0x0007 ADMIN.
        Admin = 0x0007 => "Administrative",
        /// 0x0008 POPUP.
        Popup = 0x0008 => "Popup",
        /// 0x0009 PD (permit/deny), Wireshark's "BOS".
        PrivacyManagement = 0x0009 => "Privacy Management Service",
        /// 0x000A LOOKUP.
        UserLookup = 0x000a => "User Lookup",
        /// 0x000B STATS.
        Stats = 0x000b => "Usage Stats",
        /// 0x000C TRANSLATE.
        Translate = 0x000c => "Translate",
        /// 0x000D CHAT_NAV.
        ChatNav = 0x000d => "Chat Navigation",
        /// 0x000E CHAT.
        Chat = 0x000e => "Chat",
        /// 0x000F ODIR: directory search.
        Directory = 0x000f => "Directory User Search",
        /// 0x0010 BART: buddy icons.
        Bart = 0x0010 => "Server Stored Buddy Icons",
        /// 0x0013 FEEDBAG: server-stored buddy list.
        Feedbag = 0x0013 => "Server Side Info",
        /// 0x0015 ICQ extensions.
        Icq = 0x0015 => "ICQ",
        /// 0x0017 BUCP: sign-on (authorisation).
        Bucp = 0x0017 => "Signon",
        /// 0x0018 ALERT: e-mail notification.
        Alert = 0x0018 => "Email",
        /// 0x044A ARS: the rendezvous proxy (its header reuses the SNAC layout).
        Ars = 0x044a => "Rendezvous Proxy",
    }
}

codec_core::registry! {
    /// SNAC error codes (subtype 0x0001 of every family), Wireshark's names.
    pub enum SnacErrorCode: u16 {
        /// 1.
        InvalidHeader = 0x0001 => "Invalid SNAC Header",
        /// 2.
        ServerRateLimit = 0x0002 => "Server rate limit exceeded",
        /// 3.
        ClientRateLimit = 0x0003 => "Client rate limit exceeded",
        /// 4.
        RecipientNotLoggedIn = 0x0004 => "Recipient not logged in",
        /// 5.
        ServiceUnavailable = 0x0005 => "Requested service unavailable",
        /// 6.
        ServiceNotDefined = 0x0006 => "Requested service not defined",
        /// 7.
        ObsoleteSnac = 0x0007 => "Obsolete SNAC issued",
        /// 8.
        NotSupportedByServer = 0x0008 => "Not supported by server",
        /// 9.
        NotSupportedByClient = 0x0009 => "Not supported by client",
        /// 0x0a.
        RefusedByClient = 0x000a => "Refused by client",
        /// 0x0b.
        ReplyTooBig = 0x000b => "Reply too big",
        /// 0x0c.
        ResponsesLost = 0x000c => "Responses lost",
        /// 0x0d.
        RequestDenied = 0x000d => "Request denied",
        /// 0x0e.
        IncorrectFormat = 0x000e => "Incorrect SNAC format",
        /// 0x0f.
        InsufficientRights = 0x000f => "Insufficient rights",
        /// 0x10.
        RecipientBlocked = 0x0010 => "Recipient blocked",
        /// 0x11.
        SenderTooEvil = 0x0011 => "Sender too evil",
        /// 0x12.
        ReceiverTooEvil = 0x0012 => "Receiver too evil",
        /// 0x13.
        UserUnavailable = 0x0013 => "User temporarily unavailable",
        /// 0x14.
        NoMatch = 0x0014 => "No match",
        /// 0x15.
        ListOverflow = 0x0015 => "List overflow",
        /// 0x16.
        RequestAmbiguous = 0x0016 => "Request ambiguous",
        /// 0x17.
        ServerQueueFull = 0x0017 => "Server queue full",
        /// 0x18.
        NotWhileOnAol = 0x0018 => "Not while on AOL",
    }
}

/// The name Wireshark gives a family's subtype, for the families and subtypes of the real
/// capture (and their common neighbours); `None` for the others.
#[must_use]
pub fn subtype_name(family: u16, subtype: u16) -> Option<&'static str> {
    if subtype == 0x0001 {
        return Some("Error");
    }
    Some(match (family, subtype) {
        (0x0001, 0x0002) => "Client Ready",
        (0x0001, 0x0003) => "Server Ready",
        (0x0001, 0x0004) => "Service Request",
        (0x0001, 0x0005) => "Redirect",
        (0x0001, 0x0006) => "Rate Info Request",
        (0x0001, 0x0007) => "Rate Info",
        (0x0001, 0x0008) => "Rate Info Ack",
        (0x0001, 0x000a) => "Rate Change",
        (0x0001, 0x000b) => "Server Pause",
        (0x0001, 0x000d) => "Server Resume",
        (0x0001, 0x000e) => "Self Info Request",
        (0x0001, 0x000f) => "Self Info Reply",
        (0x0001, 0x0010) => "Evil",
        (0x0001, 0x0011) => "Set Idle",
        (0x0001, 0x0012) => "Migration",
        (0x0001, 0x0013) => "Message Of The Day",
        (0x0001, 0x0014) => "Set Privacy Flags",
        (0x0001, 0x0015) => "Well Known URL",
        (0x0001, 0x0016) => "NOP",
        (0x0001, 0x0017) => "Capabilities",
        (0x0001, 0x0018) => "Capabilities Ack",
        (0x0001, 0x001e) => "Set Extended Status Request",
        (0x0001, 0x001f) => "Client Verification Request",
        (0x0001, 0x0020) => "Client Verification Reply",
        (0x0001, 0x0021) => "Extended Status",
        (0x0002, 0x0002) => "Request Rights",
        (0x0002, 0x0003) => "Rights Info",
        (0x0002, 0x0004) => "Set User Info",
        (0x0002, 0x0005) => "Request User Info",
        (0x0002, 0x0006) => "User Info",
        (0x0002, 0x0015) => "User Info Query",
        (0x0003, 0x0002) => "Rights Request",
        (0x0003, 0x0003) => "Rights Reply",
        (0x0003, 0x0004) => "Add Buddy",
        (0x0003, 0x0005) => "Remove Buddy",
        (0x0003, 0x000b) => "Oncoming Buddy",
        (0x0003, 0x000c) => "Offgoing Buddy",
        (0x0004, 0x0002) => "Set ICBM Parameter",
        (0x0004, 0x0003) => "Reset ICBM Parameter",
        (0x0004, 0x0004) => "Request Parameter Info",
        (0x0004, 0x0005) => "Parameter Info",
        (0x0004, 0x0006) => "Outgoing",
        (0x0004, 0x0007) => "Incoming",
        (0x0004, 0x0008) => "Evil Request",
        (0x0004, 0x0009) => "Evil Response",
        (0x0004, 0x000a) => "Missed Call",
        (0x0004, 0x000b) => "Client Error",
        (0x0004, 0x000c) => "Acknowledge",
        (0x0004, 0x0014) => "Mini Typing Notifications (MTN)",
        (0x0009, 0x0002) => "Rights Query",
        (0x0009, 0x0003) => "Rights",
        (0x0009, 0x0004) => "Set Group Permissions Mask",
        (0x0009, 0x0005) => "Add To Visible List",
        (0x0009, 0x0006) => "Delete From Visible List",
        (0x0009, 0x0007) => "Add To Invisible List",
        (0x0009, 0x0008) => "Delete From Invisible List",
        (0x0013, 0x0002) => "Request Rights",
        (0x0013, 0x0003) => "Rights Info",
        (0x0013, 0x0004) => "Request List (first time)",
        (0x0013, 0x0005) => "Request List",
        (0x0013, 0x0006) => "List",
        (0x0013, 0x0007) => "Activate",
        (0x0013, 0x0008) => "Add Buddy",
        (0x0013, 0x0009) => "Modify Buddy",
        (0x0013, 0x000a) => "Delete Buddy",
        (0x0013, 0x000e) => "Server Ack",
        (0x0013, 0x000f) => "No Modifications",
        (0x0013, 0x0011) => "Start Edit",
        (0x0013, 0x0012) => "End Edit",
        (0x0015, 0x0002) => "ICQ Request",
        (0x0015, 0x0003) => "ICQ Response",
        (0x0017, 0x0002) => "Logon",
        (0x0017, 0x0003) => "Logon Reply",
        (0x0017, 0x0006) => "Sign-on Request",
        (0x0017, 0x0007) => "Sign-on Reply",
        _ => return None,
    })
}

bitflags::bitflags! {
    /// The SNAC flag word (notes §1.3; Wireshark `aim.fnac.flags.*`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct SnacFlags: u16 {
        /// 0x0001: more replies (a related SNAC) follow.
        const MORE_REPLIES = 0x0001;
        /// 0x8000: a length-prefixed TLV block precedes the data.
        const OPTIONAL_TLVS = 0x8000;
        // Keep every other bit.
        const _ = !0;
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for SnacFlags {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(SnacFlags::from_bits_retain(u.arbitrary()?))
    }
}

/// The 10-byte SNAC header.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct SnacHeader {
    /// Family (food group).
    pub family: U16,
    /// Subtype (subgroup).
    pub subtype: U16,
    /// Flags.
    pub flags: U16,
    /// Request id.
    pub request_id: U32,
}

/// A zero-copy view of a SNAC (a channel-2 FLAP payload).
pub struct SnacPacket<B> {
    header: Ref<B, SnacHeader>,
    optional: Option<B>,
    data: B,
}

impl<B: SplitByteSlice> SnacPacket<B> {
    /// Validates `bytes` as a SNAC: the header and, with flag 0x8000, the length-prefixed
    /// TLV block (each TLV inside it), which is then skipped; the rest is the data.
    ///
    /// # Errors
    /// Truncation of the header (offset 0) or of the block (offset 10); a malformed TLV in
    /// the block (errors of [`Protocol::OscarTlv`], offsets from the SNAC's start).
    pub fn parse(bytes: B) -> Result<Self> {
        let (header, rest) = split_header::<B, SnacHeader>(Protocol::Snac, bytes)?;
        let flags = SnacFlags::from_bits_retain(header.flags.get());
        let (optional, data) = if flags.contains(SnacFlags::OPTIONAL_TLVS) {
            let len = match rest.get(..2) {
                Some(&[a, b]) => usize::from(u16::from_be_bytes([a, b])),
                _ => {
                    return Err(Error::truncated(Protocol::Snac, HEADER_LEN, 2, rest.len()));
                }
            };
            let (block, data) = match rest.split_at(2 + len) {
                Ok((block, data)) => (block, data),
                Err(rest) => {
                    return Err(Error::truncated(
                        Protocol::Snac,
                        HEADER_LEN + 2,
                        len,
                        rest.len().saturating_sub(2),
                    ));
                }
            };
            let (_, chain) = match block.split_at(2) {
                Ok(parts) => parts,
                Err(_) => return Err(Error::truncated(Protocol::Snac, HEADER_LEN, 2, 0)),
            };
            TlvChain::parse(&chain).map_err(|e| e.shifted(HEADER_LEN + 2))?;
            (Some(chain), data)
        } else {
            (None, rest)
        };
        Ok(SnacPacket {
            header,
            optional,
            data,
        })
    }

    /// The header.
    #[inline]
    pub fn header(&self) -> &SnacHeader {
        &self.header
    }

    /// Family.
    #[inline]
    pub fn family(&self) -> Family {
        Family::from_value(self.header.family.get())
    }

    /// Subtype.
    #[inline]
    pub fn subtype(&self) -> u16 {
        self.header.subtype.get()
    }

    /// Flags.
    #[inline]
    pub fn flags(&self) -> SnacFlags {
        SnacFlags::from_bits_retain(self.header.flags.get())
    }

    /// Request id.
    #[inline]
    pub fn request_id(&self) -> u32 {
        self.header.request_id.get()
    }

    /// The flag-0x8000 TLV block (without its length prefix).
    #[inline]
    pub fn optional_tlvs(&self) -> Option<TlvChain<'_>> {
        self.optional
            .as_deref()
            .map(|b| TlvChain::parse(b).unwrap_or_default())
    }

    /// Offset of the data from the SNAC's start.
    #[inline]
    pub fn data_offset(&self) -> usize {
        HEADER_LEN + self.optional.as_deref().map_or(0, |b| 2 + b.len())
    }

    /// The data after the header (and the optional block).
    #[inline]
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// Whether the subtype is 0x0001, the error reply every family has.
    #[inline]
    pub fn is_error(&self) -> bool {
        self.subtype() == 0x0001
    }

    /// The subtype's name ([`subtype_name`]).
    #[inline]
    pub fn subtype_name(&self) -> Option<&'static str> {
        subtype_name(self.header.family.get(), self.subtype())
    }
}

impl<B: SplitByteSlice + ByteSliceMut> SnacPacket<B> {
    /// Sets the request id.
    #[inline]
    pub fn set_request_id(&mut self, id: u32) {
        self.header.request_id.set(id);
    }

    /// The data, writable.
    #[inline]
    pub fn data_mut(&mut self) -> &mut [u8] {
        &mut self.data
    }
}

impl<B: SplitByteSlice> fmt::Debug for SnacPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SnacPacket")
            .field("header", &*self.header)
            .field("optional_tlvs", &self.optional_tlvs())
            .field("data_len", &self.data.len())
            .finish()
    }
}

fn write_name(f: &mut fmt::Formatter<'_>, family: u16, subtype: u16) -> fmt::Result {
    match Family::from_value(family) {
        Family::Unknown(v) => write!(f, "family {v:#06x}")?,
        named => write!(f, "{named}")?,
    }
    match subtype_name(family, subtype) {
        Some(name) => write!(f, ", {name}"),
        None => write!(f, ", subtype {subtype:#06x}"),
    }
}

impl<B: SplitByteSlice> fmt::Display for SnacPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SNAC ")?;
        write_name(f, self.header.family.get(), self.subtype())?;
        write!(
            f,
            " flags {:#06x} id {:#010x}",
            self.header.flags.get(),
            self.request_id()
        )
    }
}

/// A SNAC's meaning.
///
/// The flag 0x8000 follows [`optional_tlvs`](Self::optional_tlvs) on emit (set when there
/// is a block, cleared when not); parsing keeps the flags as read, so `parse(emit(r)) == r`
/// holds when `flags` agrees with the block's presence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SnacRepr<'a> {
    /// Family.
    pub family: Family,
    /// Subtype.
    pub subtype: u16,
    /// Flags.
    pub flags: SnacFlags,
    /// Request id.
    pub request_id: u32,
    /// The flag-0x8000 TLV block.
    pub optional_tlvs: Option<TlvChain<'a>>,
    /// The data.
    pub data: &'a [u8],
}

impl<'a> SnacRepr<'a> {
    /// The repr of a parsed SNAC.
    ///
    /// # Errors
    /// None today; the `Result` keeps the family's shape.
    pub fn parse<B: SplitByteSlice>(snac: &'a SnacPacket<B>) -> Result<Self> {
        Ok(SnacRepr {
            family: snac.family(),
            subtype: snac.subtype(),
            flags: snac.flags(),
            request_id: snac.request_id(),
            optional_tlvs: snac.optional_tlvs(),
            data: snac.data(),
        })
    }

    /// Bytes the SNAC takes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        let block = match self.optional_tlvs {
            Some(c) => 2 + c.len(),
            None => 0,
        };
        HEADER_LEN + block + self.data.len()
    }

    /// Writes the header (and the optional block) into the front of `w`.
    ///
    /// # Errors
    /// A buffer error, or [`TooLong`](codec_core::ErrorKind::TooLong) for a block over 65535 bytes.
    pub fn emit_header(&self, w: &mut Writer<'_>) -> Result<()> {
        let mut flags = self.flags;
        flags.set(SnacFlags::OPTIONAL_TLVS, self.optional_tlvs.is_some());
        w.put_u16(self.family.value())?;
        w.put_u16(self.subtype)?;
        w.put_u16(flags.bits())?;
        w.put_u32(self.request_id)?;
        if let Some(chain) = self.optional_tlvs {
            tlv::write_length_prefixed(w, chain).map_err(|e| e.in_protocol(Protocol::Snac))?;
        }
        Ok(())
    }

    /// Writes the SNAC into the front of `buf`; returns its length.
    ///
    /// # Errors
    /// A buffer error, or [`TooLong`](codec_core::ErrorKind::TooLong) for a block over 65535 bytes.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let len = self.buffer_len();
        if buf.len() < len {
            return Err(Error::buffer_too_small(Protocol::Snac, len, buf.len()));
        }
        let mut w = Writer::new(Protocol::Snac, buf);
        self.emit_header(&mut w)?;
        w.put_slice(self.data)?;
        Ok(w.position())
    }
}

impl fmt::Display for SnacRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SNAC ")?;
        write_name(f, self.family.value(), self.subtype)?;
        write!(
            f,
            " flags {:#06x} id {:#010x}",
            self.flags.bits(),
            self.request_id
        )
    }
}

/// The data of an error SNAC (subtype 0x0001 of any family): a u16 code, then TLVs (0x0008
/// error subcode, 0x0004 URL ...; Wireshark `dissect_aim_snac_error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SnacError<'a> {
    /// Error code.
    pub code: SnacErrorCode,
    /// TLVs after it.
    pub tlvs: TlvChain<'a>,
}

impl<'a> SnacError<'a> {
    /// Parses an error SNAC's data.
    ///
    /// # Errors
    /// Truncation of the code; TLV errors (offsets from the data's start).
    pub fn parse(data: &'a [u8]) -> Result<Self> {
        let Some((code, rest)) = data.split_first_chunk::<2>() else {
            return Err(Error::truncated(Protocol::Snac, 0, 2, data.len()));
        };
        Ok(SnacError {
            code: SnacErrorCode::from_value(u16::from_be_bytes(*code)),
            tlvs: TlvChain::parse(rest).map_err(|e| e.shifted(2))?,
        })
    }

    /// Bytes it takes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        2 + self.tlvs.len()
    }

    /// Writes it; returns its length.
    ///
    /// # Errors
    /// A buffer error.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let mut w = Writer::new(Protocol::Snac, buf);
        w.put_u16(self.code.value())?;
        self.tlvs.emit(&mut w)?;
        Ok(w.position())
    }
}

impl fmt::Display for SnacError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SNAC error {} TLVs {}", self.code, self.tlvs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::ErrorKind;
    use std::string::ToString;

    // ../shared/captures/aim_oscar/ndpi_Oscar.pcap frame 28 from byte 60: SNAC 0x0015/0x0001
    // (ICQ error), id 83, code 2, TLV 0x21 (16 bytes) (Wireshark: family 21 subtype 1
    // flags 0 id 83; TLV 33 len 16 at frame byte 72).
    static ICQ_ERROR: [u8; 32] = [
        0x00, 0x15, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x53, 0x00, 0x02, 0x00, 0x21, 0x00,
        0x10, 0x0e, 0x00, 0x14, 0x64, 0x69, 0x09, 0xd0, 0x07, 0x53, 0x00, 0xba, 0x04, 0xef, 0x97,
        0x40, 0x0a,
    ];

    // Frame 37: rate change with flags 0x8000 (header, block, first body bytes).
    static RATE_CHANGE: [u8; 30] = [
        0x00, 0x01, 0x00, 0x0a, 0x80, 0x00, 0x80, 0x2e, 0xc1, 0x19, 0x00, 0x0e, 0x00, 0x02, 0x00,
        0x04, 0x00, 0x00, 0x00, 0x56, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x01, 0x00, 0x01,
    ];

    #[test]
    fn deconstruct() {
        let s = SnacPacket::parse(&ICQ_ERROR[..]).unwrap();
        assert_eq!(s.family(), Family::Icq);
        assert_eq!(s.subtype(), 1);
        assert!(s.is_error());
        assert_eq!(s.flags(), SnacFlags::empty());
        assert_eq!(s.request_id(), 83);
        assert_eq!(s.data_offset(), 10);
        assert!(s.optional_tlvs().is_none());
        let e = SnacError::parse(s.data()).unwrap();
        assert_eq!(e.code, SnacErrorCode::ServerRateLimit);
        let t = e.tlvs.first(0x21).unwrap();
        assert_eq!((t.value.len(), t.offset), (16, 0));
        assert_eq!(s.to_string(), "SNAC ICQ, Error flags 0x0000 id 0x00000053");

        let s = SnacPacket::parse(&RATE_CHANGE[..]).unwrap();
        assert_eq!(s.data_offset(), 26);
        assert_eq!(s.request_id(), 2150547737);
        assert_eq!(s.subtype_name(), Some("Rate Change"));
        assert!(s.request_id() & SERVER_REQUEST_ID != 0);
    }

    #[test]
    fn construct() {
        let mut bytes = ICQ_ERROR;
        let mut s = SnacPacket::parse(&mut bytes[..]).unwrap();
        s.set_request_id(0x8000_0001);
        s.data_mut()[1] = 4;
        assert_eq!(&bytes[6..12], &[0x80, 0, 0, 1, 0, 4]);
    }

    #[test]
    fn parse_and_emit() {
        for bytes in [&ICQ_ERROR[..], &RATE_CHANGE[..]] {
            let s = SnacPacket::parse(bytes).unwrap();
            let r = SnacRepr::parse(&s).unwrap();
            assert_eq!(r.buffer_len(), bytes.len());
            let mut out = [0u8; 64];
            let n = r.emit(&mut out).unwrap();
            assert_eq!(&out[..n], bytes);
            assert_eq!(
                SnacRepr::parse(&SnacPacket::parse(&out[..n]).unwrap()).unwrap(),
                r
            );
        }
        let e = SnacError::parse(&ICQ_ERROR[10..]).unwrap();
        let mut out = [0u8; 22];
        assert_eq!(e.emit(&mut out).unwrap(), 22);
        assert_eq!(out, ICQ_ERROR[10..]);
        // Emit sets the 0x8000 flag from the block's presence.
        let r = SnacRepr {
            family: Family::OService,
            subtype: 0x0a,
            flags: SnacFlags::empty(),
            request_id: 1,
            optional_tlvs: Some(TlvChain::parse(&RATE_CHANGE[12..26]).unwrap()),
            data: &[],
        };
        let mut out = [0u8; 26];
        r.emit(&mut out).unwrap();
        assert_eq!(&out[4..6], &[0x80, 0x00]);
    }

    #[test]
    fn rejects() {
        let e = SnacPacket::parse(&ICQ_ERROR[..9]).unwrap_err();
        assert_eq!(
            (e.protocol(), e.offset(), e.kind()),
            (
                Protocol::Snac,
                0,
                ErrorKind::Truncated {
                    needed: 10,
                    available: 9
                }
            )
        );
        let e = SnacPacket::parse(&RATE_CHANGE[..11]).unwrap_err();
        assert_eq!(e.offset(), 10);
        let e = SnacPacket::parse(&RATE_CHANGE[..20]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                12,
                ErrorKind::Truncated {
                    needed: 14,
                    available: 8
                }
            )
        );
        // A TLV inside the block overrunning it.
        let mut bad = RATE_CHANGE;
        bad[15] = 0x20;
        let e = SnacPacket::parse(&bad[..]).unwrap_err();
        assert_eq!((e.protocol(), e.offset()), (Protocol::OscarTlv, 14));
        assert!(SnacError::parse(&[0]).is_err());
    }
}

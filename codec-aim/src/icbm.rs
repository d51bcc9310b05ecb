//! ICBM, family 0x0004: instant messages (channel 1) and rendezvous proposals (channel 2)
//! (notes §1.4–§1.5).
//!
//! Two directions, two layouts:
//!
//! ```text
//! 4/6  client → server: cookie[8] | u16 channel | u8 len, screen name | TLVs
//! 4/7  server → client: cookie[8] | u16 channel | u8 len, screen name | u16 warning
//!                       | u16 count, count TLVs (user info) | TLVs
//! ```
//!
//! The user-info TLVs and the message TLVs may share tags (libpurple `family_icbm.c`), so
//! [`IcbmIncoming`] keeps them apart. Outer TLV 0x0002 carries a channel-1 message as
//! fragments ([`Fragments`], [`MessageText`]); outer TLV 0x0005 carries a channel-2
//! [`Rendezvous`]: `u16 type, cookie[8], capability[16]`, then the inner TLVs
//! ([`RendezvousTag`]) — client IP, proxy IP, port, XOR checks, the send-file service data
//! ([`SendFileData`]).
//!
//! ```
//! use codec_aim::icbm::{Capability, IcbmMessage, RendezvousType};
//! use core::net::Ipv4Addr;
//! // The constructed send-file proposal of ../shared/vectors/oscar_constructed.txt,
//! // from the ICBM cookie on (after the FLAP and SNAC headers).
//! let icbm = [
//!     0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x00, 0x00, 0x02, 0x05, b'b', b'u', b'd',
//!     b'd', b'y', 0x00, 0x03, 0x00, 0x00, 0x00, 0x05, 0x00, 0x62, 0x00, 0x00, 0x31, 0x32,
//!     0x33, 0x34, 0x35, 0x36, 0x37, 0x00, 0x09, 0x46, 0x13, 0x43, 0x4c, 0x7f, 0x11, 0xd1,
//!     0x82, 0x22, 0x44, 0x45, 0x53, 0x54, 0x00, 0x00, 0x00, 0x02, 0x00, 0x04, 0xc0, 0xa8,
//!     0x01, 0x0a, 0x00, 0x03, 0x00, 0x04, 0xc0, 0xa8, 0x01, 0x0a, 0x00, 0x05, 0x00, 0x02,
//!     0x14, 0x46, 0x00, 0x0a, 0x00, 0x02, 0x00, 0x01, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x10,
//!     0x00, 0x00, 0x00, 0x16, 0x00, 0x04, 0x3f, 0x57, 0xfe, 0xf5, 0x00, 0x17, 0x00, 0x02,
//!     0xeb, 0xb9, 0x27, 0x11, 0x00, 0x12, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x30, 0x39,
//!     b'h', b'e', b'l', b'l', b'o', b'.', b't', b'x', b't', 0x00,
//! ];
//! let msg = IcbmMessage::parse(&icbm)?;
//! assert_eq!(msg.screen_name, b"buddy");
//! let rv = msg.rendezvous().unwrap()?;
//! assert_eq!(rv.kind(), RendezvousType::Propose);
//! assert_eq!(rv.capability(), Capability::SEND_FILE);
//! assert_eq!(rv.proxy_ip(), Some(Ipv4Addr::new(192, 168, 1, 10)));
//! assert_eq!(rv.port(), Some(5190));
//! assert!(rv.use_proxy());
//! assert_eq!(rv.xor_check(), Some(true));
//! let file = rv.send_file().unwrap()?;
//! assert_eq!((file.file_count, file.total_size, file.name()), (1, 12345, &b"hello.txt"[..]));
//! assert_eq!(
//!     rv.to_string(),
//!     "Rendezvous Propose Send File cookie 3132333435363700 proxy 192.168.1.10 port 5190 req 1"
//! );
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::tlv::{self, TlvChain, TlvValue};
use codec_core::{Error, Field, Protocol, Result, Writer, split_header};
use core::fmt;
use core::net::Ipv4Addr;
use zerocopy::byteorder::network_endian::U16;
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// Length of an ICBM cookie.
pub const COOKIE_LEN: usize = 8;
/// Length of a rendezvous block's fixed part: type, cookie, capability.
pub const RENDEZVOUS_HEADER_LEN: usize = 26;

/// Outer ICBM TLV: a channel-1 message (fragments).
pub const TLV_MESSAGE: u16 = 0x0002;
/// Outer ICBM TLV (empty): ask the server for a host acknowledgement (4/0x0c). Not an IP.
pub const TLV_REQUEST_HOST_ACK: u16 = 0x0003;
/// Outer ICBM TLV: a channel-2 rendezvous block.
pub const TLV_RENDEZVOUS: u16 = 0x0005;

codec_core::registry! {
    /// ICBM channels.
    pub enum IcbmChannel: u16 {
        /// 1: plain instant message.
        Im = 1 => "IM",
        /// 2: rendezvous (file transfer, direct IM, chat invitation...).
        Rendezvous = 2 => "Rendezvous",
        /// 4: ICQ-style message.
        Icq = 4 => "ICQ",
    }
}

codec_core::registry! {
    /// Rendezvous message types (libpurple `oscar.h`; Open OSCAR Server `wire/snacs.go`).
    pub enum RendezvousType: u16 {
        /// 0: propose (request).
        Propose = 0 => "Propose",
        /// 1: cancel.
        Cancel = 1 => "Cancel",
        /// 2: accept ("connected" in libpurple).
        Accept = 2 => "Accept",
        /// 3: NAK (undocumented).
        Nak = 3 => "NAK",
    }
}

codec_core::registry! {
    /// Inner rendezvous TLV tags (notes §1.5, names from NINA / Open OSCAR Server).
    pub enum RendezvousTag: u16 {
        /// 0x0001 RDV_CHAN: ICBM channel of the rendezvous (u16).
        Channel = 0x0001 => "channel",
        /// 0x0002 RDV_IP: rendezvous (proxy) IP (u32).
        ProxyIp = 0x0002 => "rendezvous IP",
        /// 0x0003 REQUESTER_IP: the client's own idea of its IP (u32); private behind NAT.
        ClientIp = 0x0003 => "client IP",
        /// 0x0004 VERIFIED_IP: the IP the server saw (u32); added by the server only.
        VerifiedIp = 0x0004 => "verified IP",
        /// 0x0005 PORT: listener port, or the proxy pin with 0x0010 (u16).
        Port = 0x0005 => "port",
        /// 0x0006 download URL.
        DownloadUrl = 0x0006 => "download URL",
        /// 0x0007 download URL 2.
        DownloadUrl2 = 0x0007 => "download URL 2",
        /// 0x0008 download URL (server only).
        DownloadUrl3 = 0x0008 => "download URL 3",
        /// 0x000A SEQ_NUM: request number, 1 initial, 2 reply, 3 stage 3 (u16).
        RequestNumber = 0x000a => "request number",
        /// 0x000B CANCEL_REASON (u16).
        CancelReason = 0x000b => "cancel reason",
        /// 0x000C invitation text.
        InvitationText = 0x000c => "invitation",
        /// 0x000D invitation charset.
        InvitationCharset = 0x000d => "charset",
        /// 0x000E invitation language.
        InvitationLanguage = 0x000e => "language",
        /// 0x000F REQUEST_HOST_CHK (empty).
        RequestHostCheck = 0x000f => "host check",
        /// 0x0010 USE_ARS: connect through the proxy (empty).
        UseProxy = 0x0010 => "use proxy",
        /// 0x0011 REQUEST_SECURE (empty).
        Secure = 0x0011 => "secure",
        /// 0x0012 maximum protocol version (u16).
        MaxVersion = 0x0012 => "max version",
        /// 0x0013 minimum protocol version (u16).
        MinVersion = 0x0013 => "min version",
        /// 0x0014 COUNTER_REASON (u16).
        CounterReason = 0x0014 => "counter reason",
        /// 0x0015 INVITE_MIME_TYPE.
        MimeType = 0x0015 => "MIME type",
        /// 0x0016 IP_XOR = RDV_IP ^ 0xFFFFFFFF (u32).
        IpXor = 0x0016 => "IP XOR",
        /// 0x0017 PORT_XOR = PORT ^ 0xFFFF (u16).
        PortXor = 0x0017 => "port XOR",
        /// 0x0018 ADDR_LIST.
        AddressList = 0x0018 => "address list",
        /// 0x0019 SESS_ID.
        SessionId = 0x0019 => "session id",
        /// 0x001A ROLLOVER_ID.
        RolloverId = 0x001a => "rollover id",
        /// 0x2711 SVC_DATA: service data (send file: [`SendFileData`]).
        ServiceData = 0x2711 => "service data",
        /// 0x2712 service data charset.
        ServiceCharset = 0x2712 => "service charset",
    }
}

codec_core::registry! {
    /// Cancel reasons (TLV 0x000B; Open OSCAR Server `wire/snacs.go`).
    pub enum CancelReason: u16 {
        /// 0.
        Unknown0 = 0 => "unknown",
        /// 1: the user cancelled.
        UserCancel = 1 => "user cancel",
        /// 2: timeout.
        Timeout = 2 => "timeout",
        /// 3: accepted on another client.
        AcceptedElsewhere = 3 => "accepted elsewhere",
    }
}

/// A 16-byte capability UUID.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Capability(pub [u8; 16]);

const fn aim_cap(b: u8) -> Capability {
    Capability([
        0x09, 0x46, 0x13, b, 0x4c, 0x7f, 0x11, 0xd1, 0x82, 0x22, 0x44, 0x45, 0x53, 0x54, 0x00, 0x00,
    ])
}

impl Capability {
    /// Voice chat `09461341-4C7F-11D1-8222-444553540000`.
    pub const VOICE_CHAT: Capability = aim_cap(0x41);
    /// Direct play `09461342-…`.
    pub const DIRECT_PLAY: Capability = aim_cap(0x42);
    /// Send file `09461343-4C7F-11D1-8222-444553540000` (libpurple `family_locate.c`).
    pub const SEND_FILE: Capability = aim_cap(0x43);
    /// ICQ direct connect `09461344-…`.
    pub const ICQ_DIRECT: Capability = aim_cap(0x44);
    /// Direct IM `09461345-4C7F-11D1-8222-444553540000`.
    pub const DIRECT_IM: Capability = aim_cap(0x45);
    /// Buddy icon `09461346-…`.
    pub const BUDDY_ICON: Capability = aim_cap(0x46);
    /// Add-ins / stocks `09461347-…`.
    pub const ADD_INS: Capability = aim_cap(0x47);
    /// Get file `09461348-4C7F-11D1-8222-444553540000`.
    pub const GET_FILE: Capability = aim_cap(0x48);
    /// ICQ server relay `09461349-…`.
    pub const ICQ_SERVER_RELAY: Capability = aim_cap(0x49);
    /// Games `0946134A-…`.
    pub const GAMES: Capability = aim_cap(0x4a);
    /// Send buddy list `0946134B-…`.
    pub const SEND_BUDDY_LIST: Capability = aim_cap(0x4b);
    /// UTF-8 messages `0946134E-…`.
    pub const UTF8: Capability = aim_cap(0x4e);
    /// Chat `748F2420-6287-11D1-8222-444553540000`.
    pub const CHAT: Capability = Capability([
        0x74, 0x8f, 0x24, 0x20, 0x62, 0x87, 0x11, 0xd1, 0x82, 0x22, 0x44, 0x45, 0x53, 0x54, 0x00,
        0x00,
    ]);

    /// The capability's name, for the ones above.
    #[must_use]
    pub fn name(&self) -> Option<&'static str> {
        Some(match *self {
            Capability::VOICE_CHAT => "Voice Chat",
            Capability::DIRECT_PLAY => "Direct Play",
            Capability::SEND_FILE => "Send File",
            Capability::ICQ_DIRECT => "ICQ Direct Connect",
            Capability::DIRECT_IM => "Direct IM",
            Capability::BUDDY_ICON => "Buddy Icon",
            Capability::ADD_INS => "Add-Ins",
            Capability::GET_FILE => "Get File",
            Capability::ICQ_SERVER_RELAY => "ICQ Server Relay",
            Capability::GAMES => "Games",
            Capability::SEND_BUDDY_LIST => "Send Buddy List",
            Capability::UTF8 => "UTF-8",
            Capability::CHAT => "Chat",
            _ => return None,
        })
    }
}

impl fmt::Debug for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Capability({self})")
    }
}

impl fmt::Display for Capability {
    /// The name if known, else the UUID `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = self.name() {
            return f.write_str(name);
        }
        for (i, b) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

fn read_screen_name(bytes: &[u8], at: usize) -> Result<(&[u8], &[u8])> {
    let Some((&len, rest)) = bytes.split_first() else {
        return Err(Error::truncated(Protocol::Icbm, at, 1, 0));
    };
    rest.split_at_checked(usize::from(len))
        .ok_or(Error::truncated(
            Protocol::Icbm,
            at + 1,
            usize::from(len),
            rest.len(),
        ))
}

fn write_screen_name(w: &mut Writer<'_>, name: &[u8]) -> Result<()> {
    let len = u8::try_from(name.len()).map_err(|_| {
        Error::bad_length(Protocol::Icbm, w.position(), Field::Name, name.len() as u32)
    })?;
    w.put_u8(len)?;
    w.put_slice(name)
}

fn read_prefix(bytes: &[u8]) -> Result<([u8; COOKIE_LEN], IcbmChannel, &[u8])> {
    let Some((cookie, rest)) = bytes.split_first_chunk::<COOKIE_LEN>() else {
        return Err(Error::truncated(Protocol::Icbm, 0, 10, bytes.len()));
    };
    let Some((channel, rest)) = rest.split_first_chunk::<2>() else {
        return Err(Error::truncated(Protocol::Icbm, 0, 10, bytes.len()));
    };
    Ok((
        *cookie,
        IcbmChannel::from_value(u16::from_be_bytes(*channel)),
        rest,
    ))
}

/// The user-info block (notes §1.4): `u8 len, screen name, u16 warning level, u16 count,
/// count TLVs`. Found in ICBM 4/7, buddy arrivals and the self-info reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct UserInfo<'a> {
    /// Screen name (UIN for ICQ), at most 255 bytes.
    pub screen_name: &'a [u8],
    /// Warning ("evil") level.
    pub warning: u16,
    /// The counted TLVs.
    pub tlvs: TlvChain<'a>,
}

impl<'a> UserInfo<'a> {
    /// Reads a user-info block at the front of `bytes`; returns it and the bytes after it.
    ///
    /// # Errors
    /// Truncation (errors of [`Protocol::Icbm`], or [`Protocol::OscarTlv`] inside the TLVs),
    /// offsets from `bytes`.
    pub fn parse(bytes: &'a [u8]) -> Result<(Self, &'a [u8])> {
        let (screen_name, rest) = read_screen_name(bytes, 0)?;
        let at = 1 + screen_name.len();
        let Some((warning, rest)) = rest.split_first_chunk::<2>() else {
            return Err(Error::truncated(Protocol::Icbm, at, 2, rest.len()));
        };
        let (tlvs, _, rest) = TlvChain::parse_counted(rest).map_err(|e| e.shifted(at + 2))?;
        Ok((
            UserInfo {
                screen_name,
                warning: u16::from_be_bytes(*warning),
                tlvs,
            },
            rest,
        ))
    }

    /// Offset of the count field from the block's start.
    #[must_use]
    pub const fn count_offset(&self) -> usize {
        1 + self.screen_name.len() + 2
    }

    /// Bytes the block takes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        self.count_offset() + 2 + self.tlvs.len()
    }

    /// Writes the block.
    ///
    /// # Errors
    /// A buffer error; a screen name over 255 bytes.
    pub fn emit(&self, w: &mut Writer<'_>) -> Result<()> {
        write_screen_name(w, self.screen_name)?;
        w.put_u16(self.warning)?;
        tlv::write_counted(w, self.tlvs)
    }
}

/// An ICBM sent by a client, SNAC 4/6: `cookie, channel, screen name, TLVs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct IcbmMessage<'a> {
    /// Message cookie (libpurple writes 7 ASCII digits and a NUL).
    pub cookie: [u8; COOKIE_LEN],
    /// Channel.
    pub channel: IcbmChannel,
    /// Recipient screen name.
    pub screen_name: &'a [u8],
    /// The TLVs (0x0002 message, 0x0003 request host ack, 0x0005 rendezvous ...).
    pub tlvs: TlvChain<'a>,
}

impl<'a> IcbmMessage<'a> {
    /// Parses the data of a 4/6 SNAC.
    ///
    /// # Errors
    /// Truncation; TLV errors (offsets from the data's start).
    pub fn parse(data: &'a [u8]) -> Result<Self> {
        let (cookie, channel, rest) = read_prefix(data)?;
        let (screen_name, rest) = read_screen_name(rest, 10)?;
        let tlvs = TlvChain::parse(rest).map_err(|e| e.shifted(11 + screen_name.len()))?;
        Ok(IcbmMessage {
            cookie,
            channel,
            screen_name,
            tlvs,
        })
    }

    /// Offset of the TLVs from the data's start.
    #[must_use]
    pub const fn tlvs_offset(&self) -> usize {
        11 + self.screen_name.len()
    }

    /// Bytes it takes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        self.tlvs_offset() + self.tlvs.len()
    }

    /// Writes it; returns its length.
    ///
    /// # Errors
    /// A buffer error; a screen name over 255 bytes.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let mut w = Writer::new(Protocol::Icbm, buf);
        w.put_slice(&self.cookie)?;
        w.put_u16(self.channel.value())?;
        write_screen_name(&mut w, self.screen_name)?;
        self.tlvs.emit(&mut w)?;
        Ok(w.position())
    }

    /// The rendezvous block (TLV 0x0005), if any.
    #[must_use]
    pub fn rendezvous(&self) -> Option<Result<Rendezvous<&'a [u8]>>> {
        self.tlvs.first(TLV_RENDEZVOUS).map(|t| {
            Rendezvous::parse(t.value).map_err(|e| e.shifted(self.tlvs_offset() + t.value_offset()))
        })
    }

    /// The message text of a channel-1 message (TLV 0x0002, fragment 0x0101).
    #[must_use]
    pub fn text(&self) -> Option<Result<MessageText<'a>>> {
        message_text(self.tlvs)
    }

    /// Whether the rendezvous cookie equals the ICBM cookie (libpurple drops the message
    /// otherwise); `None` without a rendezvous block.
    #[must_use]
    pub fn cookies_match(&self) -> Option<bool> {
        match self.rendezvous()? {
            Ok(r) => Some(r.cookie() == self.cookie),
            Err(_) => Some(false),
        }
    }
}

impl fmt::Display for IcbmMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ICBM to {} channel {} ",
            Name(self.screen_name),
            self.channel
        )?;
        match (self.rendezvous(), self.text()) {
            (Some(Ok(r)), _) => r.fmt(f),
            (_, Some(Ok(t))) => write!(f, "text ({} bytes)", t.text.len()),
            _ => write!(f, "TLVs {}", self.tlvs),
        }
    }
}

/// An ICBM delivered by the server, SNAC 4/7: `cookie, channel, user info, TLVs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct IcbmIncoming<'a> {
    /// Message cookie.
    pub cookie: [u8; COOKIE_LEN],
    /// Channel.
    pub channel: IcbmChannel,
    /// The sender's user info.
    pub sender: UserInfo<'a>,
    /// The message TLVs (after the user info; tags may repeat those of the user info).
    pub tlvs: TlvChain<'a>,
}

impl<'a> IcbmIncoming<'a> {
    /// Parses the data of a 4/7 SNAC.
    ///
    /// # Errors
    /// Truncation; TLV errors (offsets from the data's start).
    pub fn parse(data: &'a [u8]) -> Result<Self> {
        let (cookie, channel, rest) = read_prefix(data)?;
        let (sender, rest) = UserInfo::parse(rest).map_err(|e| e.shifted(10))?;
        let at = 10 + sender.buffer_len();
        let tlvs = TlvChain::parse(rest).map_err(|e| e.shifted(at))?;
        Ok(IcbmIncoming {
            cookie,
            channel,
            sender,
            tlvs,
        })
    }

    /// Offset of the message TLVs from the data's start.
    #[must_use]
    pub const fn tlvs_offset(&self) -> usize {
        10 + self.sender.buffer_len()
    }

    /// Bytes it takes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        self.tlvs_offset() + self.tlvs.len()
    }

    /// Writes it; returns its length.
    ///
    /// # Errors
    /// A buffer error; a screen name over 255 bytes.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let mut w = Writer::new(Protocol::Icbm, buf);
        w.put_slice(&self.cookie)?;
        w.put_u16(self.channel.value())?;
        self.sender.emit(&mut w)?;
        self.tlvs.emit(&mut w)?;
        Ok(w.position())
    }

    /// The rendezvous block (TLV 0x0005 of the message TLVs), if any.
    #[must_use]
    pub fn rendezvous(&self) -> Option<Result<Rendezvous<&'a [u8]>>> {
        self.tlvs.first(TLV_RENDEZVOUS).map(|t| {
            Rendezvous::parse(t.value).map_err(|e| e.shifted(self.tlvs_offset() + t.value_offset()))
        })
    }

    /// The message text of a channel-1 message.
    #[must_use]
    pub fn text(&self) -> Option<Result<MessageText<'a>>> {
        message_text(self.tlvs)
    }
}

impl fmt::Display for IcbmIncoming<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ICBM from {} channel {} ",
            Name(self.sender.screen_name),
            self.channel
        )?;
        match (self.rendezvous(), self.text()) {
            (Some(Ok(r)), _) => r.fmt(f),
            (_, Some(Ok(t))) => write!(f, "text ({} bytes)", t.text.len()),
            _ => write!(f, "TLVs {}", self.tlvs),
        }
    }
}

/// A screen name shown as text (non-printable bytes escaped).
struct Name<'a>(&'a [u8]);

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &b in self.0 {
            if b.is_ascii_graphic() || b == b' ' {
                write!(f, "{}", char::from(b))?;
            } else {
                write!(f, "\\x{b:02x}")?;
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Channel 1: fragments of TLV 0x0002.

/// One fragment of a channel-1 message block: `u8 id, u8 version, u16 len, data`
/// (id 5 = required capabilities, id 1 = message text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fragment<'a> {
    /// Fragment id.
    pub id: u8,
    /// Fragment version.
    pub version: u8,
    /// Its data.
    pub data: &'a [u8],
}

/// The fragments of a TLV 0x0002 value.
#[derive(Debug, Clone)]
pub struct Fragments<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Fragments<'a> {
    /// Walks `bytes` (the value of outer TLV 0x0002).
    #[must_use]
    pub const fn new(bytes: &'a [u8]) -> Self {
        Fragments { bytes, pos: 0 }
    }
}

impl<'a> Iterator for Fragments<'a> {
    type Item = Result<Fragment<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.bytes.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let at = self.pos;
        let Some((&[id, version, l0, l1], data)) = rest.split_first_chunk::<4>() else {
            self.pos = self.bytes.len();
            return Some(Err(Error::truncated(Protocol::Icbm, at, 4, rest.len())));
        };
        let len = usize::from(u16::from_be_bytes([l0, l1]));
        let Some(data) = data.get(..len) else {
            self.pos = self.bytes.len();
            return Some(Err(Error::bad_length(
                Protocol::Icbm,
                at + 2,
                Field::Length,
                len as u32,
            )));
        };
        self.pos = at + 4 + len;
        Some(Ok(Fragment { id, version, data }))
    }
}

/// The text fragment of a channel-1 message: `u16 charset, u16 language, text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MessageText<'a> {
    /// Charset: 0 ASCII, 2 UCS-2BE, 3 ISO-8859-1.
    pub charset: u16,
    /// Language / subset.
    pub language: u16,
    /// The text bytes (often HTML).
    pub text: &'a [u8],
}

fn message_text(tlvs: TlvChain<'_>) -> Option<Result<MessageText<'_>>> {
    let block = tlvs.first(TLV_MESSAGE)?;
    for fragment in Fragments::new(block.value) {
        let fragment = match fragment {
            Ok(f) => f,
            Err(e) => return Some(Err(e)),
        };
        if fragment.id == 1 {
            return Some(match fragment.data.split_first_chunk::<4>() {
                Some((&[c0, c1, l0, l1], text)) => Ok(MessageText {
                    charset: u16::from_be_bytes([c0, c1]),
                    language: u16::from_be_bytes([l0, l1]),
                    text,
                }),
                None => Err(Error::truncated(Protocol::Icbm, 0, 4, fragment.data.len())),
            });
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// Channel 2: the rendezvous block.

/// The fixed part of a rendezvous block (value of outer TLV 0x0005).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct RendezvousHeader {
    /// Type: propose, cancel, accept, NAK.
    pub kind: U16,
    /// Cookie; must equal the ICBM cookie.
    pub cookie: [u8; COOKIE_LEN],
    /// Capability UUID: what is proposed.
    pub capability: [u8; 16],
}

/// A zero-copy view of a rendezvous block: header and inner TLVs.
pub struct Rendezvous<B> {
    header: Ref<B, RendezvousHeader>,
    tlvs: B,
}

impl<B: SplitByteSlice> Rendezvous<B> {
    /// Validates `bytes` (a TLV 0x0005 value) as a rendezvous block: the 26-byte header and
    /// a well-formed TLV chain after it (possibly empty: ACCEPT blocks are 26 bytes).
    ///
    /// # Errors
    /// Truncation of the header; TLV errors (offsets from the block's start).
    pub fn parse(bytes: B) -> Result<Self> {
        let (header, tlvs) = split_header::<B, RendezvousHeader>(Protocol::Icbm, bytes)?;
        TlvChain::parse(&tlvs).map_err(|e| e.shifted(RENDEZVOUS_HEADER_LEN))?;
        Ok(Rendezvous { header, tlvs })
    }

    /// The type.
    #[inline]
    pub fn kind(&self) -> RendezvousType {
        RendezvousType::from_value(self.header.kind.get())
    }

    /// The cookie.
    #[inline]
    pub fn cookie(&self) -> [u8; COOKIE_LEN] {
        self.header.cookie
    }

    /// The capability.
    #[inline]
    pub fn capability(&self) -> Capability {
        Capability(self.header.capability)
    }

    /// The inner TLVs.
    #[inline]
    pub fn tlvs(&self) -> TlvChain<'_> {
        TlvChain::parse(&self.tlvs).unwrap_or_default()
    }

    fn ipv4(&self, tag: RendezvousTag) -> Option<Ipv4Addr> {
        self.tlvs().first(tag.value()).and_then(|t| t.as_ipv4())
    }

    fn u16(&self, tag: RendezvousTag) -> Option<u16> {
        self.tlvs().first(tag.value()).and_then(|t| t.as_u16())
    }

    /// TLV 0x0002: the rendezvous (proxy) IP.
    pub fn proxy_ip(&self) -> Option<Ipv4Addr> {
        self.ipv4(RendezvousTag::ProxyIp)
    }

    /// TLV 0x0003: the client's IP as it sees itself.
    pub fn client_ip(&self) -> Option<Ipv4Addr> {
        self.ipv4(RendezvousTag::ClientIp)
    }

    /// TLV 0x0004: the IP the server saw.
    pub fn verified_ip(&self) -> Option<Ipv4Addr> {
        self.ipv4(RendezvousTag::VerifiedIp)
    }

    /// TLV 0x0005: the port (the proxy pin when [`use_proxy`](Self::use_proxy)).
    pub fn port(&self) -> Option<u16> {
        self.u16(RendezvousTag::Port)
    }

    /// TLV 0x000A: the request number.
    pub fn request_number(&self) -> Option<u16> {
        self.u16(RendezvousTag::RequestNumber)
    }

    /// TLV 0x000B: the cancel reason.
    pub fn cancel_reason(&self) -> Option<CancelReason> {
        self.u16(RendezvousTag::CancelReason)
            .map(CancelReason::from_value)
    }

    /// TLV 0x0010: whether the connection goes through the proxy.
    pub fn use_proxy(&self) -> bool {
        self.tlvs().contains(RendezvousTag::UseProxy.value())
    }

    /// TLV 0x0016.
    pub fn ip_xor(&self) -> Option<u32> {
        self.tlvs()
            .first(RendezvousTag::IpXor.value())
            .and_then(|t| t.as_u32())
    }

    /// TLV 0x0017.
    pub fn port_xor(&self) -> Option<u16> {
        self.u16(RendezvousTag::PortXor)
    }

    /// Whether the XOR check TLVs agree with the address they protect: 0x0016 with the
    /// rendezvous IP (0x0002, else 0x0003) and 0x0017 with the port. `None` when neither
    /// check is present (libpurple's direct proposals send none).
    pub fn xor_check(&self) -> Option<bool> {
        let ip = self.proxy_ip().or_else(|| self.client_ip());
        let ip_ok = self
            .ip_xor()
            .map(|x| ip.is_some_and(|ip| x == !u32::from(ip)));
        let port_ok = self
            .port_xor()
            .map(|x| self.port().is_some_and(|p| x == !p));
        match (ip_ok, port_ok) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(true) && b.unwrap_or(true)),
        }
    }

    /// The send-file service data (TLV 0x2711) of a [`Capability::SEND_FILE`] proposal.
    pub fn send_file(&self) -> Option<Result<SendFileData<'_>>> {
        if self.capability() != Capability::SEND_FILE {
            return None;
        }
        self.tlvs()
            .first(RendezvousTag::ServiceData.value())
            .map(|t| SendFileData::parse(t.value))
    }

    /// The typed inner TLVs (first of each tag).
    pub fn params(&self) -> RendezvousParams<'_> {
        RendezvousParams::from_chain(self.tlvs())
    }
}

impl<B: SplitByteSlice + ByteSliceMut> Rendezvous<B> {
    /// The inner TLV bytes, writable (for in-place edits that keep every length; see
    /// [`crate::rewrite`]).
    pub fn tlvs_mut(&mut self) -> &mut [u8] {
        &mut self.tlvs
    }

    /// Sets the type.
    pub fn set_kind(&mut self, kind: RendezvousType) {
        self.header.kind.set(kind.value());
    }
}

impl<B: SplitByteSlice> fmt::Debug for Rendezvous<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rendezvous")
            .field("header", &*self.header)
            .field("tlvs", &self.tlvs())
            .finish()
    }
}

fn write_summary(f: &mut fmt::Formatter<'_>, r: &RendezvousRepr<'_>) -> fmt::Result {
    write!(f, "Rendezvous {} {} cookie ", r.kind, r.capability)?;
    for b in r.cookie {
        write!(f, "{b:02x}")?;
    }
    let p = RendezvousParams::from_chain(r.tlvs);
    if p.use_proxy {
        if let Some(ip) = p.proxy_ip {
            write!(f, " proxy {ip}")?;
        }
    } else if let Some(ip) = p.client_ip {
        write!(f, " client {ip}")?;
    }
    if let Some(port) = p.port {
        write!(f, " port {port}")?;
    }
    if let Some(n) = p.request_number {
        write!(f, " req {n}")?;
    }
    if let Some(reason) = p.cancel_reason {
        write!(f, " reason {}", CancelReason::from_value(reason))?;
    }
    Ok(())
}

impl<B: SplitByteSlice> fmt::Display for Rendezvous<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_summary(
            f,
            &RendezvousRepr {
                kind: self.kind(),
                cookie: self.cookie(),
                capability: self.capability(),
                tlvs: self.tlvs(),
            },
        )
    }
}

/// A rendezvous block's meaning: header fields and the inner TLVs as they are (order and
/// duplicates kept). [`RendezvousParams`] builds or reads the chain by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct RendezvousRepr<'a> {
    /// Type.
    pub kind: RendezvousType,
    /// Cookie.
    pub cookie: [u8; COOKIE_LEN],
    /// Capability.
    pub capability: Capability,
    /// Inner TLVs.
    pub tlvs: TlvChain<'a>,
}

impl<'a> RendezvousRepr<'a> {
    /// The repr of a parsed block.
    ///
    /// # Errors
    /// None today; the `Result` keeps the family's shape.
    pub fn parse<B: SplitByteSlice>(r: &'a Rendezvous<B>) -> Result<Self> {
        Ok(RendezvousRepr {
            kind: r.kind(),
            cookie: r.cookie(),
            capability: r.capability(),
            tlvs: r.tlvs(),
        })
    }

    /// Bytes the block takes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        RENDEZVOUS_HEADER_LEN + self.tlvs.len()
    }

    /// Writes the block's header; the caller writes the TLVs after it.
    ///
    /// # Errors
    /// A buffer error.
    pub fn emit_header(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_u16(self.kind.value())?;
        w.put_slice(&self.cookie)?;
        w.put_slice(&self.capability.0)
    }

    /// Writes the block; returns its length.
    ///
    /// # Errors
    /// A buffer error.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let mut w = Writer::new(Protocol::Icbm, buf);
        self.emit_header(&mut w)?;
        self.tlvs.emit(&mut w)?;
        Ok(w.position())
    }
}

impl fmt::Display for RendezvousRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_summary(f, self)
    }
}

/// The inner rendezvous TLVs by field (the first TLV of each tag), for reading and for
/// building a chain in libpurple's order: 0x0002, 0x0003, 0x0004, 0x0005, 0x000A, 0x000B,
/// 0x000C, 0x000D, 0x000E, 0x000F, 0x0010, 0x0016, 0x0017, 0x2711, 0x2712.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct RendezvousParams<'a> {
    /// 0x0002 rendezvous (proxy) IP.
    pub proxy_ip: Option<Ipv4Addr>,
    /// 0x0003 client IP.
    pub client_ip: Option<Ipv4Addr>,
    /// 0x0004 verified IP.
    pub verified_ip: Option<Ipv4Addr>,
    /// 0x0005 port or proxy pin.
    pub port: Option<u16>,
    /// 0x000A request number.
    pub request_number: Option<u16>,
    /// 0x000B cancel reason.
    pub cancel_reason: Option<u16>,
    /// 0x000C invitation text.
    pub invitation: Option<&'a [u8]>,
    /// 0x000D invitation charset.
    pub invitation_charset: Option<&'a [u8]>,
    /// 0x000E invitation language.
    pub invitation_language: Option<&'a [u8]>,
    /// 0x000F request host check (empty TLV).
    pub host_check: bool,
    /// 0x0010 use the proxy (empty TLV).
    pub use_proxy: bool,
    /// 0x0016 IP XOR check.
    pub ip_xor: Option<u32>,
    /// 0x0017 port XOR check.
    pub port_xor: Option<u16>,
    /// 0x2711 service data.
    pub service_data: Option<&'a [u8]>,
    /// 0x2712 service data charset.
    pub service_charset: Option<&'a [u8]>,
}

impl<'a> RendezvousParams<'a> {
    /// Reads the fields from a chain (first match of each tag; values of the wrong size
    /// are ignored, other tags skipped).
    #[must_use]
    pub fn from_chain(chain: TlvChain<'a>) -> Self {
        let mut p = RendezvousParams::default();
        let mut seen = 0u32;
        for t in chain {
            let bit = match RendezvousTag::from_value(t.kind) {
                RendezvousTag::ProxyIp => 0,
                RendezvousTag::ClientIp => 1,
                RendezvousTag::VerifiedIp => 2,
                RendezvousTag::Port => 3,
                RendezvousTag::RequestNumber => 4,
                RendezvousTag::CancelReason => 5,
                RendezvousTag::InvitationText => 6,
                RendezvousTag::InvitationCharset => 7,
                RendezvousTag::InvitationLanguage => 8,
                RendezvousTag::RequestHostCheck => 9,
                RendezvousTag::UseProxy => 10,
                RendezvousTag::IpXor => 11,
                RendezvousTag::PortXor => 12,
                RendezvousTag::ServiceData => 13,
                RendezvousTag::ServiceCharset => 14,
                _ => continue,
            };
            if seen & (1 << bit) != 0 {
                continue;
            }
            seen |= 1 << bit;
            match bit {
                0 => p.proxy_ip = t.as_ipv4(),
                1 => p.client_ip = t.as_ipv4(),
                2 => p.verified_ip = t.as_ipv4(),
                3 => p.port = t.as_u16(),
                4 => p.request_number = t.as_u16(),
                5 => p.cancel_reason = t.as_u16(),
                6 => p.invitation = Some(t.value),
                7 => p.invitation_charset = Some(t.value),
                8 => p.invitation_language = Some(t.value),
                9 => p.host_check = true,
                10 => p.use_proxy = true,
                11 => p.ip_xor = t.as_u32(),
                12 => p.port_xor = t.as_u16(),
                13 => p.service_data = Some(t.value),
                _ => p.service_charset = Some(t.value),
            }
        }
        p
    }

    /// Fills the XOR checks from the address fields: 0x0016 = !(proxy IP, else client IP),
    /// 0x0017 = !port (libpurple `family_icbm.c` writes them this way for proxied
    /// proposals).
    #[must_use]
    pub fn with_xor_checks(mut self) -> Self {
        self.ip_xor = self.proxy_ip.or(self.client_ip).map(|ip| !u32::from(ip));
        self.port_xor = self.port.map(|p| !p);
        self
    }

    /// Bytes the chain takes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let opt = |present: bool, len: usize| if present { 4 + len } else { 0 };
        let bytes = |v: Option<&[u8]>| v.map_or(0, |v| 4 + v.len());
        opt(self.proxy_ip.is_some(), 4)
            + opt(self.client_ip.is_some(), 4)
            + opt(self.verified_ip.is_some(), 4)
            + opt(self.port.is_some(), 2)
            + opt(self.request_number.is_some(), 2)
            + opt(self.cancel_reason.is_some(), 2)
            + bytes(self.invitation)
            + bytes(self.invitation_charset)
            + bytes(self.invitation_language)
            + opt(self.host_check, 0)
            + opt(self.use_proxy, 0)
            + opt(self.ip_xor.is_some(), 4)
            + opt(self.port_xor.is_some(), 2)
            + bytes(self.service_data)
            + bytes(self.service_charset)
    }

    /// Writes the chain.
    ///
    /// # Errors
    /// A buffer error; a value over 65535 bytes.
    pub fn emit(&self, w: &mut Writer<'_>) -> Result<()> {
        let ip = |w: &mut Writer<'_>, tag: RendezvousTag, v: Option<Ipv4Addr>| match v {
            Some(ip) => tlv::write(w, tag.value(), &ip.octets()),
            None => Ok(()),
        };
        let u16v = |w: &mut Writer<'_>, tag: RendezvousTag, v: Option<u16>| match v {
            Some(v) => tlv::write_u16(w, tag.value(), v),
            None => Ok(()),
        };
        let raw = |w: &mut Writer<'_>, tag: RendezvousTag, v: Option<&[u8]>| match v {
            Some(v) => tlv::write(w, tag.value(), v),
            None => Ok(()),
        };
        let flag = |w: &mut Writer<'_>, tag: RendezvousTag, v: bool| {
            if v {
                tlv::write(w, tag.value(), &[])
            } else {
                Ok(())
            }
        };
        ip(w, RendezvousTag::ProxyIp, self.proxy_ip)?;
        ip(w, RendezvousTag::ClientIp, self.client_ip)?;
        ip(w, RendezvousTag::VerifiedIp, self.verified_ip)?;
        u16v(w, RendezvousTag::Port, self.port)?;
        u16v(w, RendezvousTag::RequestNumber, self.request_number)?;
        u16v(w, RendezvousTag::CancelReason, self.cancel_reason)?;
        raw(w, RendezvousTag::InvitationText, self.invitation)?;
        raw(w, RendezvousTag::InvitationCharset, self.invitation_charset)?;
        raw(
            w,
            RendezvousTag::InvitationLanguage,
            self.invitation_language,
        )?;
        flag(w, RendezvousTag::RequestHostCheck, self.host_check)?;
        flag(w, RendezvousTag::UseProxy, self.use_proxy)?;
        if let Some(x) = self.ip_xor {
            tlv::write_u32(w, RendezvousTag::IpXor.value(), x)?;
        }
        u16v(w, RendezvousTag::PortXor, self.port_xor)?;
        raw(w, RendezvousTag::ServiceData, self.service_data)?;
        raw(w, RendezvousTag::ServiceCharset, self.service_charset)
    }
}

/// The send-file service data (inner TLV 0x2711): `u16 kind (1 one file, 2 several),
/// u16 file count, u32 total size`, then the NUL-terminated file name (joscar pads it with
/// 46 more NULs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SendFileData<'a> {
    /// 1 = one file, 2 = several (a directory).
    pub kind: u16,
    /// Number of files.
    pub file_count: u16,
    /// Total size in bytes.
    pub total_size: u32,
    /// The name field as on the wire: name, NUL, any padding.
    pub name_field: &'a [u8],
}

impl<'a> SendFileData<'a> {
    /// Parses a TLV 0x2711 value.
    ///
    /// # Errors
    /// Truncation of the 8 fixed bytes.
    pub fn parse(value: &'a [u8]) -> Result<Self> {
        let Some((&[k0, k1, c0, c1, s0, s1, s2, s3], name_field)) = value.split_first_chunk::<8>()
        else {
            return Err(Error::truncated(Protocol::Icbm, 0, 8, value.len()));
        };
        Ok(SendFileData {
            kind: u16::from_be_bytes([k0, k1]),
            file_count: u16::from_be_bytes([c0, c1]),
            total_size: u32::from_be_bytes([s0, s1, s2, s3]),
            name_field,
        })
    }

    /// The file name: the name field up to its first NUL (libpurple's reading).
    #[must_use]
    pub fn name(&self) -> &'a [u8] {
        let end = self
            .name_field
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(self.name_field.len());
        self.name_field.get(..end).unwrap_or(&[])
    }

    /// Bytes it takes.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        8 + self.name_field.len()
    }

    /// Writes it; returns its length.
    ///
    /// # Errors
    /// A buffer error.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let mut w = Writer::new(Protocol::Icbm, buf);
        w.put_u16(self.kind)?;
        w.put_u16(self.file_count)?;
        w.put_u32(self.total_size)?;
        w.put_slice(self.name_field)?;
        Ok(w.position())
    }
}

/// Writes the data of a channel-2 ICBM 4/6 carrying a rendezvous block: cookie, channel 2,
/// screen name, the empty outer TLV 0x0003 when `request_host_ack` (libpurple writes it
/// first), then TLV 0x0005 holding the block with the cookie repeated and `params` as the
/// inner chain. Returns the length.
///
/// # Errors
/// A buffer error; a screen name over 255 bytes; a block over 65535 bytes.
pub fn emit_rendezvous_icbm(
    cookie: [u8; COOKIE_LEN],
    screen_name: &[u8],
    request_host_ack: bool,
    kind: RendezvousType,
    capability: Capability,
    params: &RendezvousParams<'_>,
    buf: &mut [u8],
) -> Result<usize> {
    let mut w = Writer::new(Protocol::Icbm, buf);
    w.put_slice(&cookie)?;
    w.put_u16(IcbmChannel::Rendezvous.value())?;
    write_screen_name(&mut w, screen_name)?;
    if request_host_ack {
        tlv::write(&mut w, TLV_REQUEST_HOST_ACK, &[])?;
    }
    let block_len = RENDEZVOUS_HEADER_LEN + params.buffer_len();
    tlv::write_header(&mut w, TLV_RENDEZVOUS, block_len)?;
    RendezvousRepr {
        kind,
        cookie,
        capability,
        tlvs: TlvChain::EMPTY,
    }
    .emit_header(&mut w)?;
    params.emit(&mut w)?;
    Ok(w.position())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use codec_core::ErrorKind;
    use std::string::ToString;

    // ../shared/vectors/oscar_constructed.txt: the proposal, from the ICBM cookie on
    // (bytes 16.. of the 138-byte FLAP).
    pub(crate) static PROPOSAL_ICBM: [u8; 122] = [
        0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x00, 0x00, 0x02, 0x05, 0x62, 0x75, 0x64, 0x64,
        0x79, 0x00, 0x03, 0x00, 0x00, 0x00, 0x05, 0x00, 0x62, 0x00, 0x00, 0x31, 0x32, 0x33, 0x34,
        0x35, 0x36, 0x37, 0x00, 0x09, 0x46, 0x13, 0x43, 0x4c, 0x7f, 0x11, 0xd1, 0x82, 0x22, 0x44,
        0x45, 0x53, 0x54, 0x00, 0x00, 0x00, 0x02, 0x00, 0x04, 0xc0, 0xa8, 0x01, 0x0a, 0x00, 0x03,
        0x00, 0x04, 0xc0, 0xa8, 0x01, 0x0a, 0x00, 0x05, 0x00, 0x02, 0x14, 0x46, 0x00, 0x0a, 0x00,
        0x02, 0x00, 0x01, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x16, 0x00, 0x04,
        0x3f, 0x57, 0xfe, 0xf5, 0x00, 0x17, 0x00, 0x02, 0xeb, 0xb9, 0x27, 0x11, 0x00, 0x12, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00, 0x30, 0x39, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x2e, 0x74, 0x78,
        0x74, 0x00,
    ];

    // ../shared/captures/aim_oscar/ndpi_Oscar.pcap frame 36 from byte 70: an outgoing
    // channel-1 IM from a libpurple client (cookie "6449261\0", to "461758769"; Wireshark:
    // TLV 2 len 68 at frame byte 90, TLV 3 len 0 at 162).
    static OUTGOING_IM: [u8; 96] = [
        0x36, 0x34, 0x34, 0x39, 0x32, 0x36, 0x31, 0x00, 0x00, 0x01, 0x09, 0x34, 0x36, 0x31, 0x37,
        0x35, 0x38, 0x37, 0x36, 0x39, 0x00, 0x02, 0x00, 0x44, 0x05, 0x01, 0x00, 0x01, 0x01, 0x01,
        0x01, 0x00, 0x3b, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x48, 0x54, 0x4d, 0x4c, 0x3e, 0x3c, 0x42,
        0x4f, 0x44, 0x59, 0x3e, 0x3c, 0x48, 0x54, 0x4d, 0x4c, 0x3e, 0x3c, 0x46, 0x4f, 0x4e, 0x54,
        0x3e, 0x48, 0x49, 0x21, 0x3c, 0x2f, 0x46, 0x4f, 0x4e, 0x54, 0x3e, 0x3c, 0x2f, 0x48, 0x54,
        0x4d, 0x4c, 0x3e, 0x3c, 0x2f, 0x42, 0x4f, 0x44, 0x59, 0x3e, 0x3c, 0x2f, 0x48, 0x54, 0x4d,
        0x4c, 0x3e, 0x00, 0x03, 0x00, 0x00,
    ];

    #[test]
    fn deconstruct_outgoing_im() {
        let m = IcbmMessage::parse(&OUTGOING_IM).unwrap();
        assert_eq!(&m.cookie, b"6449261\0");
        assert_eq!(m.channel, IcbmChannel::Im);
        assert_eq!(m.screen_name, b"461758769");
        assert_eq!(m.tlvs_offset(), 20);
        let tags: std::vec::Vec<(u16, usize, usize)> = m
            .tlvs
            .iter()
            .map(|t| (t.kind, t.value.len(), 70 + m.tlvs_offset() + t.offset))
            .collect();
        assert_eq!(tags, [(2, 68, 90), (3, 0, 162)]);
        let text = m.text().unwrap().unwrap();
        assert_eq!((text.charset, text.language), (0, 0));
        assert_eq!(
            text.text,
            b"<HTML><BODY><HTML><FONT>HI!</FONT></HTML></BODY></HTML>"
        );
        let frags: std::vec::Vec<(u8, u8, usize)> = Fragments::new(m.tlvs.first(2).unwrap().value)
            .map(|f| f.map(|f| (f.id, f.version, f.data.len())))
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(frags, [(5, 1, 1), (1, 1, 59)]);
        assert!(m.rendezvous().is_none());
        assert_eq!(
            m.to_string(),
            "ICBM to 461758769 channel IM text (55 bytes)"
        );
    }

    #[test]
    fn deconstruct_proposal() {
        let m = IcbmMessage::parse(&PROPOSAL_ICBM).unwrap();
        assert_eq!(m.channel, IcbmChannel::Rendezvous);
        assert_eq!(m.cookies_match(), Some(true));
        let r = m.rendezvous().unwrap().unwrap();
        assert_eq!(r.cookie(), *b"1234567\0");
        assert_eq!(r.client_ip(), Some(Ipv4Addr::new(192, 168, 1, 10)));
        assert_eq!(r.verified_ip(), None);
        assert_eq!(r.request_number(), Some(1));
        assert_eq!(r.ip_xor(), Some(0x3f57_fef5));
        assert_eq!(r.port_xor(), Some(0xebb9));
        assert!(r.tlvs().contains(RendezvousTag::RequestHostCheck.value()));
        let p = r.params();
        assert!(p.host_check && p.use_proxy);
        assert_eq!(p.buffer_len(), r.tlvs().len());
        let f = r.send_file().unwrap().unwrap();
        assert_eq!((f.kind, f.file_count), (1, 1));
        assert_eq!(Capability::SEND_FILE.to_string(), "Send File");
        assert_eq!(
            Capability([0xaa; 16]).to_string(),
            "AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA"
        );
    }

    #[test]
    fn construct_in_place() {
        let mut bytes = PROPOSAL_ICBM;
        let mut r = Rendezvous::parse(&mut bytes[24..]).unwrap();
        r.set_kind(RendezvousType::Cancel);
        r.tlvs_mut()[4] = 10;
        assert_eq!(&bytes[24..26], &[0, 1]);
        assert_eq!(&bytes[54..58], &[10, 168, 1, 10]);
    }

    #[test]
    fn parse_and_emit() {
        let m = IcbmMessage::parse(&PROPOSAL_ICBM).unwrap();
        let mut out = [0u8; 122];
        assert_eq!(m.emit(&mut out).unwrap(), 122);
        assert_eq!(out, PROPOSAL_ICBM);
        // The same bytes from the typed builder, in libpurple's order.
        let r = m.rendezvous().unwrap().unwrap();
        let params = RendezvousParams {
            ip_xor: None,
            port_xor: None,
            ..r.params()
        }
        .with_xor_checks();
        let mut out = [0u8; 122];
        let n = emit_rendezvous_icbm(
            *b"1234567\0",
            b"buddy",
            true,
            RendezvousType::Propose,
            Capability::SEND_FILE,
            &params,
            &mut out,
        )
        .unwrap();
        assert_eq!(&out[..n], &PROPOSAL_ICBM[..]);
        let repr = RendezvousRepr::parse(&r).unwrap();
        let mut out = [0u8; 98];
        assert_eq!(repr.emit(&mut out).unwrap(), 98);
        assert_eq!(out, PROPOSAL_ICBM[24..]);
        let f = r.send_file().unwrap().unwrap();
        let mut out = [0u8; 18];
        f.emit(&mut out).unwrap();
        assert_eq!(out, PROPOSAL_ICBM[104..]);
        let m = IcbmMessage::parse(&OUTGOING_IM).unwrap();
        let mut out = [0u8; 96];
        m.emit(&mut out).unwrap();
        assert_eq!(out, OUTGOING_IM);
    }

    #[test]
    fn incoming_keeps_the_two_lists_apart() {
        // A 4/7 built from the proposal: the user info carries TLV 3 too (a duplicate tag
        // of the message TLVs' 0x0003).
        let user_tlvs = [0x00, 0x03, 0x00, 0x04, 0x0a, 0x00, 0x00, 0x01];
        let sender = UserInfo {
            screen_name: b"me",
            warning: 0,
            tlvs: TlvChain::parse(&user_tlvs).unwrap(),
        };
        let m = IcbmMessage::parse(&PROPOSAL_ICBM).unwrap();
        let inc = IcbmIncoming {
            cookie: m.cookie,
            channel: m.channel,
            sender,
            tlvs: m.tlvs,
        };
        let mut out = [0u8; 256];
        let n = inc.emit(&mut out).unwrap();
        assert_eq!(n, inc.buffer_len());
        let back = IcbmIncoming::parse(&out[..n]).unwrap();
        assert_eq!(back, inc);
        assert_eq!(back.sender.tlvs.count(), 1);
        assert_eq!(back.tlvs.first(3).map(|t| t.value.len()), Some(0));
        assert!(back.rendezvous().unwrap().is_ok());
        assert!(
            back.to_string()
                .starts_with("ICBM from me channel Rendezvous Rendezvous Propose Send File")
        );
    }

    #[test]
    fn rejects() {
        let e = IcbmMessage::parse(&PROPOSAL_ICBM[..9]).unwrap_err();
        assert_eq!((e.protocol(), e.offset()), (Protocol::Icbm, 0));
        let e = IcbmMessage::parse(&PROPOSAL_ICBM[..14]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                11,
                ErrorKind::Truncated {
                    needed: 5,
                    available: 3
                }
            )
        );
        let e = Rendezvous::parse(&PROPOSAL_ICBM[24..40]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 26,
                available: 16
            }
        );
        // An inner TLV overrunning the block: reported at its offset in the ICBM data.
        let mut bad = PROPOSAL_ICBM;
        bad[53] = 0x50;
        let m = IcbmMessage::parse(&bad).unwrap();
        let e = m.rendezvous().unwrap().unwrap_err();
        assert_eq!((e.protocol(), e.offset()), (Protocol::OscarTlv, 52));
        assert!(SendFileData::parse(&[0; 7]).is_err());
        assert!(UserInfo::parse(&[3, b'a']).is_err());
    }
}

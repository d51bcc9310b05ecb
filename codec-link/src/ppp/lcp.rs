//! The Link Control Protocol (RFC 1661 §5–6) and its options, with the extensions of
//! RFC 1570 (FCS-Alternatives, Callback), RFC 1990 (multilink: MRRU, Short Sequence Number
//! Header Format, Endpoint Discriminator), RFC 2125 (Link Discriminator) and RFC 2153
//! (Vendor-Specific).
//!
//! The packet format is the shared one of [`control`](super::control): [`LcpPacket`] and
//! [`LcpRepr`] are [`ControlPacket`] and [`ControlRepr`] for the [`Lcp`] marker, which uses
//! codes 1–13. Options are [`LcpOption`]s; an option whose length does not fit its type is
//! kept as [`LcpOption::Malformed`], an untyped one as [`LcpOption::Unknown`], a broken
//! list's tail as [`LcpOption::Invalid`] (see the [control module](super::control)).
//!
//! ```
//! use codec_link::ppp::lcp::{AuthProtocol, ChapAlgorithm, EndpointClass, LcpOption, LcpPacket};
//! // The access server's Configure-Request of the seed trace (vectors/seed_story.jsonl,
//! // index 1): a malformed type-0 option, CHAP-MD5, MRRU 1500, an Ethernet endpoint.
//! let bytes = [
//!     0x01, 0x01, 0x00, 0x1a, 0x00, 0x04, 0x00, 0x00, 0x03, 0x05, 0xc2, 0x23, 0x05, 0x11,
//!     0x04, 0x05, 0xdc, 0x13, 0x09, 0x03, 0x00, 0xc0, 0x7b, 0x52, 0x3b, 0xcc,
//! ];
//! let packet = LcpPacket::parse(&bytes[..])?;
//! let options: Vec<LcpOption> = packet.options().collect();
//! assert_eq!(options[0], LcpOption::Malformed { kind: 0, data: &[0, 0] });
//! assert_eq!(options[1], LcpOption::AuthProtocol(AuthProtocol::Chap(ChapAlgorithm::Md5)));
//! assert_eq!(options[2], LcpOption::Mrru(1500));
//! let LcpOption::EndpointDiscriminator { class, address } = options[3] else { panic!() };
//! assert_eq!((class, address), (EndpointClass::Ieee802, &[0x00, 0xc0, 0x7b, 0x52, 0x3b, 0xcc][..]));
//! assert_eq!(
//!     packet.to_string(),
//!     "LCP Configure-Request id=1 len=26 [malformed Vendor-Specific (len 4), Auth CHAP-MD5, \
//!      MRRU 1500, Endpoint-Discriminator IEEE-802 00:c0:7b:52:3b:cc]"
//! );
//! # Ok::<(), codec_core::Error>(())
//! ```

use super::PppProtocol;
use super::control::{
    ConfigOption, ControlCode, ControlPacket, ControlProtocol, ControlRepr, RawVariant,
    fmt_raw_option, raw_option_variants, write_hex,
};
use codec_core::{Error, Field, Protocol, Result, Writer};
use core::fmt;

/// The LCP marker for [`ControlPacket`] and [`ControlRepr`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lcp;

impl ControlProtocol for Lcp {
    const PPP_PROTOCOL: PppProtocol = PppProtocol::Lcp;
    const PROTOCOL: Protocol = Protocol::Lcp;
    const NAME: &'static str = "LCP";
    type Opt<'a> = LcpOption<'a>;
    fn uses_code(code: ControlCode) -> bool {
        matches!(code.value(), 1..=13)
    }
}

/// A view of an LCP packet.
pub type LcpPacket<B> = ControlPacket<B, Lcp>;
/// The meaning of an LCP packet.
pub type LcpRepr<'a> = ControlRepr<'a, Lcp>;

codec_core::registry! {
    /// LCP option types (IANA "PPP LCP Configuration Option Types").
    pub enum LcpOptionType: u8 {
        /// Vendor-Specific (RFC 2153).
        VendorSpecific = 0 => "Vendor-Specific",
        /// Maximum-Receive-Unit (RFC 1661 §6.1).
        Mru = 1 => "MRU",
        /// Async-Control-Character-Map (RFC 1662 §7.1).
        Accm = 2 => "ACCM",
        /// Authentication-Protocol (RFC 1661 §6.2).
        AuthProtocol = 3 => "Auth",
        /// Quality-Protocol (RFC 1661 §6.3).
        QualityProtocol = 4 => "Quality",
        /// Magic-Number (RFC 1661 §6.4).
        MagicNumber = 5 => "Magic",
        /// Protocol-Field-Compression (RFC 1661 §6.5).
        Pfc = 7 => "PFC",
        /// Address-and-Control-Field-Compression (RFC 1661 §6.6).
        Acfc = 8 => "ACFC",
        /// FCS-Alternatives (RFC 1570 §2.1).
        FcsAlternatives = 9 => "FCS-Alternatives",
        /// Self-Describing-Padding (RFC 1570 §2.2).
        SelfDescribingPadding = 10 => "Self-Describing-Padding",
        /// Numbered-Mode (RFC 1663).
        NumberedMode = 11 => "Numbered-Mode",
        /// Callback (RFC 1570 §2.3).
        Callback = 13 => "Callback",
        /// Multilink Maximum Received Reconstructed Unit (RFC 1990 §5.1.1).
        Mrru = 17 => "MRRU",
        /// Multilink Short Sequence Number Header Format (RFC 1990 §5.1.2).
        ShortSequence = 18 => "Short-Sequence",
        /// Multilink Endpoint Discriminator (RFC 1990 §5.1.3).
        EndpointDiscriminator = 19 => "Endpoint-Discriminator",
        /// Link Discriminator for BACP (RFC 2125 §5.1).
        LinkDiscriminator = 23 => "Link-Discriminator",
    }
}

codec_core::registry! {
    /// The algorithm byte of a CHAP Authentication-Protocol option (RFC 1994 §3; pppd
    /// `chap.h`).
    pub enum ChapAlgorithm: u8 {
        /// CHAP with MD5 (RFC 1994).
        Md5 = 5 => "MD5",
        /// Microsoft CHAP (RFC 2433).
        MsChap = 0x80 => "MS-CHAP",
        /// Microsoft CHAP version 2 (RFC 2759).
        MsChapV2 = 0x81 => "MS-CHAPv2",
    }
}

/// The value of an Authentication-Protocol option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthProtocol<'a> {
    /// PAP (0xc023, option length 4).
    Pap,
    /// CHAP (0xc223) with its algorithm byte (option length 5).
    Chap(ChapAlgorithm),
    /// EAP (0xc227, option length 4, RFC 3748).
    Eap,
    /// Any other protocol, or one of the above with other data (CHAP without the algorithm
    /// byte, as RFC 1334 had it).
    Other {
        /// The protocol.
        protocol: PppProtocol,
        /// The bytes after it.
        data: &'a [u8],
    },
}

impl AuthProtocol<'_> {
    /// The protocol number.
    #[must_use]
    pub const fn protocol(&self) -> PppProtocol {
        match *self {
            AuthProtocol::Pap => PppProtocol::Pap,
            AuthProtocol::Chap(_) => PppProtocol::Chap,
            AuthProtocol::Eap => PppProtocol::Eap,
            AuthProtocol::Other { protocol, .. } => protocol,
        }
    }
}

impl fmt::Display for AuthProtocol<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            AuthProtocol::Pap => f.write_str("PAP"),
            AuthProtocol::Chap(a) => write!(f, "CHAP-{a}"),
            AuthProtocol::Eap => f.write_str("EAP"),
            AuthProtocol::Other { protocol, data } => {
                write!(f, "{protocol}")?;
                if !data.is_empty() {
                    f.write_str(" ")?;
                    write_hex(f, data)?;
                }
                Ok(())
            }
        }
    }
}

bitflags::bitflags! {
    /// The FCS-Alternatives option's bits (RFC 1570 §2.1). Unknown bits are kept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct FcsAlternatives: u8 {
        /// No FCS.
        const NULL = 0x01;
        /// The 16-bit CCITT FCS (the default).
        const CCITT16 = 0x02;
        /// The 32-bit CCITT FCS.
        const CCITT32 = 0x04;
    }
}

codec_core::registry! {
    /// Callback operations (RFC 1570 §2.3; 6 is Microsoft's CBCP).
    pub enum CallbackOperation: u8 {
        /// Location determined by user authentication.
        UserAuthentication = 0 => "user-auth",
        /// Dialing string.
        DialingString = 1 => "dialing-string",
        /// Location identifier.
        LocationIdentifier = 2 => "location-id",
        /// E.164 number.
        E164 = 3 => "E.164",
        /// Distinguished name.
        DistinguishedName = 4 => "distinguished-name",
        /// Callback Control Protocol negotiation (Microsoft CBCP).
        Cbcp = 6 => "CBCP",
    }
}

codec_core::registry! {
    /// Endpoint Discriminator classes (RFC 1990 §5.1.3).
    pub enum EndpointClass: u8 {
        /// Null class (no address).
        Null = 0 => "Null",
        /// Locally assigned address (up to 20 bytes).
        Local = 1 => "Local",
        /// Internet Protocol address (4 bytes).
        Ipv4 = 2 => "IP",
        /// IEEE 802.1 globally assigned MAC address (6 bytes).
        Ieee802 = 3 => "IEEE-802",
        /// PPP Magic-Number block (up to 20 bytes, a multiple of 4).
        MagicNumberBlock = 4 => "Magic-Number-Block",
        /// Public switched network directory number (up to 15 bytes).
        Directory = 5 => "Directory-Number",
    }
}

impl EndpointClass {
    /// Whether an address of `len` bytes fits the class (RFC 1990 §5.1.3); unknown classes
    /// accept any length.
    #[must_use]
    pub const fn accepts_len(self, len: usize) -> bool {
        match self {
            EndpointClass::Null => len == 0,
            EndpointClass::Local => len <= 20,
            EndpointClass::Ipv4 => len == 4,
            EndpointClass::Ieee802 => len == 6,
            EndpointClass::MagicNumberBlock => len <= 20 && len.is_multiple_of(4),
            EndpointClass::Directory => len <= 15,
            EndpointClass::Unknown(_) => true,
        }
    }
}

/// An LCP configuration option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LcpOption<'a> {
    /// Vendor-Specific (type 0, RFC 2153): OUI, kind, value; length at least 6.
    VendorSpecific {
        /// The vendor's OUI.
        oui: [u8; 3],
        /// The vendor's option kind.
        kind: u8,
        /// The value.
        value: &'a [u8],
    },
    /// Maximum-Receive-Unit (type 1, length 4).
    Mru(u16),
    /// Async-Control-Character-Map (type 2, length 6): bit n flags character n.
    Accm(u32),
    /// Authentication-Protocol (type 3, length at least 4).
    AuthProtocol(AuthProtocol<'a>),
    /// Quality-Protocol (type 4, length at least 4): the protocol and its data (for LQR,
    /// the reporting period, see [`LcpOption::lqr_reporting_period`]).
    QualityProtocol {
        /// The protocol.
        protocol: PppProtocol,
        /// Its data.
        data: &'a [u8],
    },
    /// Magic-Number (type 5, length 6).
    MagicNumber(u32),
    /// Protocol-Field-Compression (type 7, length 2).
    Pfc,
    /// Address-and-Control-Field-Compression (type 8, length 2).
    Acfc,
    /// FCS-Alternatives (type 9, length 3).
    FcsAlternatives(FcsAlternatives),
    /// Callback (type 13, length at least 3): operation and message.
    Callback {
        /// The operation.
        operation: CallbackOperation,
        /// Its message (a dialing string, a name...).
        message: &'a [u8],
    },
    /// Multilink MRRU (type 17, length 4).
    Mrru(u16),
    /// Multilink Short Sequence Number Header Format (type 18, length 2).
    ShortSequence,
    /// Multilink Endpoint Discriminator (type 19, length at least 3; the address length must
    /// fit the class, else the option is `Malformed`).
    EndpointDiscriminator {
        /// The class.
        class: EndpointClass,
        /// The address.
        address: &'a [u8],
    },
    /// Link Discriminator (type 23, length 4, RFC 2125).
    LinkDiscriminator(u16),
    /// A well framed option of a type not typed here.
    Unknown {
        /// The type.
        kind: u8,
        /// The value.
        data: &'a [u8],
    },
    /// A well framed option of a known type whose length is wrong for it.
    Malformed {
        /// The type.
        kind: u8,
        /// The value.
        data: &'a [u8],
    },
    /// The rest of a list whose framing is broken (length below 2 or past the end), verbatim.
    Invalid(&'a [u8]),
}

impl LcpOption<'_> {
    /// The option type.
    #[must_use]
    pub fn option_type(&self) -> LcpOptionType {
        LcpOptionType::from_value(ConfigOption::kind(self))
    }

    /// The LQR reporting period in hundredths of a second, for a Quality-Protocol option
    /// naming LQR with its 4-byte period (RFC 1989 §2.5).
    #[must_use]
    pub fn lqr_reporting_period(&self) -> Option<u32> {
        match *self {
            LcpOption::QualityProtocol {
                protocol: PppProtocol::Lqr,
                data,
            } => <[u8; 4]>::try_from(data).ok().map(u32::from_be_bytes),
            _ => None,
        }
    }
}

fn u16_of(v: &[u8]) -> Option<u16> {
    <[u8; 2]>::try_from(v).ok().map(u16::from_be_bytes)
}

fn u32_of(v: &[u8]) -> Option<u32> {
    <[u8; 4]>::try_from(v).ok().map(u32::from_be_bytes)
}

impl<'a> ConfigOption<'a> for LcpOption<'a> {
    fn from_tlv(kind: u8, v: &'a [u8]) -> Self {
        let typed = match LcpOptionType::from_value(kind) {
            LcpOptionType::VendorSpecific => match v {
                [a, b, c, k, value @ ..] => Some(LcpOption::VendorSpecific {
                    oui: [*a, *b, *c],
                    kind: *k,
                    value,
                }),
                _ => None,
            },
            LcpOptionType::Mru => u16_of(v).map(LcpOption::Mru),
            LcpOptionType::Accm => u32_of(v).map(LcpOption::Accm),
            LcpOptionType::AuthProtocol => match v {
                [hi, lo, data @ ..] => {
                    let protocol = PppProtocol::from_value(u16::from_be_bytes([*hi, *lo]));
                    Some(LcpOption::AuthProtocol(match (protocol, data) {
                        (PppProtocol::Pap, []) => AuthProtocol::Pap,
                        (PppProtocol::Eap, []) => AuthProtocol::Eap,
                        (PppProtocol::Chap, [a]) => {
                            AuthProtocol::Chap(ChapAlgorithm::from_value(*a))
                        }
                        _ => AuthProtocol::Other { protocol, data },
                    }))
                }
                _ => None,
            },
            LcpOptionType::QualityProtocol => match v {
                [hi, lo, data @ ..] => Some(LcpOption::QualityProtocol {
                    protocol: PppProtocol::from_value(u16::from_be_bytes([*hi, *lo])),
                    data,
                }),
                _ => None,
            },
            LcpOptionType::MagicNumber => u32_of(v).map(LcpOption::MagicNumber),
            LcpOptionType::Pfc => v.is_empty().then_some(LcpOption::Pfc),
            LcpOptionType::Acfc => v.is_empty().then_some(LcpOption::Acfc),
            LcpOptionType::FcsAlternatives => match v {
                [b] => Some(LcpOption::FcsAlternatives(
                    FcsAlternatives::from_bits_retain(*b),
                )),
                _ => None,
            },
            LcpOptionType::Callback => match v {
                [op, message @ ..] => Some(LcpOption::Callback {
                    operation: CallbackOperation::from_value(*op),
                    message,
                }),
                _ => None,
            },
            LcpOptionType::Mrru => u16_of(v).map(LcpOption::Mrru),
            LcpOptionType::ShortSequence => v.is_empty().then_some(LcpOption::ShortSequence),
            LcpOptionType::EndpointDiscriminator => match v {
                [c, address @ ..] => {
                    let class = EndpointClass::from_value(*c);
                    class
                        .accepts_len(address.len())
                        .then_some(LcpOption::EndpointDiscriminator { class, address })
                }
                _ => None,
            },
            LcpOptionType::LinkDiscriminator => u16_of(v).map(LcpOption::LinkDiscriminator),
            LcpOptionType::SelfDescribingPadding
            | LcpOptionType::NumberedMode
            | LcpOptionType::Unknown(_) => return LcpOption::Unknown { kind, data: v },
        };
        typed.unwrap_or(LcpOption::Malformed { kind, data: v })
    }

    raw_option_variants!();

    fn kind(&self) -> u8 {
        let t = match *self {
            LcpOption::VendorSpecific { .. } => LcpOptionType::VendorSpecific,
            LcpOption::Mru(_) => LcpOptionType::Mru,
            LcpOption::Accm(_) => LcpOptionType::Accm,
            LcpOption::AuthProtocol(_) => LcpOptionType::AuthProtocol,
            LcpOption::QualityProtocol { .. } => LcpOptionType::QualityProtocol,
            LcpOption::MagicNumber(_) => LcpOptionType::MagicNumber,
            LcpOption::Pfc => LcpOptionType::Pfc,
            LcpOption::Acfc => LcpOptionType::Acfc,
            LcpOption::FcsAlternatives(_) => LcpOptionType::FcsAlternatives,
            LcpOption::Callback { .. } => LcpOptionType::Callback,
            LcpOption::Mrru(_) => LcpOptionType::Mrru,
            LcpOption::ShortSequence => LcpOptionType::ShortSequence,
            LcpOption::EndpointDiscriminator { .. } => LcpOptionType::EndpointDiscriminator,
            LcpOption::LinkDiscriminator(_) => LcpOptionType::LinkDiscriminator,
            LcpOption::Unknown { kind, .. } | LcpOption::Malformed { kind, .. } => return kind,
            LcpOption::Invalid(b) => return b.first().copied().unwrap_or(0),
        };
        t.value()
    }

    fn value_len(&self) -> usize {
        match *self {
            LcpOption::VendorSpecific { value, .. } => value.len().saturating_add(4),
            LcpOption::Mru(_) | LcpOption::Mrru(_) | LcpOption::LinkDiscriminator(_) => 2,
            LcpOption::Accm(_) | LcpOption::MagicNumber(_) => 4,
            LcpOption::AuthProtocol(a) => match a {
                AuthProtocol::Pap | AuthProtocol::Eap => 2,
                AuthProtocol::Chap(_) => 3,
                AuthProtocol::Other { data, .. } => data.len().saturating_add(2),
            },
            LcpOption::QualityProtocol { data, .. } => data.len().saturating_add(2),
            LcpOption::Pfc | LcpOption::Acfc | LcpOption::ShortSequence => 0,
            LcpOption::FcsAlternatives(_) => 1,
            LcpOption::Callback { message, .. } => message.len().saturating_add(1),
            LcpOption::EndpointDiscriminator { address, .. } => address.len().saturating_add(1),
            LcpOption::Unknown { data, .. } | LcpOption::Malformed { data, .. } => data.len(),
            LcpOption::Invalid(b) => b.len().saturating_sub(2),
        }
    }

    fn emit_value(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            LcpOption::VendorSpecific { oui, kind, value } => {
                w.put_slice(&oui)?;
                w.put_u8(kind)?;
                w.put_slice(value)
            }
            LcpOption::Mru(v) | LcpOption::Mrru(v) | LcpOption::LinkDiscriminator(v) => {
                w.put_u16(v)
            }
            LcpOption::Accm(v) | LcpOption::MagicNumber(v) => w.put_u32(v),
            LcpOption::AuthProtocol(a) => {
                w.put_u16(a.protocol().value())?;
                match a {
                    AuthProtocol::Chap(alg) => w.put_u8(alg.value()),
                    AuthProtocol::Other { data, .. } => w.put_slice(data),
                    AuthProtocol::Pap | AuthProtocol::Eap => Ok(()),
                }
            }
            LcpOption::QualityProtocol { protocol, data } => {
                w.put_u16(protocol.value())?;
                w.put_slice(data)
            }
            LcpOption::Pfc | LcpOption::Acfc | LcpOption::ShortSequence => Ok(()),
            LcpOption::FcsAlternatives(bits) => w.put_u8(bits.bits()),
            LcpOption::Callback { operation, message } => {
                w.put_u8(operation.value())?;
                w.put_slice(message)
            }
            LcpOption::EndpointDiscriminator { class, address } => {
                if !class.accepts_len(address.len()) {
                    return Err(Error::bad_length(
                        Protocol::Lcp,
                        w.position(),
                        Field::OptionLength,
                        address.len() as u32,
                    ));
                }
                w.put_u8(class.value())?;
                w.put_slice(address)
            }
            LcpOption::Unknown { data, .. } | LcpOption::Malformed { data, .. } => {
                w.put_slice(data)
            }
            LcpOption::Invalid(b) => w.put_slice(b),
        }
    }
}

impl fmt::Display for LcpOption<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            LcpOption::VendorSpecific { oui, kind, value } => {
                f.write_str("Vendor-Specific OUI ")?;
                write_hex(f, &oui)?;
                write!(f, " kind {kind}")?;
                if !value.is_empty() {
                    f.write_str(" ")?;
                    write_hex(f, value)?;
                }
                Ok(())
            }
            LcpOption::Mru(v) => write!(f, "MRU {v}"),
            LcpOption::Accm(v) => write!(f, "ACCM {v:#010x}"),
            LcpOption::AuthProtocol(a) => write!(f, "Auth {a}"),
            LcpOption::QualityProtocol { protocol, data } => match self.lqr_reporting_period() {
                Some(p) => write!(f, "Quality LQR period {p}"),
                None => {
                    write!(f, "Quality {protocol}")?;
                    if !data.is_empty() {
                        f.write_str(" ")?;
                        write_hex(f, data)?;
                    }
                    Ok(())
                }
            },
            LcpOption::MagicNumber(v) => write!(f, "Magic {v:#010x}"),
            LcpOption::Pfc => f.write_str("PFC"),
            LcpOption::Acfc => f.write_str("ACFC"),
            LcpOption::FcsAlternatives(b) => write!(f, "FCS-Alternatives {:#04x}", b.bits()),
            LcpOption::Callback { operation, message } => {
                write!(f, "Callback {operation}")?;
                if !message.is_empty() {
                    f.write_str(" \"")?;
                    super::control::write_text(f, message)?;
                    f.write_str("\"")?;
                }
                Ok(())
            }
            LcpOption::Mrru(v) => write!(f, "MRRU {v}"),
            LcpOption::ShortSequence => f.write_str("Short-Sequence"),
            LcpOption::EndpointDiscriminator { class, address } => {
                write!(f, "Endpoint-Discriminator {class}")?;
                match (class, <[u8; 4]>::try_from(address)) {
                    (EndpointClass::Ipv4, Ok(a)) => {
                        write!(f, " {}", core::net::Ipv4Addr::from(a))
                    }
                    _ if address.is_empty() => Ok(()),
                    _ => {
                        f.write_str(" ")?;
                        write_hex(f, address)
                    }
                }
            }
            LcpOption::LinkDiscriminator(v) => write!(f, "Link-Discriminator {v}"),
            LcpOption::Unknown { kind, data } => fmt_raw_option(
                f,
                RawVariant::Unknown,
                kind,
                LcpOptionType::from_value(kind).name(),
                data,
            ),
            LcpOption::Malformed { kind, data } => fmt_raw_option(
                f,
                RawVariant::Malformed,
                kind,
                LcpOptionType::from_value(kind).name(),
                data,
            ),
            LcpOption::Invalid(b) => fmt_raw_option(f, RawVariant::Invalid, 0, None, b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::control::{ControlData, OptionList};
    use super::*;
    use codec_core::ErrorKind;
    use std::string::ToString;
    use std::vec::Vec;

    // The access server's Configure-Request of the seed trace (seed_story.jsonl index 1).
    static SEED_CONFREQ: [u8; 26] = [
        0x01, 0x01, 0x00, 0x1a, 0x00, 0x04, 0x00, 0x00, 0x03, 0x05, 0xc2, 0x23, 0x05, 0x11, 0x04,
        0x05, 0xdc, 0x13, 0x09, 0x03, 0x00, 0xc0, 0x7b, 0x52, 0x3b, 0xcc,
    ];
    // The client's Configure-Request of ppp_pap.pcapng frame 2 (Wireshark: MRU 0578,
    // ACCM 00000000, magic e40d0d59, PFC, ACFC; pppd: "<mru 1400> <asyncmap 0x0>
    // <magic 0xe40d0d59> <pcomp> <accomp>").
    static PAP_CONFREQ: [u8; 24] = [
        0x01, 0x01, 0x00, 0x18, 0x01, 0x04, 0x05, 0x78, 0x02, 0x06, 0x00, 0x00, 0x00, 0x00, 0x05,
        0x06, 0xe4, 0x0d, 0x0d, 0x59, 0x07, 0x02, 0x08, 0x02,
    ];

    #[test]
    fn deconstruct() {
        let p = LcpPacket::parse(&PAP_CONFREQ[..]).unwrap();
        assert_eq!(p.code(), ControlCode::ConfigureRequest);
        assert_eq!((p.identifier(), p.length()), (1, 24));
        let opts: Vec<_> = p.options().positioned().collect();
        assert_eq!(
            opts,
            [
                (0, LcpOption::Mru(1400)),
                (4, LcpOption::Accm(0)),
                (10, LcpOption::MagicNumber(0xe40d_0d59)),
                (16, LcpOption::Pfc),
                (18, LcpOption::Acfc),
            ]
        );
        assert_eq!(opts[0].1.option_type(), LcpOptionType::Mru);
        assert_eq!(
            p.to_string(),
            "LCP Configure-Request id=1 len=24 [MRU 1400, ACCM 0x00000000, Magic 0xe40d0d59, PFC, ACFC]"
        );
        let seed = LcpPacket::parse(&SEED_CONFREQ[..]).unwrap();
        let seed: Vec<_> = seed.options().collect();
        assert_eq!(seed.len(), 4);
        assert_eq!(seed[0].option_type(), LcpOptionType::VendorSpecific);
    }

    #[test]
    fn construct() {
        let mut bytes = PAP_CONFREQ;
        let mut p = LcpPacket::parse(&mut bytes[..]).unwrap();
        p.set_code(ControlCode::ConfigureAck);
        p.set_identifier(2);
        p.data_mut()[2..4].copy_from_slice(&1500u16.to_be_bytes());
        assert_eq!(
            &bytes[..8],
            &[0x02, 0x02, 0x00, 0x18, 0x01, 0x04, 0x05, 0xdc]
        );
    }

    #[test]
    fn parse_and_emit_every_option() {
        let opts = [
            LcpOption::VendorSpecific {
                oui: [0x00, 0xc0, 0x7b],
                kind: 1,
                value: b"ab",
            },
            LcpOption::Mru(1500),
            LcpOption::Accm(0x000a_0000),
            LcpOption::AuthProtocol(AuthProtocol::Pap),
            LcpOption::AuthProtocol(AuthProtocol::Chap(ChapAlgorithm::MsChapV2)),
            LcpOption::AuthProtocol(AuthProtocol::Chap(ChapAlgorithm::MsChap)),
            LcpOption::AuthProtocol(AuthProtocol::Eap),
            LcpOption::AuthProtocol(AuthProtocol::Other {
                protocol: PppProtocol::Chap,
                data: &[],
            }),
            LcpOption::QualityProtocol {
                protocol: PppProtocol::Lqr,
                data: &[0, 0, 0x03, 0xe8],
            },
            LcpOption::MagicNumber(0x1234_abcd),
            LcpOption::Pfc,
            LcpOption::Acfc,
            LcpOption::FcsAlternatives(FcsAlternatives::CCITT16 | FcsAlternatives::CCITT32),
            LcpOption::Callback {
                operation: CallbackOperation::Cbcp,
                message: &[],
            },
            LcpOption::Callback {
                operation: CallbackOperation::E164,
                message: b"5551234",
            },
            LcpOption::Mrru(1524),
            LcpOption::ShortSequence,
            LcpOption::EndpointDiscriminator {
                class: EndpointClass::Null,
                address: &[],
            },
            LcpOption::EndpointDiscriminator {
                class: EndpointClass::Local,
                address: b"host",
            },
            LcpOption::EndpointDiscriminator {
                class: EndpointClass::Ipv4,
                address: &[10, 0, 0, 1],
            },
            LcpOption::EndpointDiscriminator {
                class: EndpointClass::Ieee802,
                address: &[0, 1, 2, 3, 4, 5],
            },
            LcpOption::EndpointDiscriminator {
                class: EndpointClass::MagicNumberBlock,
                address: &[1, 2, 3, 4],
            },
            LcpOption::EndpointDiscriminator {
                class: EndpointClass::Directory,
                address: b"5551234",
            },
            LcpOption::LinkDiscriminator(7),
            LcpOption::Unknown {
                kind: 10,
                data: &[4],
            },
            LcpOption::Malformed {
                kind: 1,
                data: &[5],
            },
        ];
        let repr = LcpRepr {
            identifier: 9,
            data: ControlData::ConfigureRequest(OptionList::Typed(&opts)),
        };
        let mut buf = [0u8; 256];
        let n = repr.emit(&mut buf).unwrap();
        assert_eq!(n, repr.buffer_len());
        let p = LcpPacket::parse(&buf[..n]).unwrap();
        let back: Vec<_> = p.options().collect();
        assert_eq!(back, opts);
        assert_eq!(LcpRepr::parse(&p).unwrap(), repr);
        assert_eq!(opts[8].lqr_reporting_period(), Some(1000));
        let texts: Vec<_> = back.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "Vendor-Specific OUI 00:c0:7b kind 1 61:62",
                "MRU 1500",
                "ACCM 0x000a0000",
                "Auth PAP",
                "Auth CHAP-MS-CHAPv2",
                "Auth CHAP-MS-CHAP",
                "Auth EAP",
                "Auth CHAP",
                "Quality LQR period 1000",
                "Magic 0x1234abcd",
                "PFC",
                "ACFC",
                "FCS-Alternatives 0x06",
                "Callback CBCP",
                "Callback E.164 \"5551234\"",
                "MRRU 1524",
                "Short-Sequence",
                "Endpoint-Discriminator Null",
                "Endpoint-Discriminator Local 68:6f:73:74",
                "Endpoint-Discriminator IP 10.0.0.1",
                "Endpoint-Discriminator IEEE-802 00:01:02:03:04:05",
                "Endpoint-Discriminator Magic-Number-Block 01:02:03:04",
                "Endpoint-Discriminator Directory-Number 35:35:35:31:32:33:34",
                "Link-Discriminator 7",
                "Self-Describing-Padding 04",
                "malformed MRU (len 3)",
            ]
        );
    }

    #[test]
    fn wrong_lengths_are_malformed_not_errors() {
        for (kind, data) in [
            (1u8, &[5u8, 0xdc, 0][..]),
            (2, &[0, 0][..]),
            (3, &[0xc0][..]),
            (5, &[1, 2, 3][..]),
            (7, &[0][..]),
            (9, &[][..]),
            (19, &[3, 1, 2, 3][..]), // a MAC of 3 bytes
            (19, &[2, 1, 2, 3, 4, 5][..]),
            (0, &[0, 0][..]),
        ] {
            let o = LcpOption::from_tlv(kind, data);
            assert_eq!(o, LcpOption::Malformed { kind, data }, "type {kind}");
            let mut buf = [0u8; 16];
            let mut w = Writer::new(Protocol::Lcp, &mut buf);
            o.emit(&mut w).unwrap();
            assert_eq!(w.written()[2..], *data);
        }
        // An endpoint discriminator whose class does not take the address does not emit.
        let bad = LcpOption::EndpointDiscriminator {
            class: EndpointClass::Ipv4,
            address: &[1],
        };
        let mut buf = [0u8; 16];
        let e = bad
            .emit(&mut Writer::new(Protocol::Lcp, &mut buf))
            .unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::BadLength { .. }));
    }

    #[test]
    fn emit_reproduces_capture_bytes() {
        for bytes in [&SEED_CONFREQ[..], &PAP_CONFREQ[..]] {
            let p = LcpPacket::parse(bytes).unwrap();
            let r = LcpRepr::parse(&p).unwrap();
            let mut out = [0u8; 64];
            let n = r.emit(&mut out).unwrap();
            assert_eq!(&out[..n], bytes);
            // And through typed options.
            let typed: Vec<_> = p.options().collect();
            let r2 = LcpRepr {
                identifier: r.identifier,
                data: ControlData::ConfigureRequest(OptionList::Typed(&typed)),
            };
            assert_eq!(r2, r);
            let n = r2.emit(&mut out).unwrap();
            assert_eq!(&out[..n], bytes);
        }
    }
}

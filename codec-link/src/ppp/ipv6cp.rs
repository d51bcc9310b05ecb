//! The IPv6 Control Protocol (RFC 5072) and its options.
//!
//! IPV6CP uses the shared [control packet format](super::control) with codes 1–7 only:
//! [`Ipv6cpPacket`] and [`Ipv6cpRepr`] are [`ControlPacket`] and [`ControlRepr`] for the
//! [`Ipv6cp`] marker. Options are [`Ipv6cpOption`]s.
//!
//! ```
//! use codec_link::ppp::ipv6cp::{Ipv6cpOption, Ipv6cpPacket};
//! // zeek_pppoe_lcp_pap_ipcp.pcap: an IPV6CP Configure-Request with an interface identifier.
//! let bytes = [
//!     0x01, 0x01, 0x00, 0x0e, 0x01, 0x0a, 0xc8, 0x01, 0x0e, 0xff, 0xfe, 0x88, 0x00, 0x08,
//! ];
//! let packet = Ipv6cpPacket::parse(&bytes[..])?;
//! assert_eq!(
//!     packet.options().next(),
//!     Some(Ipv6cpOption::InterfaceIdentifier([0xc8, 0x01, 0x0e, 0xff, 0xfe, 0x88, 0x00, 0x08]))
//! );
//! assert_eq!(
//!     packet.to_string(),
//!     "IPV6CP Configure-Request id=1 len=14 [Interface-Id c801:eff:fe88:8]"
//! );
//! # Ok::<(), codec_core::Error>(())
//! ```

use super::PppProtocol;
use super::control::{
    ConfigOption, ControlCode, ControlPacket, ControlProtocol, ControlRepr, RawVariant,
    fmt_raw_option, raw_option_variants, write_hex,
};
use codec_core::{Protocol, Result, Writer};
use core::fmt;

/// The IPV6CP marker for [`ControlPacket`] and [`ControlRepr`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ipv6cp;

impl ControlProtocol for Ipv6cp {
    const PPP_PROTOCOL: PppProtocol = PppProtocol::Ipv6cp;
    const PROTOCOL: Protocol = Protocol::Ipv6cp;
    const NAME: &'static str = "IPV6CP";
    type Opt<'a> = Ipv6cpOption<'a>;
    fn uses_code(code: ControlCode) -> bool {
        matches!(code.value(), 1..=7)
    }
}

/// A view of an IPV6CP packet.
pub type Ipv6cpPacket<B> = ControlPacket<B, Ipv6cp>;
/// The meaning of an IPV6CP packet.
pub type Ipv6cpRepr<'a> = ControlRepr<'a, Ipv6cp>;

codec_core::registry! {
    /// IPV6CP option types (RFC 5072 §4).
    pub enum Ipv6cpOptionType: u8 {
        /// Interface-Identifier (RFC 5072 §4.1).
        InterfaceIdentifier = 1 => "Interface-Identifier",
        /// IPv6-Compression-Protocol (RFC 5072 §4.2).
        Ipv6Compression = 2 => "IPv6-Compression-Protocol",
    }
}

/// An IPV6CP configuration option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ipv6cpOption<'a> {
    /// Interface-Identifier (type 1, length 10): the low 64 bits of the link-local address.
    InterfaceIdentifier([u8; 8]),
    /// IPv6-Compression-Protocol (type 2, length at least 4): protocol and data.
    Ipv6Compression {
        /// The compression protocol.
        protocol: u16,
        /// Its data.
        data: &'a [u8],
    },
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
    /// The rest of a list whose framing is broken, verbatim.
    Invalid(&'a [u8]),
}

impl<'a> ConfigOption<'a> for Ipv6cpOption<'a> {
    fn from_tlv(kind: u8, v: &'a [u8]) -> Self {
        let typed = match Ipv6cpOptionType::from_value(kind) {
            Ipv6cpOptionType::InterfaceIdentifier => <[u8; 8]>::try_from(v)
                .ok()
                .map(Ipv6cpOption::InterfaceIdentifier),
            Ipv6cpOptionType::Ipv6Compression => match v {
                [hi, lo, data @ ..] => Some(Ipv6cpOption::Ipv6Compression {
                    protocol: u16::from_be_bytes([*hi, *lo]),
                    data,
                }),
                _ => None,
            },
            Ipv6cpOptionType::Unknown(_) => return Ipv6cpOption::Unknown { kind, data: v },
        };
        typed.unwrap_or(Ipv6cpOption::Malformed { kind, data: v })
    }

    raw_option_variants!();

    fn kind(&self) -> u8 {
        match *self {
            Ipv6cpOption::InterfaceIdentifier(_) => 1,
            Ipv6cpOption::Ipv6Compression { .. } => 2,
            Ipv6cpOption::Unknown { kind, .. } | Ipv6cpOption::Malformed { kind, .. } => kind,
            Ipv6cpOption::Invalid(b) => b.first().copied().unwrap_or(0),
        }
    }

    fn value_len(&self) -> usize {
        match *self {
            Ipv6cpOption::InterfaceIdentifier(_) => 8,
            Ipv6cpOption::Ipv6Compression { data, .. } => data.len().saturating_add(2),
            Ipv6cpOption::Unknown { data, .. } | Ipv6cpOption::Malformed { data, .. } => data.len(),
            Ipv6cpOption::Invalid(b) => b.len().saturating_sub(2),
        }
    }

    fn emit_value(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            Ipv6cpOption::InterfaceIdentifier(id) => w.put_slice(&id),
            Ipv6cpOption::Ipv6Compression { protocol, data } => {
                w.put_u16(protocol)?;
                w.put_slice(data)
            }
            Ipv6cpOption::Unknown { data, .. }
            | Ipv6cpOption::Malformed { data, .. }
            | Ipv6cpOption::Invalid(data) => w.put_slice(data),
        }
    }
}

impl fmt::Display for Ipv6cpOption<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Ipv6cpOption::InterfaceIdentifier(id) => {
                // Shown as the low half of the link-local address (RFC 5072 §5).
                let w = |i: usize| {
                    u16::from_be_bytes([
                        id.get(i).copied().unwrap_or(0),
                        id.get(i + 1).copied().unwrap_or(0),
                    ])
                };
                write!(
                    f,
                    "Interface-Id {:x}:{:x}:{:x}:{:x}",
                    w(0),
                    w(2),
                    w(4),
                    w(6)
                )
            }
            Ipv6cpOption::Ipv6Compression { protocol, data } => {
                write!(f, "Compression {protocol:#06x}")?;
                if !data.is_empty() {
                    f.write_str(" ")?;
                    write_hex(f, data)?;
                }
                Ok(())
            }
            Ipv6cpOption::Unknown { kind, data } => fmt_raw_option(
                f,
                RawVariant::Unknown,
                kind,
                Ipv6cpOptionType::from_value(kind).name(),
                data,
            ),
            Ipv6cpOption::Malformed { kind, data } => fmt_raw_option(
                f,
                RawVariant::Malformed,
                kind,
                Ipv6cpOptionType::from_value(kind).name(),
                data,
            ),
            Ipv6cpOption::Invalid(b) => fmt_raw_option(f, RawVariant::Invalid, 0, None, b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::control::{ControlData, OptionList};
    use super::*;
    use std::string::ToString;
    use std::vec::Vec;

    #[test]
    fn options_round_trip() {
        let opts = [
            Ipv6cpOption::InterfaceIdentifier([0xce, 0x05, 0x0e, 0xff, 0xfe, 0x88, 0x00, 0x00]),
            Ipv6cpOption::Ipv6Compression {
                protocol: 0x004f,
                data: &[0, 1],
            },
            Ipv6cpOption::Unknown { kind: 9, data: &[] },
            Ipv6cpOption::Malformed {
                kind: 1,
                data: &[1, 2],
            },
        ];
        let r = Ipv6cpRepr {
            identifier: 1,
            data: ControlData::ConfigureAck(OptionList::Typed(&opts)),
        };
        let mut buf = [0u8; 64];
        let n = r.emit(&mut buf).unwrap();
        assert_eq!(
            &buf[..16],
            &[
                0x02, 0x01, 0x00, 0x1a, 0x01, 0x0a, 0xce, 0x05, 0x0e, 0xff, 0xfe, 0x88, 0x00, 0x00,
                0x02, 0x06
            ]
        );
        let p = Ipv6cpPacket::parse(&buf[..n]).unwrap();
        assert_eq!(p.options().collect::<Vec<_>>(), opts);
        assert_eq!(Ipv6cpRepr::parse(&p).unwrap(), r);
        assert_eq!(opts[0].to_string(), "Interface-Id ce05:eff:fe88:0");
        assert_eq!(
            opts[3].to_string(),
            "malformed Interface-Identifier (len 4)"
        );
        // IPV6CP does not use Echo: code 9 stays raw.
        let p = Ipv6cpPacket::parse(&[9u8, 1, 0, 4][..]).unwrap();
        assert_eq!(p.body(), ControlData::Unknown { code: 9, data: &[] });
        assert_eq!(p.to_string(), "IPV6CP Echo-Request id=1 len=4");
    }
}

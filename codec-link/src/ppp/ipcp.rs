//! The IP Control Protocol (RFC 1332) and its options, with RFC 1877's name-server options.
//!
//! IPCP uses the shared [control packet format](super::control) with codes 1–7 only:
//! [`IpcpPacket`] and [`IpcpRepr`] are [`ControlPacket`] and [`ControlRepr`] for the [`Ipcp`]
//! marker. Options are [`IpcpOption`]s (raw variants as in the [control
//! module](super::control)).
//!
//! ```
//! use codec_link::ppp::ipcp::{IpCompression, IpcpOption, IpcpPacket};
//! use core::net::Ipv4Addr;
//! // The access server's request of the seed trace (seed_story.jsonl index 12):
//! // VJ compression with max slot 15 and slot compression, address 141.2.29.2.
//! let bytes = [
//!     0x01, 0x01, 0x00, 0x10, 0x02, 0x06, 0x00, 0x2d, 0x0f, 0x01, 0x03, 0x06, 0x8d, 0x02,
//!     0x1d, 0x02,
//! ];
//! let packet = IpcpPacket::parse(&bytes[..])?;
//! let mut options = packet.options();
//! assert_eq!(
//!     options.next(),
//!     Some(IpcpOption::IpCompression(IpCompression::VanJacobson { max_slot_id: 15, comp_slot_id: 1 }))
//! );
//! assert_eq!(options.next(), Some(IpcpOption::IpAddress(Ipv4Addr::new(141, 2, 29, 2))));
//! assert_eq!(packet.to_string(), "IPCP Configure-Request id=1 len=16 [VJ 0f 01, Address 141.2.29.2]");
//! # Ok::<(), codec_core::Error>(())
//! ```

use super::PppProtocol;
use super::control::{
    ConfigOption, ControlCode, ControlPacket, ControlProtocol, ControlRepr, RawVariant,
    fmt_raw_option, raw_option_variants, write_hex,
};
use codec_core::{Protocol, Result, Writer};
use core::fmt;
use core::net::Ipv4Addr;

/// The IPCP marker for [`ControlPacket`] and [`ControlRepr`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ipcp;

impl ControlProtocol for Ipcp {
    const PPP_PROTOCOL: PppProtocol = PppProtocol::Ipcp;
    const PROTOCOL: Protocol = Protocol::Ipcp;
    const NAME: &'static str = "IPCP";
    type Opt<'a> = IpcpOption<'a>;
    fn uses_code(code: ControlCode) -> bool {
        matches!(code.value(), 1..=7)
    }
}

/// A view of an IPCP packet.
pub type IpcpPacket<B> = ControlPacket<B, Ipcp>;
/// The meaning of an IPCP packet.
pub type IpcpRepr<'a> = ControlRepr<'a, Ipcp>;

codec_core::registry! {
    /// IPCP option types (IANA "PPP IPCP Configuration Option Types").
    pub enum IpcpOptionType: u8 {
        /// IP-Addresses, deprecated (RFC 1172, RFC 1332 §3.1).
        IpAddresses = 1 => "IP-Addresses",
        /// IP-Compression-Protocol (RFC 1332 §3.2).
        IpCompression = 2 => "IP-Compression-Protocol",
        /// IP-Address (RFC 1332 §3.3).
        IpAddress = 3 => "IP-Address",
        /// Mobile-IPv4 (RFC 2290).
        MobileIpv4 = 4 => "Mobile-IPv4",
        /// Primary DNS server address (RFC 1877 §1.1).
        PrimaryDns = 129 => "Primary-DNS",
        /// Primary NBNS server address (RFC 1877 §1.2).
        PrimaryNbns = 130 => "Primary-NBNS",
        /// Secondary DNS server address (RFC 1877 §1.3).
        SecondaryDns = 131 => "Secondary-DNS",
        /// Secondary NBNS server address (RFC 1877 §1.4).
        SecondaryNbns = 132 => "Secondary-NBNS",
    }
}

/// The Van Jacobson compressed TCP/IP protocol number (RFC 1332 §4).
pub const VJ_PROTOCOL: u16 = 0x002d;

/// The value of an IP-Compression-Protocol option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpCompression<'a> {
    /// Van Jacobson TCP/IP header compression (0x002d, option length 6, RFC 1332 §4).
    VanJacobson {
        /// The highest slot identifier (slots are 0 to this).
        max_slot_id: u8,
        /// 1 when the slot identifier may be compressed, 0 when not.
        comp_slot_id: u8,
    },
    /// Another protocol (or VJ without its two parameters, like the old 0x0037 form), with
    /// its data.
    Other {
        /// The protocol number.
        protocol: u16,
        /// The bytes after it.
        data: &'a [u8],
    },
}

/// An IPCP configuration option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpcpOption<'a> {
    /// IP-Addresses (type 1, length 10): source and destination (deprecated).
    IpAddresses {
        /// The sender's address.
        source: Ipv4Addr,
        /// The peer's address.
        destination: Ipv4Addr,
    },
    /// IP-Compression-Protocol (type 2, length at least 4).
    IpCompression(IpCompression<'a>),
    /// IP-Address (type 3, length 6); 0.0.0.0 asks the peer to assign one.
    IpAddress(Ipv4Addr),
    /// Primary DNS server (type 129, length 6).
    PrimaryDns(Ipv4Addr),
    /// Primary NBNS server (type 130, length 6).
    PrimaryNbns(Ipv4Addr),
    /// Secondary DNS server (type 131, length 6).
    SecondaryDns(Ipv4Addr),
    /// Secondary NBNS server (type 132, length 6).
    SecondaryNbns(Ipv4Addr),
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

impl IpcpOption<'_> {
    /// The option type.
    #[must_use]
    pub fn option_type(&self) -> IpcpOptionType {
        IpcpOptionType::from_value(ConfigOption::kind(self))
    }
}

fn addr(v: &[u8]) -> Option<Ipv4Addr> {
    <[u8; 4]>::try_from(v).ok().map(Ipv4Addr::from)
}

impl<'a> ConfigOption<'a> for IpcpOption<'a> {
    fn from_tlv(kind: u8, v: &'a [u8]) -> Self {
        let typed = match IpcpOptionType::from_value(kind) {
            IpcpOptionType::IpAddresses => match v {
                [a, b, c, d, e, f, g, h] => Some(IpcpOption::IpAddresses {
                    source: Ipv4Addr::new(*a, *b, *c, *d),
                    destination: Ipv4Addr::new(*e, *f, *g, *h),
                }),
                _ => None,
            },
            IpcpOptionType::IpCompression => match v {
                [0x00, 0x2d, max, comp] => {
                    Some(IpcpOption::IpCompression(IpCompression::VanJacobson {
                        max_slot_id: *max,
                        comp_slot_id: *comp,
                    }))
                }
                [hi, lo, data @ ..] => Some(IpcpOption::IpCompression(IpCompression::Other {
                    protocol: u16::from_be_bytes([*hi, *lo]),
                    data,
                })),
                _ => None,
            },
            IpcpOptionType::IpAddress => addr(v).map(IpcpOption::IpAddress),
            IpcpOptionType::PrimaryDns => addr(v).map(IpcpOption::PrimaryDns),
            IpcpOptionType::PrimaryNbns => addr(v).map(IpcpOption::PrimaryNbns),
            IpcpOptionType::SecondaryDns => addr(v).map(IpcpOption::SecondaryDns),
            IpcpOptionType::SecondaryNbns => addr(v).map(IpcpOption::SecondaryNbns),
            IpcpOptionType::MobileIpv4 | IpcpOptionType::Unknown(_) => {
                return IpcpOption::Unknown { kind, data: v };
            }
        };
        typed.unwrap_or(IpcpOption::Malformed { kind, data: v })
    }

    raw_option_variants!();

    fn kind(&self) -> u8 {
        let t = match *self {
            IpcpOption::IpAddresses { .. } => IpcpOptionType::IpAddresses,
            IpcpOption::IpCompression(_) => IpcpOptionType::IpCompression,
            IpcpOption::IpAddress(_) => IpcpOptionType::IpAddress,
            IpcpOption::PrimaryDns(_) => IpcpOptionType::PrimaryDns,
            IpcpOption::PrimaryNbns(_) => IpcpOptionType::PrimaryNbns,
            IpcpOption::SecondaryDns(_) => IpcpOptionType::SecondaryDns,
            IpcpOption::SecondaryNbns(_) => IpcpOptionType::SecondaryNbns,
            IpcpOption::Unknown { kind, .. } | IpcpOption::Malformed { kind, .. } => return kind,
            IpcpOption::Invalid(b) => return b.first().copied().unwrap_or(0),
        };
        t.value()
    }

    fn value_len(&self) -> usize {
        match *self {
            IpcpOption::IpAddresses { .. } => 8,
            IpcpOption::IpCompression(IpCompression::VanJacobson { .. }) => 4,
            IpcpOption::IpCompression(IpCompression::Other { data, .. }) => {
                data.len().saturating_add(2)
            }
            IpcpOption::IpAddress(_)
            | IpcpOption::PrimaryDns(_)
            | IpcpOption::PrimaryNbns(_)
            | IpcpOption::SecondaryDns(_)
            | IpcpOption::SecondaryNbns(_) => 4,
            IpcpOption::Unknown { data, .. } | IpcpOption::Malformed { data, .. } => data.len(),
            IpcpOption::Invalid(b) => b.len().saturating_sub(2),
        }
    }

    fn emit_value(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            IpcpOption::IpAddresses {
                source,
                destination,
            } => {
                w.put_slice(&source.octets())?;
                w.put_slice(&destination.octets())
            }
            IpcpOption::IpCompression(IpCompression::VanJacobson {
                max_slot_id,
                comp_slot_id,
            }) => {
                w.put_u16(VJ_PROTOCOL)?;
                w.put_u8(max_slot_id)?;
                w.put_u8(comp_slot_id)
            }
            IpcpOption::IpCompression(IpCompression::Other { protocol, data }) => {
                w.put_u16(protocol)?;
                w.put_slice(data)
            }
            IpcpOption::IpAddress(a)
            | IpcpOption::PrimaryDns(a)
            | IpcpOption::PrimaryNbns(a)
            | IpcpOption::SecondaryDns(a)
            | IpcpOption::SecondaryNbns(a) => w.put_slice(&a.octets()),
            IpcpOption::Unknown { data, .. } | IpcpOption::Malformed { data, .. } => {
                w.put_slice(data)
            }
            IpcpOption::Invalid(b) => w.put_slice(b),
        }
    }
}

impl fmt::Display for IpcpOption<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            IpcpOption::IpAddresses {
                source,
                destination,
            } => write!(f, "Addresses {source} {destination}"),
            IpcpOption::IpCompression(IpCompression::VanJacobson {
                max_slot_id,
                comp_slot_id,
            }) => write!(f, "VJ {max_slot_id:02x} {comp_slot_id:02x}"),
            IpcpOption::IpCompression(IpCompression::Other { protocol, data }) => {
                write!(f, "Compression {protocol:#06x}")?;
                if !data.is_empty() {
                    f.write_str(" ")?;
                    write_hex(f, data)?;
                }
                Ok(())
            }
            IpcpOption::IpAddress(a) => write!(f, "Address {a}"),
            IpcpOption::PrimaryDns(a) => write!(f, "DNS1 {a}"),
            IpcpOption::PrimaryNbns(a) => write!(f, "NBNS1 {a}"),
            IpcpOption::SecondaryDns(a) => write!(f, "DNS2 {a}"),
            IpcpOption::SecondaryNbns(a) => write!(f, "NBNS2 {a}"),
            IpcpOption::Unknown { kind, data } => fmt_raw_option(
                f,
                RawVariant::Unknown,
                kind,
                IpcpOptionType::from_value(kind).name(),
                data,
            ),
            IpcpOption::Malformed { kind, data } => fmt_raw_option(
                f,
                RawVariant::Malformed,
                kind,
                IpcpOptionType::from_value(kind).name(),
                data,
            ),
            IpcpOption::Invalid(b) => fmt_raw_option(f, RawVariant::Invalid, 0, None, b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::control::{ControlData, OptionList};
    use super::*;
    use std::string::ToString;
    use std::vec::Vec;

    // ppp_pap.pcapng frame 13: the client's first request (pppd: "<compress VJ 0f 01>
    // <addr 0.0.0.0> <ms-dns1 0.0.0.0> <ms-dns2 0.0.0.0>").
    static PAP_IPCP_REQ: [u8; 28] = [
        0x01, 0x01, 0x00, 0x1c, 0x02, 0x06, 0x00, 0x2d, 0x0f, 0x01, 0x03, 0x06, 0x00, 0x00, 0x00,
        0x00, 0x81, 0x06, 0x00, 0x00, 0x00, 0x00, 0x83, 0x06, 0x00, 0x00, 0x00, 0x00,
    ];

    #[test]
    fn deconstruct_and_emit() {
        let p = IpcpPacket::parse(&PAP_IPCP_REQ[..]).unwrap();
        let opts: Vec<_> = p.options().collect();
        let zero = Ipv4Addr::UNSPECIFIED;
        assert_eq!(
            opts,
            [
                IpcpOption::IpCompression(IpCompression::VanJacobson {
                    max_slot_id: 15,
                    comp_slot_id: 1
                }),
                IpcpOption::IpAddress(zero),
                IpcpOption::PrimaryDns(zero),
                IpcpOption::SecondaryDns(zero),
            ]
        );
        assert_eq!(
            p.to_string(),
            "IPCP Configure-Request id=1 len=28 [VJ 0f 01, Address 0.0.0.0, DNS1 0.0.0.0, DNS2 0.0.0.0]"
        );
        let r = IpcpRepr::parse(&p).unwrap();
        let mut out = [0u8; 28];
        r.emit(&mut out).unwrap();
        assert_eq!(out, PAP_IPCP_REQ);
    }

    #[test]
    fn every_option_round_trips() {
        let a = Ipv4Addr::new(10, 0, 0, 53);
        let opts = [
            IpcpOption::IpAddresses {
                source: Ipv4Addr::new(10, 0, 0, 1),
                destination: Ipv4Addr::new(10, 0, 0, 2),
            },
            IpcpOption::IpCompression(IpCompression::Other {
                protocol: 0x0037,
                data: &[],
            }),
            IpcpOption::IpCompression(IpCompression::Other {
                protocol: 0x0061,
                data: &[1, 2, 3],
            }),
            IpcpOption::IpAddress(a),
            IpcpOption::PrimaryDns(a),
            IpcpOption::PrimaryNbns(a),
            IpcpOption::SecondaryDns(a),
            IpcpOption::SecondaryNbns(a),
            IpcpOption::Unknown {
                kind: 4,
                data: &[0; 4],
            },
            IpcpOption::Malformed {
                kind: 3,
                data: &[10, 0, 0],
            },
            IpcpOption::Malformed {
                kind: 2,
                data: &[0],
            },
        ];
        let r = IpcpRepr {
            identifier: 3,
            data: ControlData::ConfigureNak(OptionList::Typed(&opts)),
        };
        let mut buf = [0u8; 128];
        let n = r.emit(&mut buf).unwrap();
        let p = IpcpPacket::parse(&buf[..n]).unwrap();
        assert_eq!(p.options().collect::<Vec<_>>(), opts);
        assert_eq!(IpcpRepr::parse(&p).unwrap(), r);
        let texts: Vec<_> = opts.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "Addresses 10.0.0.1 10.0.0.2",
                "Compression 0x0037",
                "Compression 0x0061 01:02:03",
                "Address 10.0.0.53",
                "DNS1 10.0.0.53",
                "NBNS1 10.0.0.53",
                "DNS2 10.0.0.53",
                "NBNS2 10.0.0.53",
                "Mobile-IPv4 00:00:00:00",
                "malformed IP-Address (len 5)",
                "malformed IP-Compression-Protocol (len 3)",
            ]
        );
        assert_eq!(opts[9].option_type(), IpcpOptionType::IpAddress);
    }
}

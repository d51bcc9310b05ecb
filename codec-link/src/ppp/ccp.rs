//! The Compression Control Protocol (RFC 1962) and the options of the common algorithms:
//! OUI (RFC 1962 §2.1), Predictor 1/2 (RFC 1978), Stac LZS (RFC 1974), Microsoft MPPC/MPPE
//! (RFC 2118, RFC 3078), BSD-Compress (RFC 1977) and Deflate (RFC 1979).
//!
//! CCP uses the shared [control packet format](super::control) with codes 1–7 and its own
//! Reset-Request (14) and Reset-Ack (15): [`CcpPacket`] and [`CcpRepr`] are
//! [`ControlPacket`] and [`ControlRepr`] for the [`Ccp`] marker. Options are [`CcpOption`]s.
//!
//! Option type 24 is claimed twice: RFC 1975 gives it to Magnalink (MVRCA), while pppd sends
//! it as the draft form of Deflate (`CI_DEFLATE_DRAFT`, the same 4-byte layout as type 26).
//! The pppd sessions in the shared captures send it that way, so it is typed here as
//! [`CcpOption::DeflateDraft`].
//!
//! ```
//! use codec_link::ppp::ccp::{CcpOption, CcpPacket, Deflate};
//! // pppd's CCP Configure-Request of ppp_pap.pcapng frame 12: "<deflate 12> <deflate(old#) 12>".
//! let bytes = [0x01, 0x01, 0x00, 0x0c, 0x1a, 0x04, 0x48, 0x00, 0x18, 0x04, 0x48, 0x00];
//! let packet = CcpPacket::parse(&bytes[..])?;
//! let deflate = Deflate { window: 12, method: 8, check: 0 };
//! let options: Vec<CcpOption> = packet.options().collect();
//! assert_eq!(options, [CcpOption::Deflate(deflate), CcpOption::DeflateDraft(deflate)]);
//! assert_eq!(
//!     packet.to_string(),
//!     "CCP Configure-Request id=1 len=12 [Deflate 12, Deflate-draft 12]"
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

/// The CCP marker for [`ControlPacket`] and [`ControlRepr`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ccp;

impl ControlProtocol for Ccp {
    const PPP_PROTOCOL: PppProtocol = PppProtocol::Ccp;
    const PROTOCOL: Protocol = Protocol::Ccp;
    const NAME: &'static str = "CCP";
    type Opt<'a> = CcpOption<'a>;
    fn uses_code(code: ControlCode) -> bool {
        matches!(code.value(), 1..=7 | 14 | 15)
    }
}

/// A view of a CCP packet.
pub type CcpPacket<B> = ControlPacket<B, Ccp>;
/// The meaning of a CCP packet.
pub type CcpRepr<'a> = ControlRepr<'a, Ccp>;

codec_core::registry! {
    /// CCP option types (IANA "PPP CCP Configuration Option Types").
    pub enum CcpOptionType: u8 {
        /// Organization Unique Identifier (RFC 1962 §2.1).
        Oui = 0 => "OUI",
        /// Predictor type 1 (RFC 1978).
        Predictor1 = 1 => "Predictor-1",
        /// Predictor type 2 (RFC 1978).
        Predictor2 = 2 => "Predictor-2",
        /// Puddle Jumper.
        PuddleJumper = 3 => "Puddle-Jumper",
        /// Hewlett-Packard PPC.
        HpPpc = 16 => "HP-PPC",
        /// Stac Electronics LZS (RFC 1974).
        Lzs = 17 => "LZS",
        /// Microsoft PPC / MPPE (RFC 2118, RFC 3078).
        Mppe = 18 => "MPPC/MPPE",
        /// Gandalf FZA (RFC 1993).
        Gandalf = 19 => "Gandalf-FZA",
        /// V.42bis compression.
        V42bis = 20 => "V.42bis",
        /// BSD LZW Compress (RFC 1977).
        BsdCompress = 21 => "BSD-Compress",
        /// LZS-DCP (RFC 1967).
        LzsDcp = 23 => "LZS-DCP",
        /// Magnalink (RFC 1975), which pppd uses for draft Deflate.
        DeflateDraft = 24 => "Deflate-draft",
        /// Deflate (RFC 1979).
        Deflate = 26 => "Deflate",
    }
}

codec_core::registry! {
    /// LZS check modes (RFC 1974 §2.2).
    pub enum LzsCheckMode: u8 {
        /// None.
        None = 0 => "none",
        /// Longitudinal check byte.
        Lcb = 1 => "LCB",
        /// Cyclic redundancy check.
        Crc = 2 => "CRC",
        /// Sequence number.
        Sequence = 3 => "sequence",
        /// Extended mode.
        Extended = 4 => "extended",
    }
}

bitflags::bitflags! {
    /// The supported bits of the MPPC/MPPE option (RFC 3078 §2.1, RFC 2118 §2).
    /// Unknown bits are kept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct MppeBits: u32 {
        /// H: stateless mode.
        const STATELESS = 0x0100_0000;
        /// M: 56-bit session keys.
        const MPPE_56 = 0x0000_0080;
        /// S: 128-bit session keys.
        const MPPE_128 = 0x0000_0040;
        /// L: 40-bit session keys.
        const MPPE_40 = 0x0000_0020;
        /// D: obsolete.
        const OBSOLETE_D = 0x0000_0010;
        /// C: MPPC compression.
        const MPPC = 0x0000_0001;
    }
}

/// The value of a Deflate option (RFC 1979 §2.1): window size, method and check method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deflate {
    /// Base-2 logarithm of the LZ77 window size: 8 to 23 (the wire carries `window - 8` in
    /// the high 4 bits).
    pub window: u8,
    /// Compression method, low 4 bits; 8 is zlib's deflate.
    pub method: u8,
    /// The second byte: 6 bits that must be zero and the 2-bit check method (0: sequence).
    pub check: u8,
}

impl Deflate {
    fn from_bytes(v: &[u8]) -> Option<Self> {
        match v {
            [wm, check] => Some(Deflate {
                window: (wm >> 4) + 8,
                method: wm & 0x0f,
                check: *check,
            }),
            _ => None,
        }
    }

    fn first_byte(self) -> Result<u8> {
        match self.window.checked_sub(8) {
            Some(w) if w <= 0x0f && self.method <= 0x0f => Ok(w << 4 | self.method),
            _ => Err(Error::bad_value(
                Protocol::Ccp,
                2,
                Field::OptionType,
                u32::from(self.window) << 8 | u32::from(self.method),
            )),
        }
    }
}

/// A CCP configuration option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CcpOption<'a> {
    /// Organization Unique Identifier (type 0, length at least 6): vendor algorithm.
    Oui {
        /// The OUI.
        oui: [u8; 3],
        /// The vendor's subtype.
        subtype: u8,
        /// The values.
        values: &'a [u8],
    },
    /// Predictor type 1 (type 1, length 2).
    Predictor1,
    /// Predictor type 2 (type 2, length 2).
    Predictor2,
    /// Stac LZS (type 17, length 5).
    Lzs {
        /// Number of histories.
        history_count: u16,
        /// The check mode.
        check_mode: LzsCheckMode,
    },
    /// MPPC/MPPE (type 18, length 6).
    Mppe(MppeBits),
    /// BSD-Compress (type 21, length 3).
    BsdCompress {
        /// Version, the high 3 bits (1).
        version: u8,
        /// Maximum code size in bits, the low 5 bits (9 to 16).
        dict_bits: u8,
    },
    /// Draft Deflate as pppd sends it (type 24, length 4; see the [module docs](self)).
    DeflateDraft(Deflate),
    /// Deflate (type 26, length 4).
    Deflate(Deflate),
    /// A well framed option of a type not typed here.
    Unknown {
        /// The type.
        kind: u8,
        /// The value.
        data: &'a [u8],
    },
    /// A well framed option of a known type whose length is wrong for it (the seed trace's
    /// 6-byte LZS, Ascend's variant, is one).
    Malformed {
        /// The type.
        kind: u8,
        /// The value.
        data: &'a [u8],
    },
    /// The rest of a list whose framing is broken, verbatim.
    Invalid(&'a [u8]),
}

impl CcpOption<'_> {
    /// The option type.
    #[must_use]
    pub fn option_type(&self) -> CcpOptionType {
        CcpOptionType::from_value(ConfigOption::kind(self))
    }
}

impl<'a> ConfigOption<'a> for CcpOption<'a> {
    fn from_tlv(kind: u8, v: &'a [u8]) -> Self {
        let typed = match CcpOptionType::from_value(kind) {
            CcpOptionType::Oui => match v {
                [a, b, c, subtype, values @ ..] => Some(CcpOption::Oui {
                    oui: [*a, *b, *c],
                    subtype: *subtype,
                    values,
                }),
                _ => None,
            },
            CcpOptionType::Predictor1 => v.is_empty().then_some(CcpOption::Predictor1),
            CcpOptionType::Predictor2 => v.is_empty().then_some(CcpOption::Predictor2),
            CcpOptionType::Lzs => match v {
                [hi, lo, mode] => Some(CcpOption::Lzs {
                    history_count: u16::from_be_bytes([*hi, *lo]),
                    check_mode: LzsCheckMode::from_value(*mode),
                }),
                _ => None,
            },
            CcpOptionType::Mppe => <[u8; 4]>::try_from(v)
                .ok()
                .map(|b| CcpOption::Mppe(MppeBits::from_bits_retain(u32::from_be_bytes(b)))),
            CcpOptionType::BsdCompress => match v {
                [b] => Some(CcpOption::BsdCompress {
                    version: b >> 5,
                    dict_bits: b & 0x1f,
                }),
                _ => None,
            },
            CcpOptionType::DeflateDraft => Deflate::from_bytes(v).map(CcpOption::DeflateDraft),
            CcpOptionType::Deflate => Deflate::from_bytes(v).map(CcpOption::Deflate),
            _ => return CcpOption::Unknown { kind, data: v },
        };
        typed.unwrap_or(CcpOption::Malformed { kind, data: v })
    }

    raw_option_variants!();

    fn kind(&self) -> u8 {
        let t = match *self {
            CcpOption::Oui { .. } => CcpOptionType::Oui,
            CcpOption::Predictor1 => CcpOptionType::Predictor1,
            CcpOption::Predictor2 => CcpOptionType::Predictor2,
            CcpOption::Lzs { .. } => CcpOptionType::Lzs,
            CcpOption::Mppe(_) => CcpOptionType::Mppe,
            CcpOption::BsdCompress { .. } => CcpOptionType::BsdCompress,
            CcpOption::DeflateDraft(_) => CcpOptionType::DeflateDraft,
            CcpOption::Deflate(_) => CcpOptionType::Deflate,
            CcpOption::Unknown { kind, .. } | CcpOption::Malformed { kind, .. } => return kind,
            CcpOption::Invalid(b) => return b.first().copied().unwrap_or(0),
        };
        t.value()
    }

    fn value_len(&self) -> usize {
        match *self {
            CcpOption::Oui { values, .. } => values.len().saturating_add(4),
            CcpOption::Predictor1 | CcpOption::Predictor2 => 0,
            CcpOption::Lzs { .. } => 3,
            CcpOption::Mppe(_) => 4,
            CcpOption::BsdCompress { .. } => 1,
            CcpOption::DeflateDraft(_) | CcpOption::Deflate(_) => 2,
            CcpOption::Unknown { data, .. } | CcpOption::Malformed { data, .. } => data.len(),
            CcpOption::Invalid(b) => b.len().saturating_sub(2),
        }
    }

    fn emit_value(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            CcpOption::Oui {
                oui,
                subtype,
                values,
            } => {
                w.put_slice(&oui)?;
                w.put_u8(subtype)?;
                w.put_slice(values)
            }
            CcpOption::Predictor1 | CcpOption::Predictor2 => Ok(()),
            CcpOption::Lzs {
                history_count,
                check_mode,
            } => {
                w.put_u16(history_count)?;
                w.put_u8(check_mode.value())
            }
            CcpOption::Mppe(bits) => w.put_u32(bits.bits()),
            CcpOption::BsdCompress { version, dict_bits } => {
                if version > 7 || dict_bits > 0x1f {
                    return Err(Error::bad_value(
                        Protocol::Ccp,
                        w.position(),
                        Field::Version,
                        u32::from(version) << 8 | u32::from(dict_bits),
                    ));
                }
                w.put_u8(version << 5 | dict_bits)
            }
            CcpOption::DeflateDraft(d) | CcpOption::Deflate(d) => {
                w.put_u8(d.first_byte()?)?;
                w.put_u8(d.check)
            }
            CcpOption::Unknown { data, .. }
            | CcpOption::Malformed { data, .. }
            | CcpOption::Invalid(data) => w.put_slice(data),
        }
    }
}

impl fmt::Display for CcpOption<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            CcpOption::Oui {
                oui,
                subtype,
                values,
            } => {
                f.write_str("OUI ")?;
                write_hex(f, &oui)?;
                write!(f, " subtype {subtype}")?;
                if !values.is_empty() {
                    f.write_str(" ")?;
                    write_hex(f, values)?;
                }
                Ok(())
            }
            CcpOption::Predictor1 => f.write_str("Predictor-1"),
            CcpOption::Predictor2 => f.write_str("Predictor-2"),
            CcpOption::Lzs {
                history_count,
                check_mode,
            } => write!(f, "LZS histories {history_count} check {check_mode}"),
            CcpOption::Mppe(bits) => write!(f, "MPPC/MPPE {:#010x}", bits.bits()),
            CcpOption::BsdCompress { version, dict_bits } => {
                write!(f, "BSD-Compress v{version} {dict_bits} bits")
            }
            CcpOption::DeflateDraft(d) | CcpOption::Deflate(d) => {
                let name = if matches!(self, CcpOption::Deflate(_)) {
                    "Deflate"
                } else {
                    "Deflate-draft"
                };
                write!(f, "{name} {}", d.window)?;
                if d.method != 8 {
                    write!(f, " method {}", d.method)?;
                }
                if d.check != 0 {
                    write!(f, " check {:#04x}", d.check)?;
                }
                Ok(())
            }
            CcpOption::Unknown { kind, data } => fmt_raw_option(
                f,
                RawVariant::Unknown,
                kind,
                CcpOptionType::from_value(kind).name(),
                data,
            ),
            CcpOption::Malformed { kind, data } => fmt_raw_option(
                f,
                RawVariant::Malformed,
                kind,
                CcpOptionType::from_value(kind).name(),
                data,
            ),
            CcpOption::Invalid(b) => fmt_raw_option(f, RawVariant::Invalid, 0, None, b),
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
    fn every_option_round_trips() {
        let opts = [
            CcpOption::Oui {
                oui: [0x00, 0x04, 0x0b],
                subtype: 1,
                values: &[9],
            },
            CcpOption::Predictor1,
            CcpOption::Predictor2,
            CcpOption::Lzs {
                history_count: 1,
                check_mode: LzsCheckMode::Sequence,
            },
            CcpOption::Mppe(MppeBits::STATELESS | MppeBits::MPPE_128),
            CcpOption::BsdCompress {
                version: 1,
                dict_bits: 15,
            },
            CcpOption::Deflate(Deflate {
                window: 15,
                method: 8,
                check: 0,
            }),
            CcpOption::DeflateDraft(Deflate {
                window: 9,
                method: 8,
                check: 0,
            }),
            CcpOption::Unknown {
                kind: 16,
                data: &[1],
            },
            CcpOption::Malformed {
                kind: 17,
                data: &[0, 1, 1, 3],
            },
        ];
        let r = CcpRepr {
            identifier: 5,
            data: ControlData::ConfigureRequest(OptionList::Typed(&opts)),
        };
        let mut buf = [0u8; 128];
        let n = r.emit(&mut buf).unwrap();
        assert_eq!(
            &buf[4..n],
            &[
                0x00, 0x07, 0x00, 0x04, 0x0b, 0x01, 0x09, 0x01, 0x02, 0x02, 0x02, 0x11, 0x05, 0x00,
                0x01, 0x03, 0x12, 0x06, 0x01, 0x00, 0x00, 0x40, 0x15, 0x03, 0x2f, 0x1a, 0x04, 0x78,
                0x00, 0x18, 0x04, 0x18, 0x00, 0x10, 0x03, 0x01, 0x11, 0x06, 0x00, 0x01, 0x01, 0x03,
            ][..]
        );
        let p = CcpPacket::parse(&buf[..n]).unwrap();
        assert_eq!(p.options().collect::<Vec<_>>(), opts);
        assert_eq!(CcpRepr::parse(&p).unwrap(), r);
        let texts: Vec<_> = opts.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "OUI 00:04:0b subtype 1 09",
                "Predictor-1",
                "Predictor-2",
                "LZS histories 1 check sequence",
                "MPPC/MPPE 0x01000040",
                "BSD-Compress v1 15 bits",
                "Deflate 15",
                "Deflate-draft 9",
                "HP-PPC 01",
                "malformed LZS (len 6)",
            ]
        );
    }

    #[test]
    fn reset_codes_and_bad_values() {
        // Reset-Request / Reset-Ack (RFC 1962 §2.1) carry uninterpreted data.
        let r = CcpRepr {
            identifier: 4,
            data: ControlData::ResetAck(&[]),
        };
        let mut buf = [0u8; 8];
        assert_eq!(r.emit(&mut buf).unwrap(), 4);
        assert_eq!(&buf[..4], &[0x0f, 0x04, 0x00, 0x04]);
        let p = CcpPacket::parse(&buf[..4]).unwrap();
        assert_eq!(p.to_string(), "CCP Reset-Ack id=4 len=4");
        // pcapplusplus_gre_ppp_ccp.pcap frame 1: Terminate-Ack id 4.
        let p = CcpPacket::parse(&[0x06u8, 0x04, 0x00, 0x04][..]).unwrap();
        assert_eq!(p.body(), ControlData::TerminateAck(&[]));
        // LCP-only codes stay raw in CCP.
        let p = CcpPacket::parse(&[0x09u8, 0x04, 0x00, 0x08, 1, 2, 3, 4][..]).unwrap();
        assert!(matches!(p.body(), ControlData::Unknown { code: 9, .. }));
        // Out-of-range fields do not emit.
        for bad in [
            CcpOption::Deflate(Deflate {
                window: 7,
                method: 8,
                check: 0,
            }),
            CcpOption::Deflate(Deflate {
                window: 24,
                method: 8,
                check: 0,
            }),
            CcpOption::Deflate(Deflate {
                window: 12,
                method: 16,
                check: 0,
            }),
            CcpOption::BsdCompress {
                version: 8,
                dict_bits: 12,
            },
        ] {
            let mut w = Writer::new(Protocol::Ccp, &mut buf);
            assert!(bad.emit(&mut w).is_err(), "{bad:?}");
        }
    }
}

//! EDNS(0) (RFC 6891): the OPT pseudo-record and its options.
//!
//! The OPT record's class carries the requester's UDP payload size and its TTL the upper
//! 8 bits of the extended RCODE, the version and the flags (DO, RFC 3225); its RDATA is a
//! list of options. [`Edns`] puts the two together; [`EdnsOption`] types the options of
//! RFC 7871 (client subnet), RFC 7873 (cookie), RFC 7828 (TCP keepalive), RFC 7830
//! (padding), RFC 8914 (extended error) and RFC 5001 (NSID); others stay raw.
//!
//! ```
//! use codec_app::dns::edns::{EdnsOption, OptData};
//! // A client cookie (option 10, 8 bytes).
//! let data = OptData::new(b"\x00\x0a\x00\x08\x01\x23\x45\x67\x89\xab\xcd\xef")?;
//! let Some(EdnsOption::Cookie(c)) = data.options().next() else { unreachable!() };
//! assert_eq!(c.client, [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]);
//! assert!(c.server.is_empty());
//! # Ok::<(), codec_core::Error>(())
//! ```

use super::P;
use super::rdata::be16;
use codec_core::tlv::{TlvFormat, Tlvs};
use codec_core::{Error, Field, Result, Writer};
use core::fmt;

const FORMAT: TlvFormat = TlvFormat::TYPE16_LEN16.for_protocol(P);

codec_core::registry! {
    /// EDNS(0) option codes (IANA "DNS EDNS0 Option Codes").
    pub enum EdnsOptionCode: u16 {
        /// Long-lived queries (RFC 8764).
        Llq = 1 => "LLQ",
        /// Update lease (RFC 9664).
        UpdateLease = 2 => "UL",
        /// Name server identifier (RFC 5001).
        Nsid = 3 => "NSID",
        /// DNSSEC algorithms understood (RFC 6975).
        Dau = 5 => "DAU",
        /// DS hash understood (RFC 6975).
        Dhu = 6 => "DHU",
        /// NSEC3 hash understood (RFC 6975).
        N3u = 7 => "N3U",
        /// Client subnet (RFC 7871).
        ClientSubnet = 8 => "CSUBNET",
        /// Expire (RFC 7314).
        Expire = 9 => "EXPIRE",
        /// Cookie (RFC 7873).
        Cookie = 10 => "COOKIE",
        /// TCP keepalive (RFC 7828).
        TcpKeepalive = 11 => "TCP-KEEPALIVE",
        /// Padding (RFC 7830).
        Padding = 12 => "PADDING",
        /// Chain query (RFC 7901).
        Chain = 13 => "CHAIN",
        /// Key tag (RFC 8145).
        KeyTag = 14 => "KEY-TAG",
        /// Extended DNS error (RFC 8914).
        ExtendedError = 15 => "EDE",
        /// Report channel (RFC 9567).
        ReportChannel = 18 => "REPORT-CHANNEL",
        /// Zone version (RFC 9660).
        ZoneVersion = 19 => "ZONEVERSION",
    }
}

codec_core::registry! {
    /// Extended DNS error codes (RFC 8914 §4).
    pub enum ExtendedErrorCode: u16 {
        /// Other error.
        Other = 0 => "Other Error",
        /// Unsupported DNSKEY algorithm.
        UnsupportedDnskeyAlgorithm = 1 => "Unsupported DNSKEY Algorithm",
        /// Unsupported DS digest type.
        UnsupportedDsDigestType = 2 => "Unsupported DS Digest Type",
        /// Stale answer.
        StaleAnswer = 3 => "Stale Answer",
        /// Forged answer.
        ForgedAnswer = 4 => "Forged Answer",
        /// DNSSEC indeterminate.
        DnssecIndeterminate = 5 => "DNSSEC Indeterminate",
        /// DNSSEC bogus.
        DnssecBogus = 6 => "DNSSEC Bogus",
        /// Signature expired.
        SignatureExpired = 7 => "Signature Expired",
        /// Signature not yet valid.
        SignatureNotYetValid = 8 => "Signature Not Yet Valid",
        /// DNSKEY missing.
        DnskeyMissing = 9 => "DNSKEY Missing",
        /// RRSIGs missing.
        RrsigsMissing = 10 => "RRSIGs Missing",
        /// No zone key bit set.
        NoZoneKeyBitSet = 11 => "No Zone Key Bit Set",
        /// NSEC missing.
        NsecMissing = 12 => "NSEC Missing",
        /// Cached error.
        CachedError = 13 => "Cached Error",
        /// Not ready.
        NotReady = 14 => "Not Ready",
        /// Blocked.
        Blocked = 15 => "Blocked",
        /// Censored.
        Censored = 16 => "Censored",
        /// Filtered.
        Filtered = 17 => "Filtered",
        /// Prohibited.
        Prohibited = 18 => "Prohibited",
        /// Stale NXDOMAIN answer.
        StaleNxdomainAnswer = 19 => "Stale NXDOMAIN Answer",
        /// Not authoritative.
        NotAuthoritative = 20 => "Not Authoritative",
        /// Not supported.
        NotSupported = 21 => "Not Supported",
        /// No reachable authority.
        NoReachableAuthority = 22 => "No Reachable Authority",
        /// Network error.
        NetworkError = 23 => "Network Error",
        /// Invalid data.
        InvalidData = 24 => "Invalid Data",
    }
}

/// A DNS cookie (RFC 7873 §4): an 8-byte client cookie and an optional 8 to 32-byte server
/// cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cookie<'a> {
    /// The client cookie.
    pub client: [u8; 8],
    /// The server cookie (empty in a first query).
    pub server: &'a [u8],
}

/// Client subnet (RFC 7871 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientSubnet<'a> {
    /// Address family (1 IPv4, 2 IPv6).
    pub family: u16,
    /// Source prefix length.
    pub source_prefix: u8,
    /// Scope prefix length.
    pub scope_prefix: u8,
    /// The address, truncated to `ceil(source_prefix / 8)` octets.
    pub address: &'a [u8],
}

/// Extended DNS error (RFC 8914 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExtendedError<'a> {
    /// The info code.
    pub code: ExtendedErrorCode,
    /// UTF-8 text (not checked), possibly empty.
    pub text: &'a [u8],
}

/// One EDNS(0) option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EdnsOption<'a> {
    /// Name server identifier (RFC 5001): empty in a query.
    Nsid(&'a [u8]),
    /// Client subnet.
    ClientSubnet(ClientSubnet<'a>),
    /// Cookie.
    Cookie(Cookie<'a>),
    /// TCP keepalive (RFC 7828): the timeout in units of 100 ms (absent in a query).
    TcpKeepalive(Option<u16>),
    /// Padding (RFC 7830): the padding bytes (zeros as sent, not checked).
    Padding(&'a [u8]),
    /// Extended DNS error.
    ExtendedError(ExtendedError<'a>),
    /// Any other option, raw.
    Other {
        /// The option code.
        code: EdnsOptionCode,
        /// The option data.
        data: &'a [u8],
    },
}

impl<'a> EdnsOption<'a> {
    /// Types one option; `offset` locates its data for errors.
    pub fn parse(code: u16, data: &'a [u8], offset: usize) -> Result<Self> {
        let bad = || Error::bad_length(P, offset, Field::OptionLength, data.len() as u32);
        Ok(match EdnsOptionCode::from(code) {
            EdnsOptionCode::Nsid => EdnsOption::Nsid(data),
            EdnsOptionCode::Cookie => {
                let (client, server) = data.split_at_checked(8).ok_or_else(bad)?;
                if !(server.is_empty() || (8..=32).contains(&server.len())) {
                    return Err(bad());
                }
                EdnsOption::Cookie(Cookie {
                    client: <[u8; 8]>::try_from(client).map_err(|_| bad())?,
                    server,
                })
            }
            EdnsOptionCode::ClientSubnet => {
                let (family, source_prefix, scope_prefix, address) = match data {
                    [a, b, s, c, address @ ..] => (u16::from_be_bytes([*a, *b]), *s, *c, address),
                    _ => return Err(bad()),
                };
                let max = match family {
                    1 => 32,
                    2 => 128,
                    _ => 255,
                };
                if source_prefix > max || address.len() != usize::from(source_prefix).div_ceil(8) {
                    return Err(bad());
                }
                EdnsOption::ClientSubnet(ClientSubnet {
                    family,
                    source_prefix,
                    scope_prefix,
                    address,
                })
            }
            EdnsOptionCode::TcpKeepalive => match data.len() {
                0 => EdnsOption::TcpKeepalive(None),
                2 => EdnsOption::TcpKeepalive(be16(data, 0)),
                _ => return Err(bad()),
            },
            EdnsOptionCode::Padding => EdnsOption::Padding(data),
            EdnsOptionCode::ExtendedError => {
                let (code, text) = data.split_at_checked(2).ok_or_else(bad)?;
                EdnsOption::ExtendedError(ExtendedError {
                    code: ExtendedErrorCode::from(be16(code, 0).unwrap_or(0)),
                    text,
                })
            }
            other => EdnsOption::Other { code: other, data },
        })
    }

    /// The option code.
    #[must_use]
    pub fn code(&self) -> EdnsOptionCode {
        match self {
            EdnsOption::Nsid(_) => EdnsOptionCode::Nsid,
            EdnsOption::ClientSubnet(_) => EdnsOptionCode::ClientSubnet,
            EdnsOption::Cookie(_) => EdnsOptionCode::Cookie,
            EdnsOption::TcpKeepalive(_) => EdnsOptionCode::TcpKeepalive,
            EdnsOption::Padding(_) => EdnsOptionCode::Padding,
            EdnsOption::ExtendedError(_) => EdnsOptionCode::ExtendedError,
            EdnsOption::Other { code, .. } => *code,
        }
    }

    /// The length of the option data.
    #[must_use]
    pub fn data_len(&self) -> usize {
        match self {
            EdnsOption::Nsid(d) | EdnsOption::Padding(d) => d.len(),
            EdnsOption::ClientSubnet(c) => 4 + c.address.len(),
            EdnsOption::Cookie(c) => 8 + c.server.len(),
            EdnsOption::TcpKeepalive(t) => {
                if t.is_some() {
                    2
                } else {
                    0
                }
            }
            EdnsOption::ExtendedError(e) => 2 + e.text.len(),
            EdnsOption::Other { data, .. } => data.len(),
        }
    }

    /// Writes the option (code, length, data).
    pub fn emit(&self, w: &mut Writer<'_>) -> Result<()> {
        let len = u16::try_from(self.data_len())
            .map_err(|_| Error::bad_length(P, w.position(), Field::OptionLength, u32::MAX))?;
        w.put_u16(self.code().value())?;
        w.put_u16(len)?;
        match self {
            EdnsOption::Nsid(d) | EdnsOption::Padding(d) => w.put_slice(d),
            EdnsOption::ClientSubnet(c) => {
                w.put_u16(c.family)?;
                w.put_u8(c.source_prefix)?;
                w.put_u8(c.scope_prefix)?;
                w.put_slice(c.address)
            }
            EdnsOption::Cookie(c) => {
                w.put_slice(&c.client)?;
                w.put_slice(c.server)
            }
            EdnsOption::TcpKeepalive(t) => match t {
                Some(t) => w.put_u16(*t),
                None => Ok(()),
            },
            EdnsOption::ExtendedError(e) => {
                w.put_u16(e.code.value())?;
                w.put_slice(e.text)
            }
            EdnsOption::Other { data, .. } => w.put_slice(data),
        }
    }
}

/// The RDATA of an OPT record: a checked list of options.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct OptData<'a> {
    bytes: &'a [u8],
}

impl<'a> OptData<'a> {
    /// Checks the option list: every length inside the RDATA, every typed option of the
    /// right size (errors count from the start of `bytes`).
    pub fn new(bytes: &'a [u8]) -> Result<Self> {
        for t in Tlvs::new(FORMAT, bytes) {
            let t = t?;
            EdnsOption::parse(t.kind, t.value, t.offset + 2)?;
        }
        Ok(OptData { bytes })
    }

    /// An option list checked before (a record of a parsed message).
    #[inline]
    pub(crate) const fn trusted(bytes: &'a [u8]) -> Self {
        OptData { bytes }
    }

    /// The raw option list.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The options, typed, in wire order.
    pub fn options(&self) -> EdnsOptions<'a> {
        EdnsOptions {
            tlvs: Tlvs::new(FORMAT, self.bytes),
        }
    }
}

impl fmt::Debug for OptData<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.options()).finish()
    }
}

/// The options of an [`OptData`].
#[derive(Debug, Clone)]
pub struct EdnsOptions<'a> {
    tlvs: Tlvs<'a>,
}

impl<'a> Iterator for EdnsOptions<'a> {
    type Item = EdnsOption<'a>;
    fn next(&mut self) -> Option<EdnsOption<'a>> {
        let t = self.tlvs.next()?.ok()?;
        Some(
            EdnsOption::parse(t.kind, t.value, 0).unwrap_or(EdnsOption::Other {
                code: EdnsOptionCode::from(t.kind),
                data: t.value,
            }),
        )
    }
}

bitflags::bitflags! {
    /// The EDNS(0) flags (the low 16 bits of the OPT TTL, RFC 6891 §6.1.4).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct EdnsFlags: u16 {
        /// DNSSEC OK (RFC 3225).
        const DO = 0x8000;
        /// Compact denial of existence OK (RFC 9824).
        const CO = 0x4000;
        const _ = !0;
    }
}

/// An OPT record as EDNS(0) reads it: its class, TTL and options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Edns<'a> {
    /// The requester's UDP payload size (the record's class).
    pub udp_payload_size: u16,
    /// The upper 8 bits of the 12-bit extended RCODE.
    pub extended_rcode: u8,
    /// The EDNS version (0).
    pub version: u8,
    /// The flags.
    pub flags: EdnsFlags,
    /// The options.
    pub data: OptData<'a>,
}

impl<'a> Edns<'a> {
    /// Puts together an OPT record's class, TTL and RDATA.
    #[must_use]
    pub fn from_record(class: u16, ttl: u32, data: OptData<'a>) -> Self {
        Edns {
            udp_payload_size: class,
            extended_rcode: (ttl >> 24) as u8,
            version: (ttl >> 16) as u8,
            flags: EdnsFlags::from_bits_retain(ttl as u16),
            data,
        }
    }

    /// The TTL field these values make.
    #[must_use]
    pub fn ttl(&self) -> u32 {
        (u32::from(self.extended_rcode) << 24)
            | (u32::from(self.version) << 16)
            | u32::from(self.flags.bits())
    }

    /// The options, typed.
    pub fn options(&self) -> EdnsOptions<'a> {
        self.data.options()
    }
}

/// Writes options into `out` as an OPT RDATA, for a [`RecordRepr`](super::RecordRepr)
/// with [`RData::Opt`](super::rdata::RData::Opt); returns the bytes written.
pub fn encode_options(options: &[EdnsOption<'_>], out: &mut [u8]) -> Result<usize> {
    let mut w = Writer::new(P, out);
    for o in options {
        o.emit(&mut w)?;
    }
    Ok(w.position())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_options_and_their_sizes() {
        // Padding of 3, keepalive 200, EDE 18 "no", ECS 1/24/0 192.0.2, NSID empty.
        let bytes = b"\x00\x0c\x00\x03\0\0\0\x00\x0b\x00\x02\x00\xc8\x00\x0f\x00\x04\x00\x12no\x00\x08\x00\x07\x00\x01\x18\x00\xc0\x00\x02\x00\x03\x00\x00";
        let data = OptData::new(bytes).unwrap();
        let opts: std::vec::Vec<_> = data.options().collect();
        assert_eq!(opts[0], EdnsOption::Padding(&[0, 0, 0]));
        assert_eq!(opts[1], EdnsOption::TcpKeepalive(Some(200)));
        assert_eq!(
            opts[2],
            EdnsOption::ExtendedError(ExtendedError {
                code: ExtendedErrorCode::Prohibited,
                text: b"no"
            })
        );
        assert_eq!(
            opts[3],
            EdnsOption::ClientSubnet(ClientSubnet {
                family: 1,
                source_prefix: 24,
                scope_prefix: 0,
                address: &[192, 0, 2]
            })
        );
        assert_eq!(opts[4], EdnsOption::Nsid(&[]));
        let mut out = [0u8; 64];
        let n = encode_options(&opts, &mut out).unwrap();
        assert_eq!(&out[..n], &bytes[..]);
        // Bad sizes: a 7-byte cookie, a 3-byte keepalive, an ECS with a long address.
        for bad in [
            &b"\x00\x0a\x00\x07\x01\x02\x03\x04\x05\x06\x07"[..],
            b"\x00\x0b\x00\x03\x00\x00\x00",
            b"\x00\x08\x00\x06\x00\x01\x08\x00\x0a\x0b",
            b"\x00\x0a\x00\x0c\x01\x02\x03\x04\x05\x06\x07\x08\x01\x02\x03\x04",
        ] {
            let e = OptData::new(bad).unwrap_err();
            assert_eq!(e.offset(), 2, "{bad:02x?}");
        }
        // Length overrun.
        let e = OptData::new(b"\x00\x0a\x00\x10\x01").unwrap_err();
        assert_eq!(
            e.kind(),
            codec_core::ErrorKind::BadLength {
                field: Field::OptionLength,
                value: 16
            }
        );
        assert_eq!(e.offset(), 2);
    }
}

//! Typed RDATA (RFC 1035 §3.3 and the RFCs of each type), read from and written to the wire.
//!
//! [`RData::parse`] checks one record's RDATA against its type: the fixed sizes (A = 4,
//! AAAA = 16...), every name (which may be compressed on read, but may not run past the
//! rdlength), every character-string, option and bitmap length, and that the fields fill
//! the rdlength exactly. Types without a typed form stay [`RData::Unknown`] with their raw
//! bytes (RFC 3597). [`RData::emit`] writes the RDATA back; names are compressed only in
//! the types of RFC 1035 (NS, MD, MF, CNAME, SOA, MB, MG, MR, PTR, MINFO, MX), never in the
//! newer ones (RFC 3597 §4). Raw RDATA of the older types this module does not type (KX,
//! RT, PX, SIG, NXT) may hold compression pointers into the message it came from: they are
//! kept as bytes, and such a record written into another message needs its names
//! rewritten by the caller.
//!
//! ```
//! use codec_app::dns::rdata::RData;
//! use codec_app::dns::RrType;
//! // MX 10 mail.<name at 0> inside a small "message".
//! let message = b"\x07example\x03com\x00\x00\x0a\x04mail\xc0\x00";
//! let data = RData::parse(message, RrType::Mx, 13, message.len())?;
//! let RData::Mx(mx) = data else { unreachable!() };
//! assert_eq!(mx.preference, 10);
//! assert_eq!(mx.exchange.to_string(), "mail.example.com");
//! assert_eq!(data.to_string(), "10 mail.example.com");
//! # Ok::<(), codec_core::Error>(())
//! ```

use super::edns::OptData;
use super::name::{Name, NameCompressor, NameRules, PointerPolicy, SuffixMemo};
use super::{P, RrType};
use codec_core::tlv::{TlvFormat, Tlvs};
use codec_core::{Error, Field, Reader, Result, Writer};

const T_A: u16 = RrType::A.value();
const T_AAAA: u16 = RrType::Aaaa.value();
const T_AFSDB: u16 = RrType::Afsdb.value();
const T_CAA: u16 = RrType::Caa.value();
const T_CNAME: u16 = RrType::Cname.value();
const T_DNAME: u16 = RrType::Dname.value();
const T_DNSKEY: u16 = RrType::Dnskey.value();
const T_DS: u16 = RrType::Ds.value();
const T_HINFO: u16 = RrType::Hinfo.value();
const T_HTTPS: u16 = RrType::Https.value();
const T_MB: u16 = RrType::Mb.value();
const T_MD: u16 = RrType::Md.value();
const T_MF: u16 = RrType::Mf.value();
const T_MG: u16 = RrType::Mg.value();
const T_MINFO: u16 = RrType::Minfo.value();
const T_MR: u16 = RrType::Mr.value();
const T_MX: u16 = RrType::Mx.value();
const T_NAPTR: u16 = RrType::Naptr.value();
const T_NS: u16 = RrType::Ns.value();
const T_NSEC: u16 = RrType::Nsec.value();
const T_NSEC3: u16 = RrType::Nsec3.value();
const T_OPT: u16 = RrType::Opt.value();
const T_PTR: u16 = RrType::Ptr.value();
const T_RP: u16 = RrType::Rp.value();
const T_RRSIG: u16 = RrType::Rrsig.value();
const T_SOA: u16 = RrType::Soa.value();
const T_SRV: u16 = RrType::Srv.value();
const T_SVCB: u16 = RrType::Svcb.value();
const T_TXT: u16 = RrType::Txt.value();

use core::fmt;
use core::net::{Ipv4Addr, Ipv6Addr};

/// A character-string list (TXT, SPF): each string a length octet and up to 255 bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CharacterStrings<'a> {
    bytes: &'a [u8],
}

impl<'a> CharacterStrings<'a> {
    /// Checks that `bytes` is exactly a sequence of character-strings.
    pub fn new(bytes: &'a [u8]) -> Result<Self> {
        let mut at = 0usize;
        while let Some(&l) = bytes.get(at) {
            let next = at + 1 + usize::from(l);
            if next > bytes.len() {
                return Err(Error::truncated(
                    P,
                    at + 1,
                    usize::from(l),
                    bytes.len() - at - 1,
                ));
            }
            at = next;
        }
        Ok(CharacterStrings { bytes })
    }

    /// The wire bytes, length octets included.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The strings, without their length octets.
    #[must_use]
    pub fn iter(&self) -> CharacterStringIter<'a> {
        CharacterStringIter { rest: self.bytes }
    }
}

impl<'a> IntoIterator for CharacterStrings<'a> {
    type Item = &'a [u8];
    type IntoIter = CharacterStringIter<'a>;
    fn into_iter(self) -> CharacterStringIter<'a> {
        self.iter()
    }
}

impl fmt::Debug for CharacterStrings<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter().map(Quoted)).finish()
    }
}

impl fmt::Display for CharacterStrings<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{}", Quoted(s))?;
        }
        Ok(())
    }
}

/// The strings of a [`CharacterStrings`].
#[derive(Debug, Clone)]
pub struct CharacterStringIter<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for CharacterStringIter<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        let (&l, rest) = self.rest.split_first()?;
        let (s, rest) = rest.split_at_checked(usize::from(l))?;
        self.rest = rest;
        Some(s)
    }
}

/// A character-string shown in double quotes, with `"` and `\` escaped and bytes outside
/// printable ASCII as `\DDD` (RFC 1035 §5.1).
pub struct Quoted<'a>(pub &'a [u8]);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for &b in self.0 {
            match b {
                b'"' | b'\\' => write!(f, "\\{}", b as char)?,
                0x20..=0x7e => write!(f, "{}", b as char)?,
                _ => write!(f, "\\{b:03}")?,
            }
        }
        f.write_str("\"")
    }
}

impl fmt::Debug for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// SOA (RFC 1035 §3.3.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Soa<'a> {
    /// The primary name server.
    pub mname: Name<'a>,
    /// The responsible person's mailbox.
    pub rname: Name<'a>,
    /// The zone's serial number.
    pub serial: u32,
    /// Refresh interval, seconds.
    pub refresh: u32,
    /// Retry interval, seconds.
    pub retry: u32,
    /// Expiry limit, seconds.
    pub expire: u32,
    /// Negative-caching TTL (RFC 2308), seconds.
    pub minimum: u32,
}

/// MX (RFC 1035 §3.3.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mx<'a> {
    /// Preference, lower first.
    pub preference: u16,
    /// The mail exchanger.
    pub exchange: Name<'a>,
}

/// MINFO (RFC 1035 §3.3.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Minfo<'a> {
    /// The mailbox responsible for the list.
    pub rmailbx: Name<'a>,
    /// The mailbox for errors.
    pub emailbx: Name<'a>,
}

/// RP (RFC 1183 §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rp<'a> {
    /// The responsible person's mailbox.
    pub mbox: Name<'a>,
    /// A name with TXT records about them.
    pub txt: Name<'a>,
}

/// AFSDB (RFC 1183 §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Afsdb<'a> {
    /// Subtype (1 AFS cell server, 2 DCE server).
    pub subtype: u16,
    /// The server.
    pub hostname: Name<'a>,
}

/// HINFO (RFC 1035 §3.3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hinfo<'a> {
    /// CPU type.
    pub cpu: &'a [u8],
    /// Operating system.
    pub os: &'a [u8],
}

/// SRV (RFC 2782).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Srv<'a> {
    /// Priority, lower first.
    pub priority: u16,
    /// Weight among equal priorities.
    pub weight: u16,
    /// Port of the service.
    pub port: u16,
    /// Target host (`.` means no service).
    pub target: Name<'a>,
}

/// NAPTR (RFC 3403 §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Naptr<'a> {
    /// Order, lower first.
    pub order: u16,
    /// Preference among equal orders.
    pub preference: u16,
    /// Flags character-string.
    pub flags: &'a [u8],
    /// Service character-string.
    pub services: &'a [u8],
    /// Regular expression character-string.
    pub regexp: &'a [u8],
    /// Replacement name.
    pub replacement: Name<'a>,
}

/// CAA (RFC 8659 §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caa<'a> {
    /// Flags (bit 0x80: issuer critical).
    pub flags: u8,
    /// Property tag (1 to 15 alphanumeric octets on the wire; not checked beyond 1..=255).
    pub tag: &'a [u8],
    /// Property value, the rest of the RDATA.
    pub value: &'a [u8],
}

/// DS (RFC 4034 §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ds<'a> {
    /// Key tag of the DNSKEY.
    pub key_tag: u16,
    /// Algorithm of the DNSKEY.
    pub algorithm: u8,
    /// Digest type.
    pub digest_type: u8,
    /// Digest.
    pub digest: &'a [u8],
}

/// DNSKEY (RFC 4034 §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dnskey<'a> {
    /// Flags (0x0100 zone key, 0x0001 secure entry point, 0x0080 revoked).
    pub flags: u16,
    /// Protocol, always 3.
    pub protocol: u8,
    /// Algorithm.
    pub algorithm: u8,
    /// Public key.
    pub public_key: &'a [u8],
}

impl Dnskey<'_> {
    /// The key tag (RFC 4034 Appendix B), for algorithms other than 1.
    #[must_use]
    pub fn key_tag(&self) -> u16 {
        let mut ac: u32 = u32::from(self.flags) + (u32::from(self.protocol) << 8);
        ac += u32::from(self.algorithm);
        for (i, &b) in self.public_key.iter().enumerate() {
            ac += if i % 2 == 0 {
                u32::from(b) << 8
            } else {
                u32::from(b)
            };
        }
        ac += (ac >> 16) & 0xffff;
        (ac & 0xffff) as u16
    }
}

/// RRSIG (RFC 4034 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rrsig<'a> {
    /// The type the signature covers.
    pub type_covered: RrType,
    /// Algorithm.
    pub algorithm: u8,
    /// Labels in the original owner name.
    pub labels: u8,
    /// Original TTL.
    pub original_ttl: u32,
    /// Signature expiration, seconds since the epoch (serial arithmetic).
    pub expiration: u32,
    /// Signature inception.
    pub inception: u32,
    /// Key tag.
    pub key_tag: u16,
    /// Signer's name.
    pub signer: Name<'a>,
    /// Signature.
    pub signature: &'a [u8],
}

/// A type bitmap (RFC 4034 §4.1.2): window blocks of 1 to 32 octets.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TypeBitmap<'a> {
    bytes: &'a [u8],
}

impl<'a> TypeBitmap<'a> {
    /// Checks the window blocks; `offset` is where `bytes` start, for errors.
    pub fn new(bytes: &'a [u8], offset: usize) -> Result<Self> {
        let mut at = 0usize;
        while at < bytes.len() {
            let Some(&len) = bytes.get(at + 1) else {
                return Err(Error::truncated(P, offset + at + 1, 1, 0));
            };
            if !(1..=32).contains(&len) {
                return Err(Error::bad_length(
                    P,
                    offset + at + 1,
                    Field::Length,
                    u32::from(len),
                ));
            }
            let next = at + 2 + usize::from(len);
            if next > bytes.len() {
                return Err(Error::truncated(
                    P,
                    offset + at + 2,
                    usize::from(len),
                    bytes.len() - at - 2,
                ));
            }
            at = next;
        }
        Ok(TypeBitmap { bytes })
    }

    /// The wire bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The types present, in the order of the bitmap.
    #[must_use]
    pub fn types(&self) -> TypeBitmapIter<'a> {
        TypeBitmapIter {
            bytes: self.bytes,
            at: 0,
            bit: 0,
        }
    }
}

impl fmt::Debug for TypeBitmap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.types()).finish()
    }
}

/// The types of a [`TypeBitmap`].
#[derive(Debug, Clone)]
pub struct TypeBitmapIter<'a> {
    bytes: &'a [u8],
    at: usize,
    bit: usize,
}

impl Iterator for TypeBitmapIter<'_> {
    type Item = RrType;
    fn next(&mut self) -> Option<RrType> {
        loop {
            let window = *self.bytes.get(self.at)?;
            let len = usize::from(*self.bytes.get(self.at + 1)?);
            let map = self.bytes.get(self.at + 2..self.at + 2 + len)?;
            while self.bit < len * 8 {
                let bit = self.bit;
                self.bit += 1;
                let byte = map.get(bit / 8).copied().unwrap_or(0);
                if byte & (0x80 >> (bit % 8)) != 0 {
                    return Some(RrType::from((u16::from(window) << 8) | bit as u16));
                }
            }
            self.at += 2 + len;
            self.bit = 0;
        }
    }
}

/// NSEC (RFC 4034 §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nsec<'a> {
    /// The next owner name in canonical order.
    pub next: Name<'a>,
    /// The types present at the owner.
    pub types: TypeBitmap<'a>,
}

/// NSEC3 (RFC 5155 §3.2), fields only (no hashing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nsec3<'a> {
    /// Hash algorithm (1 = SHA-1).
    pub hash_algorithm: u8,
    /// Flags (0x01 opt-out).
    pub flags: u8,
    /// Additional hash iterations.
    pub iterations: u16,
    /// Salt.
    pub salt: &'a [u8],
    /// The next hashed owner name, raw (base32hex in text).
    pub next_hashed: &'a [u8],
    /// The types present at the original owner.
    pub types: TypeBitmap<'a>,
}

codec_core::registry! {
    /// SVCB/HTTPS service parameter keys (RFC 9460 §14.3.2).
    pub enum SvcParamKey: u16 {
        /// Keys that must be understood.
        Mandatory = 0 => "mandatory",
        /// Application protocols (ALPN ids).
        Alpn = 1 => "alpn",
        /// No default ALPN.
        NoDefaultAlpn = 2 => "no-default-alpn",
        /// Port.
        Port = 3 => "port",
        /// IPv4 address hints.
        Ipv4Hint = 4 => "ipv4hint",
        /// Encrypted ClientHello configuration.
        Ech = 5 => "ech",
        /// IPv6 address hints.
        Ipv6Hint = 6 => "ipv6hint",
        /// DoH path template (RFC 9461).
        DohPath = 7 => "dohpath",
        /// Oblivious HTTP (RFC 9540).
        Ohttp = 8 => "ohttp",
    }
}

/// One SVCB/HTTPS service parameter, raw value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SvcParam<'a> {
    /// The key.
    pub key: SvcParamKey,
    /// The value bytes.
    pub value: &'a [u8],
}

impl SvcParam<'_> {
    /// The port of a `port` parameter.
    #[must_use]
    pub fn port(&self) -> Option<u16> {
        match (self.key, self.value) {
            (SvcParamKey::Port, &[a, b]) => Some(u16::from_be_bytes([a, b])),
            _ => None,
        }
    }

    /// The addresses of an `ipv4hint` parameter.
    pub fn ipv4_hints(&self) -> impl Iterator<Item = Ipv4Addr> + '_ {
        let v = if self.key == SvcParamKey::Ipv4Hint {
            self.value
        } else {
            &[]
        };
        v.chunks_exact(4)
            .map(|c| Ipv4Addr::from(<[u8; 4]>::try_from(c).unwrap_or([0; 4])))
    }

    /// The addresses of an `ipv6hint` parameter.
    pub fn ipv6_hints(&self) -> impl Iterator<Item = Ipv6Addr> + '_ {
        let v = if self.key == SvcParamKey::Ipv6Hint {
            self.value
        } else {
            &[]
        };
        v.chunks_exact(16)
            .map(|c| Ipv6Addr::from(<[u8; 16]>::try_from(c).unwrap_or([0; 16])))
    }

    /// The protocol ids of an `alpn` parameter (character-strings).
    #[must_use]
    pub fn alpn(&self) -> Option<CharacterStrings<'_>> {
        if self.key == SvcParamKey::Alpn {
            CharacterStrings::new(self.value).ok()
        } else {
            None
        }
    }
}

/// The parameter list of an SVCB/HTTPS record.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SvcParams<'a> {
    bytes: &'a [u8],
}

impl<'a> SvcParams<'a> {
    const FORMAT: TlvFormat = TlvFormat::TYPE16_LEN16.for_protocol(P);

    /// Checks the key/length/value list (and the fixed sizes of `port`, `ipv4hint`,
    /// `ipv6hint`, `no-default-alpn`); `offset` is where `bytes` start, for errors.
    pub fn new(bytes: &'a [u8], offset: usize) -> Result<Self> {
        for t in Tlvs::new(Self::FORMAT, bytes) {
            let t = t.map_err(|e| e.shifted(offset))?;
            let n = t.value.len();
            let ok = match SvcParamKey::from(t.kind) {
                SvcParamKey::Port => n == 2,
                SvcParamKey::NoDefaultAlpn => n == 0,
                SvcParamKey::Ipv4Hint => n > 0 && n % 4 == 0,
                SvcParamKey::Ipv6Hint => n > 0 && n % 16 == 0,
                SvcParamKey::Mandatory => n > 0 && n % 2 == 0,
                SvcParamKey::Alpn => n > 0 && CharacterStrings::new(t.value).is_ok(),
                _ => true,
            };
            if !ok {
                return Err(Error::bad_length(
                    P,
                    offset + t.offset + 2,
                    Field::OptionLength,
                    n as u32,
                ));
            }
        }
        Ok(SvcParams { bytes })
    }

    /// The wire bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The parameters in wire order.
    pub fn iter(&self) -> impl Iterator<Item = SvcParam<'a>> + 'a {
        Tlvs::new(Self::FORMAT, self.bytes)
            .map_while(|t| t.ok())
            .map(|t| SvcParam {
                key: SvcParamKey::from(t.kind),
                value: t.value,
            })
    }
}

impl fmt::Debug for SvcParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// SVCB and HTTPS (RFC 9460 §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Svcb<'a> {
    /// Priority; 0 is alias mode.
    pub priority: u16,
    /// Target name (`.` means the owner).
    pub target: Name<'a>,
    /// Service parameters.
    pub params: SvcParams<'a>,
}

/// The RDATA of one record, typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RData<'a> {
    /// A: an IPv4 address.
    A(Ipv4Addr),
    /// NS: an authoritative name server.
    Ns(Name<'a>),
    /// CNAME: the canonical name.
    Cname(Name<'a>),
    /// SOA: start of a zone of authority.
    Soa(Soa<'a>),
    /// PTR: a domain name pointer.
    Ptr(Name<'a>),
    /// MD: mail destination (obsolete, RFC 1035 §3.3.4).
    Md(Name<'a>),
    /// MF: mail forwarder (obsolete, RFC 1035 §3.3.5).
    Mf(Name<'a>),
    /// MB: mailbox domain (RFC 1035 §3.3.3).
    Mb(Name<'a>),
    /// MG: mail group member (RFC 1035 §3.3.6).
    Mg(Name<'a>),
    /// MR: mail rename (RFC 1035 §3.3.8).
    Mr(Name<'a>),
    /// MINFO: mailing list information.
    Minfo(Minfo<'a>),
    /// RP: responsible person (names written uncompressed, RFC 3597 §4).
    Rp(Rp<'a>),
    /// AFSDB: AFS database (name written uncompressed, RFC 3597 §4).
    Afsdb(Afsdb<'a>),
    /// HINFO: host information.
    Hinfo(Hinfo<'a>),
    /// MX: mail exchange.
    Mx(Mx<'a>),
    /// TXT: character-strings (every string kept, the empty ones too).
    Txt(CharacterStrings<'a>),
    /// AAAA: an IPv6 address.
    Aaaa(Ipv6Addr),
    /// SRV: a service location.
    Srv(Srv<'a>),
    /// NAPTR: a naming authority pointer.
    Naptr(Naptr<'a>),
    /// DNAME: a subtree redirection (RFC 6672).
    Dname(Name<'a>),
    /// OPT: EDNS(0) options (RFC 6891); the record's class and TTL hold the rest, see
    /// [`Edns`](super::edns::Edns).
    Opt(OptData<'a>),
    /// DS: delegation signer.
    Ds(Ds<'a>),
    /// RRSIG: a signature.
    Rrsig(Rrsig<'a>),
    /// NSEC: next secure record.
    Nsec(Nsec<'a>),
    /// DNSKEY: a zone key.
    Dnskey(Dnskey<'a>),
    /// NSEC3: hashed next secure record.
    Nsec3(Nsec3<'a>),
    /// SVCB: general service binding.
    Svcb(Svcb<'a>),
    /// HTTPS: HTTPS service binding (same form as SVCB).
    Https(Svcb<'a>),
    /// CAA: certification authority authorization.
    Caa(Caa<'a>),
    /// Any other type, raw (RFC 3597).
    Unknown {
        /// The record type.
        rtype: RrType,
        /// The RDATA bytes.
        data: &'a [u8],
    },
}

/// Reads a name inside RDATA ending at or before `end`: checked (`Some(rules)`) or
/// trusted (`None`: the record was checked before; only the in-place bytes are skipped).
#[inline]
fn rdata_name<'a>(
    message: &'a [u8],
    at: usize,
    end: usize,
    rules: Option<NameRules>,
    memo: Option<&SuffixMemo>,
) -> Result<(Name<'a>, usize)> {
    match rules {
        Some(rules) => {
            if let Some(memo) = memo.filter(|_| rules.pointers == PointerPolicy::Backward)
                && let Some(next) = Name::check_backward(message, at, end, rules.max_hops, memo)
            {
                return Ok((Name::trusted(message, at), next));
            }
            Name::parse_memo(message, at, end, rules, memo)
        }
        // Even unchecked, the name's bytes must lie inside the RDATA (an UPDATE record's
        // empty RDATA has no name at all).
        None => match skip_name(message, at) {
            next if next <= end => Ok((Name::trusted(message, at), next)),
            _ => Err(Error::truncated(P, at, 1, 0)),
        },
    }
}

/// The offset past the in-place bytes of a name already checked (`usize::MAX` when the
/// bytes run out first).
#[inline]
pub(crate) fn skip_name(message: &[u8], mut at: usize) -> usize {
    while let Some(&b) = message.get(at) {
        if b == 0 {
            return at + 1;
        }
        if b & 0xc0 == 0xc0 {
            return at + 2;
        }
        at += 1 + usize::from(b & 0x3f);
    }
    usize::MAX
}

/// Reads one character-string.
fn char_string<'a>(r: &mut Reader<'a>) -> Result<&'a [u8]> {
    let l = r.read_u8()?;
    r.take(usize::from(l))
}

impl<'a> RData<'a> {
    /// Parses and checks the RDATA of type `rtype` at `message[start..end]`, with the strict
    /// name rules. Names may be compressed (pointers into `message`) but may not run past
    /// `end`. Error offsets count from the start of `message`.
    pub fn parse(message: &'a [u8], rtype: RrType, start: usize, end: usize) -> Result<Self> {
        Self::parse_inner(
            message,
            rtype.value(),
            start,
            end,
            Some(NameRules::STRICT),
            None,
        )
    }

    /// As [`parse`](Self::parse), with the given name rules.
    pub fn parse_with(
        message: &'a [u8],
        rtype: RrType,
        start: usize,
        end: usize,
        rules: NameRules,
    ) -> Result<Self> {
        Self::parse_inner(message, rtype.value(), start, end, Some(rules), None)
    }

    /// The typed form of RDATA that was checked before (a record of a parsed message).
    /// Never fails on checked RDATA; anything else falls back to [`RData::Unknown`].
    /// `checked` says the RDATA was checked against `rtype` (a record of a parsed message
    /// whose RDATA is not empty: UPDATE's empty RDATA is not checked): a name filling it
    /// and an OPT option list are then taken as they are.
    #[inline]
    pub(crate) fn trusted(
        message: &'a [u8],
        rtype: u16,
        start: usize,
        end: usize,
        checked: bool,
    ) -> Self {
        if checked && start < end && end <= message.len() {
            match rtype {
                T_NS => return RData::Ns(Name::trusted(message, start)),
                T_CNAME => return RData::Cname(Name::trusted(message, start)),
                T_PTR => return RData::Ptr(Name::trusted(message, start)),
                T_OPT => {
                    return RData::Opt(OptData::trusted(message.get(start..end).unwrap_or(&[])));
                }
                _ => {}
            }
        }
        // The common address records without the general path.
        match (rtype, message.get(start..end)) {
            (T_A, Some(&[a, b, c, d])) => return RData::A(Ipv4Addr::new(a, b, c, d)),
            (T_AAAA, Some(data)) => {
                if let Ok(a) = <[u8; 16]>::try_from(data) {
                    return RData::Aaaa(Ipv6Addr::from(a));
                }
            }
            (T_NS | T_CNAME | T_PTR, Some(_)) if skip_name(message, start) == end => {
                let n = Name::trusted(message, start);
                return match rtype {
                    T_NS => RData::Ns(n),
                    T_CNAME => RData::Cname(n),
                    _ => RData::Ptr(n),
                };
            }
            // OPT without the general path (and without moving a whole `RData` out of it).
            (T_OPT, Some(data)) => {
                if let Ok(o) = OptData::new(data) {
                    return RData::Opt(o);
                }
            }
            _ => {}
        }
        match Self::parse_inner(message, rtype, start, end, None, None) {
            Ok(d) => d,
            Err(_) => RData::Unknown {
                rtype: RrType::from(rtype),
                data: message.get(start..end).unwrap_or(&[]),
            },
        }
    }

    /// Checks RDATA without typing it (the parser's pass): the fixed-size types directly,
    /// the others through the typed parse.
    #[inline]
    pub(crate) fn check(
        message: &'a [u8],
        rtype: u16,
        start: usize,
        end: usize,
        rules: NameRules,
        memo: &SuffixMemo,
    ) -> Result<()> {
        let len = end.saturating_sub(start);
        // The address records first, as plain compares (no jump table on the hot path).
        if rtype == T_A && len == 4 && end <= message.len() {
            return Ok(());
        }
        if rtype == T_AAAA && len == 16 && end <= message.len() {
            return Ok(());
        }
        match rtype {
            T_A if len == 4 && end <= message.len() => Ok(()),
            T_AAAA if len == 16 && end <= message.len() => Ok(()),
            T_NS | T_CNAME | T_PTR | T_DNAME | T_MD | T_MF | T_MB | T_MG | T_MR
                if rules.pointers == PointerPolicy::Backward
                    && end <= message.len()
                    && Name::check_backward(message, start, end, rules.max_hops, memo)
                        == Some(end) =>
            {
                Ok(())
            }
            T_OPT => match message.get(start..end) {
                Some(data) => OptData::new(data).map(|_| ()).map_err(|e| e.shifted(start)),
                None => Self::parse_inner(message, rtype, start, end, Some(rules), Some(memo))
                    .map(|_| ()),
            },
            _ => Self::parse_inner(message, rtype, start, end, Some(rules), Some(memo)).map(|_| ()),
        }
    }

    #[inline]
    fn parse_inner(
        message: &'a [u8],
        rtype: u16,
        start: usize,
        end: usize,
        rules: Option<NameRules>,
        memo: Option<&SuffixMemo>,
    ) -> Result<Self> {
        let Some(data) = message.get(start..end) else {
            return Err(Error::truncated(
                P,
                start,
                end.saturating_sub(start),
                message.len().saturating_sub(start),
            ));
        };
        let bad_len = || Error::bad_length(P, start, Field::Length, data.len() as u32);
        // A name filling the RDATA exactly.
        let whole_name = |at: usize| -> Result<Name<'a>> {
            let (n, next) = rdata_name(message, at, end, rules, memo)?;
            if next != end {
                return Err(bad_len());
            }
            Ok(n)
        };
        Ok(match rtype {
            T_A => RData::A(Ipv4Addr::from(
                <[u8; 4]>::try_from(data).map_err(|_| bad_len())?,
            )),
            T_AAAA => RData::Aaaa(Ipv6Addr::from(
                <[u8; 16]>::try_from(data).map_err(|_| bad_len())?,
            )),
            T_NS => RData::Ns(whole_name(start)?),
            T_CNAME => RData::Cname(whole_name(start)?),
            T_PTR => RData::Ptr(whole_name(start)?),
            T_DNAME => RData::Dname(whole_name(start)?),
            T_MD => RData::Md(whole_name(start)?),
            T_MF => RData::Mf(whole_name(start)?),
            T_MB => RData::Mb(whole_name(start)?),
            T_MG => RData::Mg(whole_name(start)?),
            T_MR => RData::Mr(whole_name(start)?),
            T_MINFO | T_RP => {
                let (a, next) = rdata_name(message, start, end, rules, memo)?;
                let (b, next) = rdata_name(message, next, end, rules, memo)?;
                if next != end {
                    return Err(bad_len());
                }
                if rtype == T_MINFO {
                    RData::Minfo(Minfo {
                        rmailbx: a,
                        emailbx: b,
                    })
                } else {
                    RData::Rp(Rp { mbox: a, txt: b })
                }
            }
            T_AFSDB => {
                let subtype = be16(data, 0).ok_or_else(bad_len)?;
                RData::Afsdb(Afsdb {
                    subtype,
                    hostname: whole_name(start + 2)?,
                })
            }
            T_MX => {
                let preference = be16(data, 0).ok_or_else(bad_len)?;
                RData::Mx(Mx {
                    preference,
                    exchange: whole_name(start + 2)?,
                })
            }
            T_SOA => {
                let (mname, next) = rdata_name(message, start, end, rules, memo)?;
                let (rname, next) = rdata_name(message, next, end, rules, memo)?;
                let nums = message.get(next..end).unwrap_or(&[]);
                if nums.len() != 20 {
                    return Err(bad_len());
                }
                let n = |i: usize| be32(nums, i * 4).unwrap_or(0);
                RData::Soa(Soa {
                    mname,
                    rname,
                    serial: n(0),
                    refresh: n(1),
                    retry: n(2),
                    expire: n(3),
                    minimum: n(4),
                })
            }
            T_TXT => RData::Txt(CharacterStrings::new(data).map_err(|e| e.shifted(start))?),
            T_HINFO => {
                let mut r = Reader::new(P, data);
                let cpu = char_string(&mut r).map_err(|e| e.shifted(start))?;
                let os = char_string(&mut r).map_err(|e| e.shifted(start))?;
                if !r.is_empty() {
                    return Err(bad_len());
                }
                RData::Hinfo(Hinfo { cpu, os })
            }
            T_SRV => {
                let (priority, weight, port) = match data {
                    [a, b, c, d, e, f, ..] => (
                        u16::from_be_bytes([*a, *b]),
                        u16::from_be_bytes([*c, *d]),
                        u16::from_be_bytes([*e, *f]),
                    ),
                    _ => return Err(bad_len()),
                };
                RData::Srv(Srv {
                    priority,
                    weight,
                    port,
                    target: whole_name(start + 6)?,
                })
            }
            T_NAPTR => {
                let mut r = Reader::new(P, data);
                let fields = (|| {
                    Ok::<_, Error>((
                        r.read_u16()?,
                        r.read_u16()?,
                        char_string(&mut r)?,
                        char_string(&mut r)?,
                        char_string(&mut r)?,
                    ))
                })()
                .map_err(|e| e.shifted(start))?;
                let (order, preference, flags, services, regexp) = fields;
                RData::Naptr(Naptr {
                    order,
                    preference,
                    flags,
                    services,
                    regexp,
                    replacement: whole_name(start + r.position())?,
                })
            }
            T_CAA => {
                let (&flags, rest) = data.split_first().ok_or_else(bad_len)?;
                let (&tag_len, rest) = rest.split_first().ok_or_else(bad_len)?;
                if tag_len == 0 {
                    return Err(Error::bad_length(P, start + 1, Field::Length, 0));
                }
                let (tag, value) = rest
                    .split_at_checked(usize::from(tag_len))
                    .ok_or_else(bad_len)?;
                RData::Caa(Caa { flags, tag, value })
            }
            T_OPT => RData::Opt(OptData::new(data).map_err(|e| e.shifted(start))?),
            T_DS => match data {
                [a, b, algorithm, digest_type, digest @ ..] => RData::Ds(Ds {
                    key_tag: u16::from_be_bytes([*a, *b]),
                    algorithm: *algorithm,
                    digest_type: *digest_type,
                    digest,
                }),
                _ => return Err(bad_len()),
            },
            T_DNSKEY => match data {
                [a, b, protocol, algorithm, public_key @ ..] => RData::Dnskey(Dnskey {
                    flags: u16::from_be_bytes([*a, *b]),
                    protocol: *protocol,
                    algorithm: *algorithm,
                    public_key,
                }),
                _ => return Err(bad_len()),
            },
            T_RRSIG => {
                let fixed = data.get(..18).ok_or_else(bad_len)?;
                let (signer, next) = rdata_name(message, start + 18, end, rules, memo)?;
                RData::Rrsig(Rrsig {
                    type_covered: RrType::from(be16(fixed, 0).unwrap_or(0)),
                    algorithm: fixed.get(2).copied().unwrap_or(0),
                    labels: fixed.get(3).copied().unwrap_or(0),
                    original_ttl: be32(fixed, 4).unwrap_or(0),
                    expiration: be32(fixed, 8).unwrap_or(0),
                    inception: be32(fixed, 12).unwrap_or(0),
                    key_tag: be16(fixed, 16).unwrap_or(0),
                    signer,
                    signature: message.get(next..end).unwrap_or(&[]),
                })
            }
            T_NSEC => {
                let (next_name, next) = rdata_name(message, start, end, rules, memo)?;
                let bitmap = message.get(next..end).unwrap_or(&[]);
                let types = match rules {
                    Some(_) => TypeBitmap::new(bitmap, next)?,
                    None => TypeBitmap { bytes: bitmap },
                };
                RData::Nsec(Nsec {
                    next: next_name,
                    types,
                })
            }
            T_NSEC3 => {
                let mut r = Reader::new(P, data);
                let fields = (|| {
                    let hash_algorithm = r.read_u8()?;
                    let flags = r.read_u8()?;
                    let iterations = r.read_u16()?;
                    let salt = char_string(&mut r)?;
                    let hash_len = r.read_u8()?;
                    if hash_len == 0 {
                        return Err(Error::bad_length(P, r.position() - 1, Field::Length, 0));
                    }
                    let next_hashed = r.take(usize::from(hash_len))?;
                    Ok::<_, Error>((hash_algorithm, flags, iterations, salt, next_hashed))
                })()
                .map_err(|e| e.shifted(start))?;
                let at = start + r.position();
                let bitmap = r.rest();
                let types = match rules {
                    Some(_) => TypeBitmap::new(bitmap, at)?,
                    None => TypeBitmap { bytes: bitmap },
                };
                let (hash_algorithm, flags, iterations, salt, next_hashed) = fields;
                RData::Nsec3(Nsec3 {
                    hash_algorithm,
                    flags,
                    iterations,
                    salt,
                    next_hashed,
                    types,
                })
            }
            T_SVCB | T_HTTPS => {
                let priority = be16(data, 0).ok_or_else(bad_len)?;
                let (target, next) = rdata_name(message, start + 2, end, rules, memo)?;
                let bytes = message.get(next..end).unwrap_or(&[]);
                let params = match rules {
                    Some(_) => SvcParams::new(bytes, next)?,
                    None => SvcParams { bytes },
                };
                let s = Svcb {
                    priority,
                    target,
                    params,
                };
                if rtype == T_SVCB {
                    RData::Svcb(s)
                } else {
                    RData::Https(s)
                }
            }
            _ => RData::Unknown {
                rtype: RrType::from(rtype),
                data,
            },
        })
    }

    /// The record type this RDATA belongs to.
    #[must_use]
    pub fn rtype(&self) -> RrType {
        match self {
            RData::A(_) => RrType::A,
            RData::Ns(_) => RrType::Ns,
            RData::Cname(_) => RrType::Cname,
            RData::Soa(_) => RrType::Soa,
            RData::Ptr(_) => RrType::Ptr,
            RData::Md(_) => RrType::Md,
            RData::Mf(_) => RrType::Mf,
            RData::Mb(_) => RrType::Mb,
            RData::Mg(_) => RrType::Mg,
            RData::Mr(_) => RrType::Mr,
            RData::Minfo(_) => RrType::Minfo,
            RData::Rp(_) => RrType::Rp,
            RData::Afsdb(_) => RrType::Afsdb,
            RData::Hinfo(_) => RrType::Hinfo,
            RData::Mx(_) => RrType::Mx,
            RData::Txt(_) => RrType::Txt,
            RData::Aaaa(_) => RrType::Aaaa,
            RData::Srv(_) => RrType::Srv,
            RData::Naptr(_) => RrType::Naptr,
            RData::Dname(_) => RrType::Dname,
            RData::Opt(_) => RrType::Opt,
            RData::Ds(_) => RrType::Ds,
            RData::Rrsig(_) => RrType::Rrsig,
            RData::Nsec(_) => RrType::Nsec,
            RData::Dnskey(_) => RrType::Dnskey,
            RData::Nsec3(_) => RrType::Nsec3,
            RData::Svcb(_) => RrType::Svcb,
            RData::Https(_) => RrType::Https,
            RData::Caa(_) => RrType::Caa,
            RData::Unknown { rtype, .. } => *rtype,
        }
    }

    /// The most bytes [`emit`](Self::emit) writes (names uncompressed).
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        match self {
            RData::A(_) => 4,
            RData::Aaaa(_) => 16,
            RData::Ns(n)
            | RData::Cname(n)
            | RData::Ptr(n)
            | RData::Dname(n)
            | RData::Md(n)
            | RData::Mf(n)
            | RData::Mb(n)
            | RData::Mg(n)
            | RData::Mr(n) => n.len(),
            RData::Minfo(m) => m.rmailbx.len() + m.emailbx.len(),
            RData::Rp(r) => r.mbox.len() + r.txt.len(),
            RData::Afsdb(a) => 2 + a.hostname.len(),
            RData::Soa(s) => s.mname.len() + s.rname.len() + 20,
            RData::Mx(m) => 2 + m.exchange.len(),
            RData::Txt(t) => t.as_bytes().len(),
            RData::Hinfo(h) => 2 + h.cpu.len() + h.os.len(),
            RData::Srv(s) => 6 + s.target.len(),
            RData::Naptr(n) => {
                7 + n.flags.len() + n.services.len() + n.regexp.len() + n.replacement.len()
            }
            RData::Caa(c) => 2 + c.tag.len() + c.value.len(),
            RData::Opt(o) => o.as_bytes().len(),
            RData::Ds(d) => 4 + d.digest.len(),
            RData::Dnskey(d) => 4 + d.public_key.len(),
            RData::Rrsig(r) => 18 + r.signer.len() + r.signature.len(),
            RData::Nsec(n) => n.next.len() + n.types.as_bytes().len(),
            RData::Nsec3(n) => 6 + n.salt.len() + n.next_hashed.len() + n.types.as_bytes().len(),
            RData::Svcb(s) | RData::Https(s) => 2 + s.target.len() + s.params.as_bytes().len(),
            RData::Unknown { data, .. } => data.len(),
        }
    }

    /// Writes the RDATA at the writer's position (without the rdlength, which the caller
    /// fills). Names of the RFC 1035 types go through `compressor` (pointers relative to
    /// `base`); the others are written in full. Returns the bytes written.
    pub fn emit<const N: usize>(
        &self,
        w: &mut Writer<'_>,
        base: usize,
        compressor: &mut NameCompressor<N>,
    ) -> Result<usize> {
        let start = w.position();
        match self {
            RData::A(a) => w.put_slice(&a.octets())?,
            RData::Aaaa(a) => w.put_slice(&a.octets())?,
            RData::Ns(n)
            | RData::Cname(n)
            | RData::Ptr(n)
            | RData::Md(n)
            | RData::Mf(n)
            | RData::Mb(n)
            | RData::Mg(n)
            | RData::Mr(n) => {
                compressor.write_name(w, base, n)?;
            }
            RData::Minfo(m) => {
                compressor.write_name(w, base, &m.rmailbx)?;
                compressor.write_name(w, base, &m.emailbx)?;
            }
            RData::Rp(r) => {
                r.mbox.emit_uncompressed(w)?;
                r.txt.emit_uncompressed(w)?;
            }
            RData::Afsdb(a) => {
                w.put_u16(a.subtype)?;
                a.hostname.emit_uncompressed(w)?;
            }
            RData::Dname(n) => n.emit_uncompressed(w)?,
            RData::Soa(s) => {
                compressor.write_name(w, base, &s.mname)?;
                compressor.write_name(w, base, &s.rname)?;
                for v in [s.serial, s.refresh, s.retry, s.expire, s.minimum] {
                    w.put_u32(v)?;
                }
            }
            RData::Mx(m) => {
                w.put_u16(m.preference)?;
                compressor.write_name(w, base, &m.exchange)?;
            }
            RData::Txt(t) => w.put_slice(t.as_bytes())?,
            RData::Hinfo(h) => {
                put_char_string(w, h.cpu)?;
                put_char_string(w, h.os)?;
            }
            RData::Srv(s) => {
                w.put_u16(s.priority)?;
                w.put_u16(s.weight)?;
                w.put_u16(s.port)?;
                s.target.emit_uncompressed(w)?;
            }
            RData::Naptr(n) => {
                w.put_u16(n.order)?;
                w.put_u16(n.preference)?;
                put_char_string(w, n.flags)?;
                put_char_string(w, n.services)?;
                put_char_string(w, n.regexp)?;
                n.replacement.emit_uncompressed(w)?;
            }
            RData::Caa(c) => {
                w.put_u8(c.flags)?;
                put_char_string(w, c.tag)?;
                w.put_slice(c.value)?;
            }
            RData::Opt(o) => w.put_slice(o.as_bytes())?,
            RData::Ds(d) => {
                w.put_u16(d.key_tag)?;
                w.put_u8(d.algorithm)?;
                w.put_u8(d.digest_type)?;
                w.put_slice(d.digest)?;
            }
            RData::Dnskey(d) => {
                w.put_u16(d.flags)?;
                w.put_u8(d.protocol)?;
                w.put_u8(d.algorithm)?;
                w.put_slice(d.public_key)?;
            }
            RData::Rrsig(r) => {
                w.put_u16(r.type_covered.value())?;
                w.put_u8(r.algorithm)?;
                w.put_u8(r.labels)?;
                w.put_u32(r.original_ttl)?;
                w.put_u32(r.expiration)?;
                w.put_u32(r.inception)?;
                w.put_u16(r.key_tag)?;
                r.signer.emit_uncompressed(w)?;
                w.put_slice(r.signature)?;
            }
            RData::Nsec(n) => {
                n.next.emit_uncompressed(w)?;
                w.put_slice(n.types.as_bytes())?;
            }
            RData::Nsec3(n) => {
                w.put_u8(n.hash_algorithm)?;
                w.put_u8(n.flags)?;
                w.put_u16(n.iterations)?;
                put_char_string(w, n.salt)?;
                put_char_string(w, n.next_hashed)?;
                w.put_slice(n.types.as_bytes())?;
            }
            RData::Svcb(s) | RData::Https(s) => {
                w.put_u16(s.priority)?;
                s.target.emit_uncompressed(w)?;
                w.put_slice(s.params.as_bytes())?;
            }
            RData::Unknown { data, .. } => w.put_slice(data)?,
        }
        Ok(w.position() - start)
    }
}

fn put_char_string(w: &mut Writer<'_>, s: &[u8]) -> Result<()> {
    let len = u8::try_from(s.len())
        .map_err(|_| Error::bad_length(P, w.position(), Field::Length, s.len() as u32))?;
    w.put_u8(len)?;
    w.put_slice(s)
}

#[inline]
pub(crate) fn be16(b: &[u8], at: usize) -> Option<u16> {
    match b.get(at..at + 2)? {
        &[x, y] => Some(u16::from_be_bytes([x, y])),
        _ => None,
    }
}

#[inline]
pub(crate) fn be32(b: &[u8], at: usize) -> Option<u32> {
    match b.get(at..at + 4)? {
        &[a, x, y, z] => Some(u32::from_be_bytes([a, x, y, z])),
        _ => None,
    }
}

struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Display for RData<'_> {
    /// The presentation form of the RDATA (RFC 1035 §5.1 style; binary fields in hex).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RData::A(a) => write!(f, "{a}"),
            RData::Aaaa(a) => write!(f, "{a}"),
            RData::Ns(n)
            | RData::Cname(n)
            | RData::Ptr(n)
            | RData::Dname(n)
            | RData::Md(n)
            | RData::Mf(n)
            | RData::Mb(n)
            | RData::Mg(n)
            | RData::Mr(n) => write!(f, "{n}"),
            RData::Minfo(m) => write!(f, "{} {}", m.rmailbx, m.emailbx),
            RData::Rp(r) => write!(f, "{} {}", r.mbox, r.txt),
            RData::Afsdb(a) => write!(f, "{} {}", a.subtype, a.hostname),
            RData::Soa(s) => write!(
                f,
                "{} {} {} {} {} {} {}",
                s.mname, s.rname, s.serial, s.refresh, s.retry, s.expire, s.minimum
            ),
            RData::Mx(m) => write!(f, "{} {}", m.preference, m.exchange),
            RData::Txt(t) => write!(f, "{t}"),
            RData::Hinfo(h) => write!(f, "{} {}", Quoted(h.cpu), Quoted(h.os)),
            RData::Srv(s) => write!(f, "{} {} {} {}", s.priority, s.weight, s.port, s.target),
            RData::Naptr(n) => write!(
                f,
                "{} {} {} {} {} {}",
                n.order,
                n.preference,
                Quoted(n.flags),
                Quoted(n.services),
                Quoted(n.regexp),
                n.replacement
            ),
            RData::Caa(c) => write!(f, "{} {} {}", c.flags, Quoted(c.tag), Quoted(c.value)),
            RData::Opt(o) => write!(f, "{} bytes of options", o.as_bytes().len()),
            RData::Ds(d) => write!(
                f,
                "{} {} {} {}",
                d.key_tag,
                d.algorithm,
                d.digest_type,
                Hex(d.digest)
            ),
            RData::Dnskey(d) => write!(
                f,
                "{} {} {} ({} bytes of key, tag {})",
                d.flags,
                d.protocol,
                d.algorithm,
                d.public_key.len(),
                d.key_tag()
            ),
            RData::Rrsig(r) => write!(
                f,
                "{} {} {} {} {} {} {} {}",
                r.type_covered,
                r.algorithm,
                r.labels,
                r.original_ttl,
                r.expiration,
                r.inception,
                r.key_tag,
                r.signer
            ),
            RData::Nsec(n) => {
                write!(f, "{}", n.next)?;
                for t in n.types.types() {
                    write!(f, " {t}")?;
                }
                Ok(())
            }
            RData::Nsec3(n) => {
                write!(
                    f,
                    "{} {} {} {}",
                    n.hash_algorithm,
                    n.flags,
                    n.iterations,
                    if n.salt.is_empty() { "-" } else { "" }
                )?;
                write!(f, "{} {}", Hex(n.salt), Hex(n.next_hashed))?;
                for t in n.types.types() {
                    write!(f, " {t}")?;
                }
                Ok(())
            }
            RData::Svcb(s) | RData::Https(s) => {
                write!(f, "{} {}", s.priority, s.target)?;
                for p in s.params.iter() {
                    write!(f, " {}={}", p.key, Hex(p.value))?;
                }
                Ok(())
            }
            RData::Unknown { data, .. } => write!(f, "\\# {} {}", data.len(), Hex(data)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;
    use std::vec::Vec;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RDATA of `../shared/captures/gen_dns/dns_bind9.pcap` whose names are written in
    /// full (the compressed ones are checked through whole messages), parsed as a
    /// one-record "message" of RDATA only; expected values from Wireshark's decode in
    /// `../shared/reference/dns_bind9.pcap.jsonl` (frame in each comment).
    fn parse(rtype: RrType, rdata: &str) -> (Vec<u8>, RrType) {
        (hex(rdata), rtype)
    }

    fn roundtrip(bytes: &[u8], data: &RData<'_>) {
        let mut out = [0u8; 600];
        let mut w = Writer::new(P, &mut out);
        let mut c = NameCompressor::<4>::new();
        let n = data.emit(&mut w, 0, &mut c).unwrap();
        assert_eq!(&out[..n], bytes, "emit(parse(b)) == b");
        assert!(data.buffer_len() >= n);
    }

    #[test]
    fn srv_naptr_hinfo_caa_txt_from_bind9() {
        // Frame 16: SRV 20 40 5060 sip2.example.test.
        let (b, t) = parse(Srv, "0014002813c40473697032076578616d706c65047465737400");
        let d = RData::parse(&b, t, 0, b.len()).unwrap();
        let RData::Srv(s) = d else { panic!() };
        assert_eq!((s.priority, s.weight, s.port), (20, 40, 5060));
        assert_eq!(s.target.to_string(), "sip2.example.test");
        roundtrip(&b, &d);
        // Frame 18: NAPTR 100 10 "S" "SIP+D2T" "" _sip._tcp.example.test.
        let (b, t) = parse(
            Naptr,
            "0064000a0153075349502b44325400045f736970045f746370076578616d706c65047465737400",
        );
        let d = RData::parse(&b, t, 0, b.len()).unwrap();
        let RData::Naptr(n) = d else { panic!() };
        assert_eq!((n.order, n.preference), (100, 10));
        assert_eq!(
            (n.flags, n.services, n.regexp),
            (&b"S"[..], &b"SIP+D2T"[..], &b""[..])
        );
        assert_eq!(n.replacement.to_string(), "_sip._tcp.example.test");
        roundtrip(&b, &d);
        // Frame 20: HINFO "x86_64" "Debian GNU/Linux".
        let (b, t) = parse(Hinfo, "067838365f36341044656269616e20474e552f4c696e7578");
        let d = RData::parse(&b, t, 0, b.len()).unwrap();
        assert_eq!(d.to_string(), "\"x86_64\" \"Debian GNU/Linux\"");
        roundtrip(&b, &d);
        // Frame 22: CAA 0 issue "ca.example.net".
        let (b, t) = parse(Caa, "0005697373756563612e6578616d706c652e6e6574");
        let d = RData::parse(&b, t, 0, b.len()).unwrap();
        let RData::Caa(c) = d else { panic!() };
        assert_eq!(
            (c.flags, c.tag, c.value),
            (0, &b"issue"[..], &b"ca.example.net"[..])
        );
        roundtrip(&b, &d);
        // Frame 12: TXT with four strings, the last empty.
        let (b, t) = parse(
            Txt,
            "0c666972737420737472696e67197365636f6e6420737472696e672077697468207370616365731074686972643b776974682271756f746500",
        );
        let d = RData::parse(&b, t, 0, b.len()).unwrap();
        let RData::Txt(txt) = d else { panic!() };
        let strings: Vec<&[u8]> = txt.iter().collect();
        assert_eq!(
            strings,
            [
                &b"first string"[..],
                b"second string with spaces",
                b"third;with\"quote",
                b""
            ]
        );
        assert_eq!(
            d.to_string(),
            "\"first string\" \"second string with spaces\" \"third;with\\\"quote\" \"\""
        );
        roundtrip(&b, &d);
    }

    #[test]
    fn dnssec_records_from_bind9() {
        // Frame 56: DNSKEY 257 3 13, key id 54550.
        let (b, t) = parse(
            Dnskey,
            "0101030dd13f4ec7a2877bc17f8a12ce455a45ea1a052c6378861c3c00d7aeaff6d0e8837c810ae98b3d4204eec56701526e4de23356f4eca763ecdb75f128a711cb536a",
        );
        let d = RData::parse(&b, t, 0, b.len()).unwrap();
        let RData::Dnskey(k) = d else { panic!() };
        assert_eq!((k.flags, k.protocol, k.algorithm), (0x0101, 3, 13));
        assert_eq!(k.key_tag(), 54550);
        assert_eq!(k.public_key.len(), 64);
        roundtrip(&b, &d);
        // Frame 50: RRSIG A 13 3 3600 ... 54550 example.test.
        let (b, t) = parse(
            Rrsig,
            "00010d0300000e106b13777d6b0125ecd516076578616d706c6504746573740041b136a70b4997796c543b3d14b69f9e6c54ad2fe7cc019bb81c464472955d9131bf0bfcc9fc37e64cef98d746148b38290558e203b43354c07f89e3321466eb",
        );
        let d = RData::parse(&b, t, 0, b.len()).unwrap();
        let RData::Rrsig(s) = d else { panic!() };
        assert_eq!(s.type_covered, RrType::A);
        assert_eq!((s.algorithm, s.labels, s.original_ttl), (13, 3, 3600));
        assert_eq!(s.key_tag, 54550);
        assert_eq!(s.signer.to_string(), "example.test");
        assert_eq!(&s.signature[..4], &[0x41, 0xb1, 0x36, 0xa7]);
        roundtrip(&b, &d);
        // Frame 50: NSEC mail2.example.test A AAAA RRSIG NSEC.
        let (b, t) = parse(
            Nsec,
            "056d61696c32076578616d706c650474657374000006400000080003",
        );
        let d = RData::parse(&b, t, 0, b.len()).unwrap();
        let RData::Nsec(n) = d else { panic!() };
        assert_eq!(n.next.to_string(), "mail2.example.test");
        let types: Vec<RrType> = n.types.types().collect();
        assert_eq!(
            types,
            [RrType::A, RrType::Aaaa, RrType::Rrsig, RrType::Nsec]
        );
        roundtrip(&b, &d);
    }

    #[test]
    fn rejected_rdata() {
        // A of 5 bytes, AAAA of 4, SRV without a target, CAA with an empty tag, a TXT
        // string running past the end, an NSEC window of 33 bytes, an SVCB port of 3 bytes.
        let cases: [(RrType, &[u8], usize); 7] = [
            (RrType::A, &[1, 2, 3, 4, 5], 0),
            (RrType::Aaaa, &[1, 2, 3, 4], 0),
            (RrType::Srv, &[0, 1, 0, 2, 0, 3], 6),
            (RrType::Caa, &[0, 0, b'x'], 1),
            (RrType::Txt, &[3, b'a', b'b'], 1),
            (RrType::Nsec, &[0, 0, 33], 2),
            (RrType::Svcb, &[0, 1, 0, 0, 3, 0, 3, 1, 2, 3], 5),
        ];
        for (t, b, at) in cases {
            let e = RData::parse(b, t, 0, b.len()).unwrap_err();
            assert_eq!(e.offset(), at, "{t} {b:?}: {e}");
        }
        // A name may not run past the RDATA even when the message goes on.
        let m = b"\x01a\x01b\x00";
        assert!(RData::parse(m, RrType::Ns, 0, 3).is_err());
        assert_eq!(
            RData::parse(m, RrType::Ns, 0, 5).unwrap().to_string(),
            "a.b"
        );
    }

    use RrType::{Caa, Dnskey, Hinfo, Naptr, Nsec, Rrsig, Srv, Txt};
}

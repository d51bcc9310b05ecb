//! The Domain Name System (RFC 1035 and its successors): a zero-copy message view with safe
//! name decompression, typed RDATA, EDNS(0), a compressing builder and DNS-over-TCP framing.
//!
//! ```text
//!  0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
//! +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! |                      ID                       |
//! |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
//! |      QDCOUNT  |  ANCOUNT  |  NSCOUNT  | ARCOUNT  (16 bits each)
//! +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! | question | answer | authority | additional |
//! ```
//!
//! [`Message::parse`] checks a whole message once: every name (the rules of [`name`]:
//! backward pointers, at most 126 hops, 255 octets, labels of 63, no 0x40/0x80 label
//! types), every record's RDATA against its type ([`rdata`]), OPT only in the additional
//! section, at most once, with the root owner (RFC 6891 §6.1.1). Section counts never size
//! anything: each counted entry consumes at least 5 bytes or fails, so the work is linear in
//! the message (at most 126 hops and 255 octets per name). In an UPDATE message (RFC 2136
//! §2.4–2.5) a record may have empty RDATA whatever its type; such RDATA is given as
//! [`RData::Unknown`]. After that the sections are lazy
//! iterators that cannot fail: [`Message::questions`], [`Message::answers`],
//! [`Message::authority`], [`Message::additional`]. Bytes after the last record are allowed
//! (most decoders do) and shown by [`Message::trailing`]; [`MessageRules::reject_trailing`]
//! refuses them.
//!
//! For a message that is cut or broken, [`SectionReader`] reads entry by entry and stops
//! at the first error, as a dissector wants.
//!
//! Errors: a record of type OPT outside the additional section is
//! [`ErrorKind::Unsupported`] of
//! [`Field::RecordType`]; a second OPT is [`ErrorKind::TooLong`]
//! of [`Field::RecordType`] with limit 1; an OPT whose owner is not the root is a bad
//! [`Field::Name`]; an RDATA that does not match its type is a bad [`Field::Length`] at the
//! record's RDATA.
//!
//! ```
//! use codec_app::dns::{Message, RrType, rdata::RData};
//! // A response for example.com A 93.184.216.34, the answer's owner compressed.
//! let bytes = b"\x12\x34\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00\
//!     \x07example\x03com\x00\x00\x01\x00\x01\
//!     \xc0\x0c\x00\x01\x00\x01\x00\x00\x0e\x10\x00\x04\x5d\xb8\xd8\x22";
//! let message = Message::parse(bytes)?;
//! assert_eq!(message.id(), 0x1234);
//! let q = message.questions().next().unwrap();
//! assert_eq!((q.name.to_string().as_str(), q.qtype), ("example.com", RrType::A));
//! let answer = message.answers().next().unwrap();
//! assert_eq!(answer.name, q.name);
//! assert_eq!(answer.ttl, 3600);
//! assert_eq!(answer.data(), RData::A([93, 184, 216, 34].into()));
//! assert_eq!(
//!     message.to_string(),
//!     "Standard query response 0x1234 A example.com A 93.184.216.34"
//! );
//! # Ok::<(), codec_core::Error>(())
//! ```

pub mod builder;
pub mod edns;
pub mod name;
pub mod rdata;
pub mod tcp;

pub use builder::MessageBuilder;
pub use name::{Name, NameBuf, NameCompressor, NameRules, PointerPolicy};

use codec_core::{Error, ErrorKind, Field, Protocol, Result, Writer};
use core::fmt;
use edns::Edns;
use rdata::{RData, be16, be32, skip_name};
use zerocopy::byteorder::network_endian::U16;
use zerocopy::{FromBytes, FromZeros, Immutable, IntoBytes, KnownLayout, Unaligned};

pub(crate) const P: Protocol = Protocol::Dns;

/// Length of the fixed header.
pub const HEADER_LEN: usize = 12;

/// The 12-byte header (RFC 1035 §4.1.1).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct DnsHeader {
    /// Query identifier.
    pub id: U16,
    /// QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE.
    pub flags: U16,
    /// Entries in the question section.
    pub qdcount: U16,
    /// Records in the answer section.
    pub ancount: U16,
    /// Records in the authority section.
    pub nscount: U16,
    /// Records in the additional section.
    pub arcount: U16,
}

bitflags::bitflags! {
    /// The single-bit flags of the header's second word (RFC 1035 §4.1.1, RFC 4035 §3.2
    /// for AD and CD). Opcode and RCODE are read apart ([`Opcode`], [`Rcode`]).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct Flags: u16 {
        /// A response.
        const QR = 0x8000;
        /// Authoritative answer.
        const AA = 0x0400;
        /// Truncated.
        const TC = 0x0200;
        /// Recursion desired.
        const RD = 0x0100;
        /// Recursion available.
        const RA = 0x0080;
        /// Reserved, zero.
        const Z = 0x0040;
        /// Authentic data.
        const AD = 0x0020;
        /// Checking disabled.
        const CD = 0x0010;
    }
}

/// The bits of the flags word that [`Flags`] holds.
const FLAG_BITS: u16 = 0x87f0;

codec_core::registry! {
    /// Opcodes (IANA "DNS OpCodes").
    pub enum Opcode: u8 {
        /// Standard query.
        Query = 0 => "Standard query",
        /// Inverse query (obsolete, RFC 3425).
        IQuery = 1 => "Inverse query",
        /// Server status request.
        Status = 2 => "Server status request",
        /// Zone change notification (RFC 1996).
        Notify = 4 => "Zone change notification",
        /// Dynamic update (RFC 2136).
        Update = 5 => "Dynamic update",
        /// DNS stateful operations (RFC 8490).
        Dso = 6 => "DNS Stateful operations",
    }
}

codec_core::registry! {
    /// Response codes, 12 bits with EDNS (IANA "DNS RCODEs").
    pub enum Rcode: u16 {
        /// No error.
        NoError = 0 => "No error",
        /// Format error.
        FormErr = 1 => "Format error",
        /// Server failure.
        ServFail = 2 => "Server failure",
        /// Non-existent domain.
        NxDomain = 3 => "No such name",
        /// Not implemented.
        NotImp = 4 => "Not implemented",
        /// Query refused.
        Refused = 5 => "Refused",
        /// Name exists when it should not.
        YxDomain = 6 => "Name exists",
        /// RR set exists when it should not.
        YxRrSet = 7 => "RRset exists",
        /// RR set that should exist does not.
        NxRrSet = 8 => "RRset does not exist",
        /// Not authoritative / not authorized.
        NotAuth = 9 => "Not authoritative",
        /// Name not contained in zone.
        NotZone = 10 => "Name out of zone",
        /// DSO-TYPE not implemented.
        DsoTypeNi = 11 => "DSO-TYPE not implemented",
        /// Bad OPT version (or TSIG signature failure).
        BadVers = 16 => "Bad OPT version",
        /// Key not recognized.
        BadKey = 17 => "Key not recognized",
        /// Signature out of time window.
        BadTime = 18 => "Signature out of time window",
        /// Bad TKEY mode.
        BadMode = 19 => "Bad TKEY mode",
        /// Duplicate key name.
        BadName = 20 => "Duplicate key name",
        /// Algorithm not supported.
        BadAlg = 21 => "Algorithm not supported",
        /// Bad truncation.
        BadTrunc = 22 => "Bad truncation",
        /// Bad or missing server cookie.
        BadCookie = 23 => "Bad/missing server cookie",
    }
}

codec_core::registry! {
    /// Resource record types (IANA "Resource Record (RR) TYPEs").
    pub enum RrType: u16 {
        /// IPv4 address.
        A = 1 => "A",
        /// Name server.
        Ns = 2 => "NS",
        /// Mail destination (obsolete).
        Md = 3 => "MD",
        /// Mail forwarder (obsolete).
        Mf = 4 => "MF",
        /// Canonical name.
        Cname = 5 => "CNAME",
        /// Start of authority.
        Soa = 6 => "SOA",
        /// Mailbox.
        Mb = 7 => "MB",
        /// Mail group member.
        Mg = 8 => "MG",
        /// Mail rename.
        Mr = 9 => "MR",
        /// Null.
        Null = 10 => "NULL",
        /// Well-known services.
        Wks = 11 => "WKS",
        /// Domain name pointer.
        Ptr = 12 => "PTR",
        /// Host information.
        Hinfo = 13 => "HINFO",
        /// Mailbox information.
        Minfo = 14 => "MINFO",
        /// Mail exchange.
        Mx = 15 => "MX",
        /// Text strings.
        Txt = 16 => "TXT",
        /// Responsible person.
        Rp = 17 => "RP",
        /// AFS database.
        Afsdb = 18 => "AFSDB",
        /// Signature (obsolete).
        Sig = 24 => "SIG",
        /// Key (obsolete).
        Key = 25 => "KEY",
        /// IPv6 address.
        Aaaa = 28 => "AAAA",
        /// Location.
        Loc = 29 => "LOC",
        /// Service location.
        Srv = 33 => "SRV",
        /// Naming authority pointer.
        Naptr = 35 => "NAPTR",
        /// Key exchanger.
        Kx = 36 => "KX",
        /// Certificate.
        Cert = 37 => "CERT",
        /// Delegation name.
        Dname = 39 => "DNAME",
        /// EDNS(0) option pseudo-record.
        Opt = 41 => "OPT",
        /// Address prefix list.
        Apl = 42 => "APL",
        /// Delegation signer.
        Ds = 43 => "DS",
        /// SSH key fingerprint.
        Sshfp = 44 => "SSHFP",
        /// IPsec key.
        Ipseckey = 45 => "IPSECKEY",
        /// DNSSEC signature.
        Rrsig = 46 => "RRSIG",
        /// Next secure.
        Nsec = 47 => "NSEC",
        /// DNS key.
        Dnskey = 48 => "DNSKEY",
        /// DHCP identifier.
        Dhcid = 49 => "DHCID",
        /// Hashed next secure.
        Nsec3 = 50 => "NSEC3",
        /// NSEC3 parameters.
        Nsec3Param = 51 => "NSEC3PARAM",
        /// TLS association.
        Tlsa = 52 => "TLSA",
        /// S/MIME association.
        Smimea = 53 => "SMIMEA",
        /// Host identity protocol.
        Hip = 55 => "HIP",
        /// Child DS.
        Cds = 59 => "CDS",
        /// Child DNSKEY.
        Cdnskey = 60 => "CDNSKEY",
        /// OpenPGP key.
        Openpgpkey = 61 => "OPENPGPKEY",
        /// Child-to-parent synchronisation.
        Csync = 62 => "CSYNC",
        /// Zone message digest.
        Zonemd = 63 => "ZONEMD",
        /// General service binding.
        Svcb = 64 => "SVCB",
        /// HTTPS service binding.
        Https = 65 => "HTTPS",
        /// Sender policy framework (obsolete).
        Spf = 99 => "SPF",
        /// Transaction key.
        Tkey = 249 => "TKEY",
        /// Transaction signature.
        Tsig = 250 => "TSIG",
        /// Incremental zone transfer.
        Ixfr = 251 => "IXFR",
        /// Zone transfer.
        Axfr = 252 => "AXFR",
        /// Mailbox records.
        Mailb = 253 => "MAILB",
        /// Mail agent records (obsolete).
        Maila = 254 => "MAILA",
        /// Any type.
        Any = 255 => "ANY",
        /// URI.
        Uri = 256 => "URI",
        /// Certification authority authorization.
        Caa = 257 => "CAA",
    }
}

codec_core::registry! {
    /// Classes (RFC 1035 §3.2.4, RFC 2136). mDNS uses the top bit of a question's class
    /// for "unicast response" and of a record's for "cache flush" (RFC 6762 §10.2): such
    /// values stay [`Class::Unknown`] with every bit kept.
    pub enum Class: u16 {
        /// The Internet.
        In = 1 => "IN",
        /// CSNET (obsolete).
        Cs = 2 => "CS",
        /// Chaos.
        Ch = 3 => "CH",
        /// Hesiod.
        Hs = 4 => "HS",
        /// None (RFC 2136).
        None = 254 => "NONE",
        /// Any class.
        Any = 255 => "ANY",
    }
}

/// The sections of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// Questions.
    Question,
    /// Answers.
    Answer,
    /// Authority records.
    Authority,
    /// Additional records.
    Additional,
}

/// A question entry (RFC 1035 §4.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question<'a> {
    /// The name asked about.
    pub name: Name<'a>,
    /// The type asked for.
    pub qtype: RrType,
    /// The class asked for.
    pub qclass: Class,
}

impl Question<'_> {
    /// Writes the question, its name compressed through `compressor` (pointers relative to
    /// `base`).
    pub fn emit<const N: usize>(
        &self,
        w: &mut Writer<'_>,
        base: usize,
        compressor: &mut NameCompressor<N>,
    ) -> Result<()> {
        compressor.write_name(w, base, &self.name)?;
        w.put_u16(self.qtype.value())?;
        w.put_u16(self.qclass.value())
    }
}

impl fmt::Display for Question<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.qtype, self.name)
    }
}

/// A resource record inside a message (RFC 1035 §4.1.3): the fixed fields, and the RDATA
/// as bytes and typed.
///
/// Two records are equal when their bytes and places are (whether they came from a checked
/// [`Message`] or a [`SectionReader`] does not matter).
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// The owner name.
    pub name: Name<'a>,
    /// The time to live (for OPT: extended RCODE, version and flags).
    pub ttl: u32,
    rtype: u16,
    class: u16,
    message: &'a [u8],
    offset: usize,
    rdata_start: usize,
    rdata_end: usize,
    /// Whether the RDATA was checked against the type (a record of a parsed [`Message`]):
    /// [`data`](Self::data) then types it without looking again.
    checked: bool,
}

impl PartialEq for Record<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.ttl == other.ttl
            && self.rtype == other.rtype
            && self.class == other.class
            && self.message == other.message
            && self.offset == other.offset
            && self.rdata_start == other.rdata_start
            && self.rdata_end == other.rdata_end
    }
}

impl Eq for Record<'_> {}

impl<'a> Record<'a> {
    /// The type.
    #[inline]
    #[must_use]
    pub fn rtype(&self) -> RrType {
        RrType::from(self.rtype)
    }

    /// The type's number.
    #[inline]
    #[must_use]
    pub const fn rtype_value(&self) -> u16 {
        self.rtype
    }

    /// The class (for OPT: the UDP payload size).
    #[inline]
    #[must_use]
    pub fn class(&self) -> Class {
        Class::from(self.class)
    }

    /// The offset of the record's first byte in the message.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The offset of the RDATA in the message.
    #[must_use]
    pub const fn rdata_offset(&self) -> usize {
        self.rdata_start
    }

    /// The record's length on the wire (owner name in place, fixed fields and RDATA).
    #[must_use]
    #[allow(clippy::len_without_is_empty)]
    pub const fn len(&self) -> usize {
        self.rdata_end - self.offset
    }

    /// The RDATA bytes (a compressed name inside points into the message).
    #[must_use]
    pub fn rdata(&self) -> &'a [u8] {
        self.message
            .get(self.rdata_start..self.rdata_end)
            .unwrap_or(&[])
    }

    /// The RDATA, typed. A record of a parsed [`Message`] was checked: this cannot fail.
    /// For a record from a [`SectionReader`] that was not checked with
    /// [`try_data`](Self::try_data), RDATA that does not match its type is given as
    /// [`RData::Unknown`].
    #[inline]
    #[must_use]
    pub fn data(&self) -> RData<'a> {
        RData::trusted(
            self.message,
            self.rtype,
            self.rdata_start,
            self.rdata_end,
            self.checked,
        )
    }

    /// Checks the RDATA against its type and types it (names under `rules`).
    pub fn try_data(&self, rules: NameRules) -> Result<RData<'a>> {
        RData::parse_with(
            self.message,
            self.rtype(),
            self.rdata_start,
            self.rdata_end,
            rules,
        )
    }

    /// The EDNS(0) reading of an OPT record.
    #[must_use]
    pub fn edns(&self) -> Option<Edns<'a>> {
        match self.data() {
            RData::Opt(data) => Some(Edns::from_record(self.class, self.ttl, data)),
            _ => None,
        }
    }

    /// The record as a [`RecordRepr`] (for re-encoding).
    #[must_use]
    pub fn to_repr(&self) -> RecordRepr<'a> {
        RecordRepr {
            name: self.name,
            class: self.class(),
            ttl: self.ttl,
            data: self.data(),
        }
    }
}

impl fmt::Display for Record<'_> {
    /// `owner TTL CLASS TYPE RDATA`, as in a zone file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {} {}",
            self.name,
            self.ttl,
            self.class(),
            self.rtype(),
            self.data()
        )
    }
}

/// A resource record to write: owner, class, TTL and typed RDATA (the type comes from the
/// RDATA). `Copy`, borrowing its names and bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordRepr<'a> {
    /// The owner name.
    pub name: Name<'a>,
    /// The class (for OPT: the UDP payload size).
    pub class: Class,
    /// The TTL (for OPT: see [`Edns::ttl`]).
    pub ttl: u32,
    /// The RDATA.
    pub data: RData<'a>,
}

impl RecordRepr<'_> {
    /// The most bytes [`emit`](Self::emit) writes (names uncompressed).
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.name.len() + 10 + self.data.buffer_len()
    }

    /// Writes the record: owner compressed through `compressor` (pointers relative to
    /// `base`), type, class, TTL, the rdlength filled after the RDATA. Returns the bytes
    /// written. On error the writer may hold part of the record: the builder rolls back.
    pub fn emit<const N: usize>(
        &self,
        w: &mut Writer<'_>,
        base: usize,
        compressor: &mut NameCompressor<N>,
    ) -> Result<usize> {
        let start = w.position();
        compressor.write_name(w, base, &self.name)?;
        let [c0, c1] = self.class.value().to_be_bytes();
        let [l0, l1, l2, l3] = self.ttl.to_be_bytes();
        // An address record in one write: type, class, TTL, rdlength and the address.
        if let RData::A(a) = self.data {
            let [a0, a1, a2, a3] = a.octets();
            w.put_slice(&[0, 1, c0, c1, l0, l1, l2, l3, 0, 4, a0, a1, a2, a3])?;
            return Ok(w.position() - start);
        }
        // Type, class, TTL and a zero rdlength (filled below) in one write.
        let [t0, t1] = self.data.rtype().value().to_be_bytes();
        w.put_slice(&[t0, t1, c0, c1, l0, l1, l2, l3, 0, 0])?;
        let len_at = w.position() - 2;
        let n = self.data.emit(w, base, compressor)?;
        let n16 =
            u16::try_from(n).map_err(|_| Error::bad_length(P, len_at, Field::Length, n as u32))?;
        if let Some(slot) = w.written_mut().get_mut(len_at..len_at + 2) {
            slot.copy_from_slice(&n16.to_be_bytes());
        }
        Ok(w.position() - start)
    }
}

/// How [`Message::parse_with`] reads a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageRules {
    /// The rules for every name (owners and RDATA names).
    pub names: NameRules,
    /// Refuse bytes after the last counted record.
    pub reject_trailing: bool,
}

impl Default for MessageRules {
    fn default() -> Self {
        MessageRules {
            names: NameRules::STRICT,
            reject_trailing: false,
        }
    }
}

/// Reads a message entry by entry, checking each as it goes: for dissectors that show what
/// came before an error, and for the parser itself.
///
/// [`question`](Self::question) and [`record`](Self::record) check the owner name, the
/// fixed fields and that the RDATA lies inside the message; the RDATA's form is checked by
/// [`Record::try_data`].
#[derive(Debug, Clone)]
pub struct SectionReader<'a> {
    message: &'a [u8],
    pos: usize,
    rules: NameRules,
    memo: name::SuffixMemo,
}

impl<'a> SectionReader<'a> {
    /// A reader after the 12-byte header of `message` (the header is not checked: a
    /// message shorter than 12 bytes fails at the first read).
    #[must_use]
    pub fn new(message: &'a [u8], rules: NameRules) -> Self {
        SectionReader {
            message,
            pos: HEADER_LEN,
            rules,
            memo: name::SuffixMemo::default(),
        }
    }

    /// The offset of the next entry.
    #[must_use]
    pub const fn position(&self) -> usize {
        self.pos
    }

    /// Reads a question.
    pub fn question(&mut self) -> Result<Question<'a>> {
        let next = self.name_end(self.pos)?;
        let name = Name::trusted(self.message, self.pos);
        let fixed = self
            .message
            .get(next..next + 4)
            .ok_or_else(|| self.short(next, 4))?;
        let q = Question {
            name,
            qtype: RrType::from(be16(fixed, 0).unwrap_or(0)),
            qclass: Class::from(be16(fixed, 2).unwrap_or(0)),
        };
        self.pos = next + 4;
        Ok(q)
    }

    /// Reads a resource record.
    pub fn record(&mut self) -> Result<Record<'a>> {
        let offset = self.pos;
        let next = self.name_end(offset)?;
        let name = Name::trusted(self.message, offset);
        let fixed = self
            .message
            .get(next..next + 10)
            .ok_or_else(|| self.short(next, 10))?;
        let rdlength = usize::from(be16(fixed, 8).unwrap_or(0));
        let rdata_start = next + 10;
        let rdata_end = rdata_start + rdlength;
        if rdata_end > self.message.len() {
            return Err(self.short(rdata_start, rdlength));
        }
        self.pos = rdata_end;
        Ok(Record {
            name,
            rtype: be16(fixed, 0).unwrap_or(0),
            class: be16(fixed, 2).unwrap_or(0),
            ttl: be32(fixed, 4).unwrap_or(0),
            message: self.message,
            offset,
            rdata_start,
            rdata_end,
            checked: false,
        })
    }

    /// Checks and types a record's RDATA read by this reader (sharing its suffix memo).
    pub fn check_data(&self, record: &Record<'a>) -> Result<()> {
        RData::check(
            record.message,
            record.rtype,
            record.rdata_start,
            record.rdata_end,
            self.rules,
            &self.memo,
        )
    }

    /// Checks the name at `at` and gives the offset past its in-place bytes (the
    /// check-only path first; the typed error from the full parse).
    #[inline(always)]
    fn name_end(&self, at: usize) -> Result<usize> {
        if self.rules.pointers == PointerPolicy::Backward
            && let Some(next) = Name::check_backward(
                self.message,
                at,
                self.message.len(),
                self.rules.max_hops,
                &self.memo,
            )
        {
            return Ok(next);
        }
        self.name_slow(at)
    }

    #[cold]
    #[inline(never)]
    fn name_slow(&self, at: usize) -> Result<usize> {
        Name::parse_memo(
            self.message,
            at,
            self.message.len(),
            self.rules,
            Some(&self.memo),
        )
        .map(|(_, next)| next)
    }

    fn short(&self, at: usize, needed: usize) -> Error {
        Error::truncated(P, at, needed, self.message.len().saturating_sub(at))
    }
}

/// A checked DNS message. See the [module docs](self).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Message<'a> {
    bytes: &'a [u8],
    /// Start of the answer, authority and additional sections, and the end of the last.
    bounds: [usize; 4],
    /// Offset of the OPT record, if any.
    opt: Option<usize>,
}

impl<'a> Message<'a> {
    /// Parses and checks a message with the default [`MessageRules`].
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        Self::parse_with(bytes, MessageRules::default())
    }

    /// Parses and checks a message.
    pub fn parse_with(bytes: &'a [u8], rules: MessageRules) -> Result<Self> {
        let header = bytes
            .get(..HEADER_LEN)
            .ok_or_else(|| Error::truncated(P, 0, HEADER_LEN, bytes.len()))?;
        let count = |i: usize| be16(header, 4 + 2 * i).unwrap_or(0);
        let update =
            (be16(header, 2).unwrap_or(0) >> 11) & 0xf == u16::from(Opcode::Update.value());
        let mut r = SectionReader::new(bytes, rules.names);
        for _ in 0..count(0) {
            r.question()?;
        }
        let mut bounds = [0usize; 4];
        let mut opt = None;
        for (i, bound) in bounds.iter_mut().take(3).enumerate() {
            *bound = r.position();
            let section = i + 1;
            for _ in 0..count(section) {
                let rec = r.record()?;
                // RFC 2136 §2.4-2.5: UPDATE prerequisites and deletions carry empty RDATA
                // whatever the type; there [`Record::data`] gives `RData::Unknown`.
                if !(update && rec.rdata().is_empty()) {
                    r.check_data(&rec)?;
                }
                if rec.rtype == 41 {
                    if section != 3 {
                        return Err(Error::new(
                            P,
                            rec.offset,
                            ErrorKind::Unsupported {
                                field: Field::RecordType,
                                value: 41,
                            },
                        ));
                    }
                    if opt.is_some() {
                        return Err(Error::new(
                            P,
                            rec.offset,
                            ErrorKind::TooLong {
                                field: Field::RecordType,
                                limit: 1,
                            },
                        ));
                    }
                    if !rec.name.is_root() {
                        return Err(Error::bad_value(
                            P,
                            rec.offset,
                            Field::Name,
                            u32::from(bytes.get(rec.offset).copied().unwrap_or(0)),
                        ));
                    }
                    opt = Some(rec.offset);
                }
            }
        }
        bounds[3] = r.position();
        if rules.reject_trailing && bounds[3] != bytes.len() {
            return Err(Error::bad_length(
                P,
                bounds[3],
                Field::TotalLength,
                bytes.len() as u32,
            ));
        }
        Ok(Message { bytes, bounds, opt })
    }

    fn header_u16(&self, at: usize) -> u16 {
        be16(self.bytes, at).unwrap_or(0)
    }

    /// The bytes the message was parsed from (trailing bytes included).
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The fixed header.
    #[must_use]
    pub fn header(&self) -> DnsHeader {
        DnsHeader::read_from_prefix(self.bytes)
            .map(|(h, _)| h)
            .unwrap_or_else(|_| DnsHeader::new_zeroed())
    }

    /// The query identifier.
    #[must_use]
    pub fn id(&self) -> u16 {
        self.header_u16(0)
    }

    /// The whole flags word (flags, opcode, RCODE).
    #[must_use]
    pub fn flags_word(&self) -> u16 {
        self.header_u16(2)
    }

    /// The single-bit flags.
    #[must_use]
    pub fn flags(&self) -> Flags {
        Flags::from_bits_truncate(self.flags_word() & FLAG_BITS)
    }

    /// Whether this is a response.
    #[must_use]
    pub fn is_response(&self) -> bool {
        self.flags().contains(Flags::QR)
    }

    /// The opcode.
    #[must_use]
    pub fn opcode(&self) -> Opcode {
        Opcode::from(((self.flags_word() >> 11) & 0xf) as u8)
    }

    /// The header's 4-bit RCODE.
    #[must_use]
    pub fn header_rcode(&self) -> u8 {
        (self.flags_word() & 0xf) as u8
    }

    /// The RCODE, extended to 12 bits by the OPT record's upper bits (RFC 6891 §6.1.3).
    #[must_use]
    pub fn rcode(&self) -> Rcode {
        let high = self.edns().map_or(0, |e| u16::from(e.extended_rcode));
        Rcode::from((high << 4) | u16::from(self.header_rcode()))
    }

    /// The header's count of `section` entries (as carried; the sections hold exactly
    /// that many after a successful parse).
    #[must_use]
    pub fn count(&self, section: Section) -> u16 {
        self.header_u16(4 + 2 * section as usize)
    }

    /// The questions.
    #[must_use]
    pub fn questions(&self) -> Questions<'a> {
        Questions {
            message: self.bytes,
            pos: HEADER_LEN,
            remaining: self.count(Section::Question),
        }
    }

    fn records(&self, section: Section) -> Records<'a> {
        let i = section as usize - 1;
        Records {
            message: self.bytes,
            pos: self.bounds.get(i).copied().unwrap_or(0),
            remaining: u32::from(self.count(section)),
        }
    }

    /// The answer records.
    #[must_use]
    pub fn answers(&self) -> Records<'a> {
        self.records(Section::Answer)
    }

    /// The authority records.
    #[must_use]
    pub fn authority(&self) -> Records<'a> {
        self.records(Section::Authority)
    }

    /// The additional records (the OPT record included).
    #[must_use]
    pub fn additional(&self) -> Records<'a> {
        self.records(Section::Additional)
    }

    /// The records of the three record sections in wire order, with their section.
    pub fn all_records(&self) -> AllRecords<'a> {
        let an = self.count(Section::Answer);
        let ns = self.count(Section::Authority);
        let ar = self.count(Section::Additional);
        AllRecords {
            records: Records {
                message: self.bytes,
                pos: self.bounds[0],
                remaining: u32::from(an) + u32::from(ns) + u32::from(ar),
            },
            index: 0,
            answers: an,
            authority: ns,
        }
    }

    /// The OPT record, if any.
    #[must_use]
    pub fn opt(&self) -> Option<Record<'a>> {
        let at = self.opt?;
        Records {
            message: self.bytes,
            pos: at,
            remaining: 1,
        }
        .next()
    }

    /// EDNS(0): the OPT record's reading, if there is one.
    #[must_use]
    pub fn edns(&self) -> Option<Edns<'a>> {
        self.opt()?.edns()
    }

    /// The length of the message proper (header and counted entries).
    #[must_use]
    pub fn len(&self) -> usize {
        self.bounds[3]
    }

    /// Whether the message has no entries (a bare header).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bounds[3] == HEADER_LEN
    }

    /// Bytes after the last counted record.
    #[must_use]
    pub fn trailing(&self) -> &'a [u8] {
        self.bytes.get(self.bounds[3]..).unwrap_or(&[])
    }
}

impl fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("id", &self.id())
            .field("flags", &self.flags())
            .field("opcode", &self.opcode())
            .field("rcode", &self.rcode())
            .field("questions", &DebugIter(self.questions()))
            .field("answers", &DebugIter(self.answers()))
            .field("authority", &DebugIter(self.authority()))
            .field("additional", &DebugIter(self.additional()))
            .finish()
    }
}

struct DebugIter<I>(I);

impl<I: Iterator + Clone> fmt::Debug for DebugIter<I>
where
    I::Item: fmt::Display,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut l = f.debug_list();
        for item in self.0.clone() {
            l.entry(&format_args!("{item}"));
        }
        l.finish()
    }
}

impl fmt::Display for Message<'_> {
    /// Wireshark's Info column: `Standard query response 0xbeef A www.example.com CNAME
    /// ... A 23.45.67.89` (questions, then the answers' types and data).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let opcode = self.opcode();
        match opcode.name() {
            Some(name) => f.write_str(name)?,
            None => write!(f, "Unknown operation ({})", opcode.value())?,
        }
        if self.is_response() {
            f.write_str(" response")?;
        }
        write!(f, " 0x{:04x}", self.id())?;
        let rcode = self.rcode();
        if self.is_response() && rcode != Rcode::NoError {
            match rcode.name() {
                Some(name) => write!(f, " {name}")?,
                None => write!(f, " rcode {}", rcode.value())?,
            }
        }
        for q in self.questions() {
            write!(f, " {q}")?;
        }
        for a in self.answers() {
            write!(f, " {} {}", a.rtype(), a.data())?;
        }
        Ok(())
    }
}

/// The questions of a [`Message`].
#[derive(Debug, Clone)]
pub struct Questions<'a> {
    message: &'a [u8],
    pos: usize,
    remaining: u16,
}

impl<'a> Iterator for Questions<'a> {
    type Item = Question<'a>;

    #[inline]
    fn next(&mut self) -> Option<Question<'a>> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let next = skip_name(self.message, self.pos);
        let fixed = self.message.get(next..next.checked_add(4)?)?;
        let q = Question {
            name: Name::trusted(self.message, self.pos),
            qtype: RrType::from(be16(fixed, 0).unwrap_or(0)),
            qclass: Class::from(be16(fixed, 2).unwrap_or(0)),
        };
        self.pos = next + 4;
        Some(q)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::from(self.remaining);
        (n, Some(n))
    }
}

impl ExactSizeIterator for Questions<'_> {}

/// The records of the three record sections of a [`Message`], in wire order, with their
/// section (the sections lie one after the other: one walk).
#[derive(Debug, Clone)]
pub struct AllRecords<'a> {
    records: Records<'a>,
    index: u32,
    answers: u16,
    authority: u16,
}

impl<'a> Iterator for AllRecords<'a> {
    type Item = (Section, Record<'a>);

    #[inline]
    fn next(&mut self) -> Option<(Section, Record<'a>)> {
        let r = self.records.next()?;
        let i = self.index;
        self.index += 1;
        let section = if i < u32::from(self.answers) {
            Section::Answer
        } else if i < u32::from(self.answers) + u32::from(self.authority) {
            Section::Authority
        } else {
            Section::Additional
        };
        Some((section, r))
    }
}

/// The records of one section of a [`Message`].
#[derive(Debug, Clone)]
pub struct Records<'a> {
    message: &'a [u8],
    pos: usize,
    remaining: u32,
}

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;

    #[inline]
    fn next(&mut self) -> Option<Record<'a>> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let offset = self.pos;
        let next = skip_name(self.message, offset);
        let fixed = self.message.get(next..next.checked_add(10)?)?;
        let rdata_start = next + 10;
        let rdata_end = rdata_start + usize::from(be16(fixed, 8).unwrap_or(0));
        self.pos = rdata_end;
        Some(Record {
            name: Name::trusted(self.message, offset),
            rtype: be16(fixed, 0).unwrap_or(0),
            class: be16(fixed, 2).unwrap_or(0),
            ttl: be32(fixed, 4).unwrap_or(0),
            message: self.message,
            offset,
            rdata_start,
            rdata_end,
            checked: true,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.remaining as usize;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Records<'_> {}

#[cfg(test)]
mod tests {
    use super::builder::HeaderRepr;
    use super::edns::EdnsOption;
    use super::*;
    use core::net::{Ipv4Addr, Ipv6Addr};
    use std::string::{String, ToString};
    use std::vec::Vec;

    /// `vectors/dns_response.bin`; expected values from `../shared/vectors/README.md`.
    static RESPONSE: &[u8] = include_bytes!("../../../../shared/vectors/dns_response.bin");

    fn names(records: Records<'_>) -> Vec<String> {
        records.map(|r| r.name.to_string()).collect()
    }

    #[test]
    fn deconstruct_the_vector() {
        assert_eq!(RESPONSE.len(), 306);
        let m = Message::parse(RESPONSE).unwrap();
        assert_eq!(m.id(), 0xbeef);
        assert_eq!(m.flags_word(), 0x8180);
        assert_eq!(m.flags(), Flags::QR | Flags::RD | Flags::RA);
        assert_eq!(m.opcode(), Opcode::Query);
        assert_eq!(m.rcode(), Rcode::NoError);
        assert_eq!(
            [
                Section::Question,
                Section::Answer,
                Section::Authority,
                Section::Additional
            ]
            .map(|s| m.count(s)),
            [1, 4, 3, 4]
        );
        let q: Vec<Question<'_>> = m.questions().collect();
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].name.to_string(), "www.example.com");
        assert_eq!((q[0].qtype, q[0].qclass), (RrType::A, Class::In));

        let answers: Vec<Record<'_>> = m.answers().collect();
        assert_eq!(
            names(m.answers()),
            [
                "www.example.com",
                "www.example.com.edgesuite.net",
                "a1234.dscb.akamaiedge.net",
                "a1234.dscb.akamaiedge.net"
            ]
        );
        assert_eq!(
            answers.iter().map(|r| r.ttl).collect::<Vec<_>>(),
            [300, 21600, 20, 20]
        );
        let RData::Cname(c) = answers[0].data() else {
            panic!()
        };
        assert_eq!(c.to_string(), "www.example.com.edgesuite.net");
        let RData::Cname(c) = answers[1].data() else {
            panic!()
        };
        assert_eq!(c.to_string(), "a1234.dscb.akamaiedge.net");
        assert_eq!(answers[2].data(), RData::A(Ipv4Addr::new(23, 45, 67, 89)));
        assert_eq!(answers[3].data(), RData::A(Ipv4Addr::new(23, 45, 67, 90)));

        assert_eq!(names(m.authority()), ["dscb.akamaiedge.net"; 3]);
        let ns: Vec<String> = m.authority().map(|r| r.data().to_string()).collect();
        assert_eq!(
            ns,
            [
                "n0dscb.akamaiedge.net",
                "n1dscb.akamaiedge.net",
                "n2dscb.akamaiedge.net"
            ]
        );
        assert!(
            m.authority()
                .all(|r| r.ttl == 4000 && r.class() == Class::In)
        );

        let add: Vec<Record<'_>> = m.additional().collect();
        assert_eq!(add[0].data(), RData::A(Ipv4Addr::new(88, 221, 81, 192)));
        assert_eq!(add[1].data(), RData::A(Ipv4Addr::new(88, 221, 81, 193)));
        assert_eq!(
            add[2].data(),
            RData::Aaaa("2600:1480:e800::c0".parse::<Ipv6Addr>().unwrap())
        );
        assert_eq!(add[2].name.to_string(), "n2dscb.akamaiedge.net");
        assert!(add[3].name.is_root());
        let edns = m.edns().unwrap();
        assert_eq!(edns.udp_payload_size, 1232);
        assert_eq!((edns.version, edns.extended_rcode), (0, 0));
        let opts: Vec<EdnsOption<'_>> = edns.options().collect();
        let [EdnsOption::Cookie(cookie)] = opts[..] else {
            panic!("{opts:?}")
        };
        assert_eq!(
            cookie.client,
            [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]
        );
        assert_eq!(
            cookie.server,
            &[
                0x01, 0x00, 0x00, 0x00, 0x65, 0xf1, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7, 0x08, 0x19,
                0x2a, 0x3b
            ]
        );
        assert!(m.trailing().is_empty());
        assert_eq!(m.len(), 306);
        // 14 compression pointers: count the 0xc0.. pairs reached by name walks.
        assert_eq!(
            m.to_string(),
            "Standard query response 0xbeef A www.example.com \
             CNAME www.example.com.edgesuite.net CNAME a1234.dscb.akamaiedge.net \
             A 23.45.67.89 A 23.45.67.90"
        );
    }

    #[test]
    fn an_unchecked_overlong_rdata_name_is_written_cut_not_past_255_octets() {
        // One answer: root owner, CNAME whose RDATA is four 63-octet labels and the root
        // (257 octets: refused by the parse, but a section reader types RDATA unchecked).
        let mut m = Vec::from([0xbe, 0xef, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0]);
        m.extend_from_slice(&[0, 0, 5, 0, 1, 0, 0, 0, 0, 1, 1]);
        for _ in 0..4 {
            m.push(63);
            m.extend(std::iter::repeat_n(b'a', 63));
        }
        m.push(0);
        assert!(matches!(
            Message::parse(&m).unwrap_err().kind(),
            ErrorKind::TooLong {
                field: Field::Name,
                ..
            }
        ));
        let r = SectionReader::new(&m, NameRules::STRICT).record().unwrap();
        let RData::Cname(name) = r.data() else {
            panic!("{:?}", r.data())
        };
        let mut out = [0u8; 512];
        let mut w = Writer::new(P, &mut out);
        let n = NameCompressor::<8>::new()
            .write_name(&mut w, 0, &name)
            .unwrap();
        // The three labels that fit, then the root.
        assert_eq!(n, 3 * 64 + 1);
        let (cut, end) = Name::parse(&out, 0).unwrap();
        assert_eq!((cut.label_count(), end), (3, 193));
    }

    #[test]
    fn emit_gives_back_the_vector_byte_for_byte() {
        let m = Message::parse(RESPONSE).unwrap();
        let mut out = [0u8; 512];
        let n = m.emit_compressed(&mut out).unwrap();
        assert_eq!(n, 306);
        assert_eq!(&out[..n], RESPONSE);
        // And from reprs built by hand (names from text).
        let www = NameBuf::from_dotted("www.example.com").unwrap();
        let edge = NameBuf::from_dotted("www.example.com.edgesuite.net").unwrap();
        let a1234 = NameBuf::from_dotted("a1234.dscb.akamaiedge.net").unwrap();
        let dscb = NameBuf::from_dotted("dscb.akamaiedge.net").unwrap();
        let n0 = NameBuf::from_dotted("n0dscb.akamaiedge.net").unwrap();
        let n1 = NameBuf::from_dotted("n1dscb.akamaiedge.net").unwrap();
        let n2 = NameBuf::from_dotted("n2dscb.akamaiedge.net").unwrap();
        fn rr<'a>(name: &'a NameBuf, ttl: u32, data: RData<'a>) -> RecordRepr<'a> {
            RecordRepr {
                name: name.as_name(),
                class: Class::In,
                ttl,
                data,
            }
        }
        let mut opt_data = [0u8; 28];
        let server = [
            0x01, 0x00, 0x00, 0x00, 0x65, 0xf1, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7, 0x08, 0x19,
            0x2a, 0x3b,
        ];
        let opt_len = edns::encode_options(
            &[EdnsOption::Cookie(edns::Cookie {
                client: [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef],
                server: &server,
            })],
            &mut opt_data,
        )
        .unwrap();
        let mut out2 = [0u8; 512];
        let mut b = MessageBuilder::<32>::new(
            &mut out2,
            HeaderRepr::response(0xbeef, Flags::RD | Flags::RA),
        )
        .unwrap();
        b.question(&Question {
            name: www.as_name(),
            qtype: RrType::A,
            qclass: Class::In,
        })
        .unwrap();
        b.answer(&rr(&www, 300, RData::Cname(edge.as_name())))
            .unwrap();
        b.answer(&rr(&edge, 21600, RData::Cname(a1234.as_name())))
            .unwrap();
        b.answer(&rr(&a1234, 20, RData::A(Ipv4Addr::new(23, 45, 67, 89))))
            .unwrap();
        b.answer(&rr(&a1234, 20, RData::A(Ipv4Addr::new(23, 45, 67, 90))))
            .unwrap();
        for ns in [&n0, &n1, &n2] {
            b.authority(&rr(&dscb, 4000, RData::Ns(ns.as_name())))
                .unwrap();
        }
        b.additional(&rr(&n0, 4000, RData::A(Ipv4Addr::new(88, 221, 81, 192))))
            .unwrap();
        b.additional(&rr(&n1, 4000, RData::A(Ipv4Addr::new(88, 221, 81, 193))))
            .unwrap();
        b.additional(&rr(
            &n2,
            4000,
            RData::Aaaa("2600:1480:e800::c0".parse().unwrap()),
        ))
        .unwrap();
        b.additional(&RecordRepr {
            name: Name::ROOT,
            class: Class::from(1232),
            ttl: 0,
            data: RData::Opt(edns::OptData::new(&opt_data[..opt_len]).unwrap()),
        })
        .unwrap();
        let n = b.finish().unwrap();
        assert_eq!(&out2[..n], RESPONSE);
    }

    #[test]
    fn truncation_stops_at_a_record_boundary_with_tc() {
        let m = Message::parse(RESPONSE).unwrap();
        // Room for the header, question and the first two answers only (33 + 43 + 36).
        let mut out = [0u8; 115];
        let mut b = MessageBuilder::<32>::new(&mut out, HeaderRepr::of(&m)).unwrap();
        for q in m.questions() {
            b.question(&q).unwrap();
        }
        for (section, r) in m.all_records() {
            b.record(section, &r.to_repr()).unwrap();
        }
        assert!(b.is_truncated());
        let n = b.finish().unwrap();
        let t = Message::parse(&out[..n]).unwrap();
        assert!(t.flags().contains(Flags::TC));
        assert_eq!(t.count(Section::Answer), 2);
        assert_eq!(t.count(Section::Additional), 0);
        assert_eq!(&out[12..n], &RESPONSE[12..n]);
        // Strict mode reports the error and keeps the message as it was.
        let mut out = [0u8; 40];
        let mut b = MessageBuilder::<8>::new(&mut out, HeaderRepr::of(&m))
            .unwrap()
            .strict();
        b.question(&m.questions().next().unwrap()).unwrap();
        let e = b
            .answer(&m.answers().next().unwrap().to_repr())
            .unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::BufferTooSmall { .. }));
        assert_eq!(b.len(), 33);
        // Sections in order only.
        let e = b.question(&m.questions().next().unwrap()).map(|_| ()).err();
        assert!(e.is_none(), "questions still allowed before any answer");
    }

    /// Replaces bytes of the vector.
    fn patched(patches: &[(usize, &[u8])]) -> Vec<u8> {
        let mut v = RESPONSE.to_vec();
        for (at, bytes) in patches {
            v[*at..*at + bytes.len()].copy_from_slice(bytes);
        }
        v
    }

    #[test]
    fn rejects_malformed_messages_with_offsets() {
        // Header too short.
        let e = Message::parse(&RESPONSE[..11]).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 12,
                available: 11
            }
        );
        // Counts larger than the data: fails at the end, allocates nothing.
        let e = Message::parse(b"\0\0\0\0\xff\xff\xff\xff\xff\xff\xff\xff").unwrap_err();
        assert_eq!(e.offset(), 12);
        // Cut inside the last record's RDATA.
        let e = Message::parse(&RESPONSE[..300]).unwrap_err();
        assert_eq!(e.offset(), 278, "the OPT RDATA start");
        // An A record with rdlength 5 (the first A answer at 76+2+24 = 102... find it).
        let first_a = 12 + 17 + 4 + 12 + 31 + 12 + 24; // owner of answer 3
        assert_eq!(&RESPONSE[first_a..first_a + 4], &[0xc0, 0x58, 0x00, 0x01]);
        let mut v = patched(&[(first_a + 10, &[0x00, 0x05])]);
        v.insert(first_a + 16, 0);
        let e = Message::parse(&v).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadLength {
                field: Field::Length,
                value: 5
            }
        );
        assert_eq!(e.offset(), first_a + 12);
        // A CNAME whose name runs past its rdlength (31 → 30).
        let v = patched(&[(33 + 10, &[0x00, 0x1e])]);
        let e = Message::parse(&v).unwrap_err();
        assert_eq!(e.offset(), 45 + 30, "the name's root, one past the RDATA");
        // OPT with a non-root owner: point it at "com".
        let opt = 306 - 39;
        assert_eq!(&RESPONSE[opt..opt + 3], &[0x00, 0x00, 0x29]);
        let mut v = RESPONSE[..opt].to_vec();
        v.extend_from_slice(&[0xc0, 0x18]);
        v.extend_from_slice(&RESPONSE[opt + 1..]);
        let e = Message::parse(&v).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                opt,
                ErrorKind::BadValue {
                    field: Field::Name,
                    value: 0xc0
                }
            )
        );
        // Two OPT records.
        let mut v = RESPONSE.to_vec();
        v.extend_from_slice(&RESPONSE[opt..]);
        v[11] = 5;
        let e = Message::parse(&v).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                306,
                ErrorKind::TooLong {
                    field: Field::RecordType,
                    limit: 1
                }
            )
        );
        // OPT in the authority section: move the last NS count to additional... simplest:
        // declare 0 additional records after 2 more authority ones.
        let v = patched(&[(8, &[0x00, 0x07]), (10, &[0x00, 0x00])]);
        let e = Message::parse(&v).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                opt,
                ErrorKind::Unsupported {
                    field: Field::RecordType,
                    value: 41
                }
            )
        );
        // Trailing bytes: accepted, shown, or refused on request.
        let mut v = RESPONSE.to_vec();
        v.extend_from_slice(b"xy");
        let m = Message::parse(&v).unwrap();
        assert_eq!(m.trailing(), b"xy");
        let rules = MessageRules {
            reject_trailing: true,
            ..MessageRules::default()
        };
        assert_eq!(Message::parse_with(&v, rules).unwrap_err().offset(), 306);
        // A forward pointer in the question name.
        let v = patched(&[(12, &[0xc0, 0x30])]);
        let e = Message::parse(&v).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ForwardPointer { target: 0x30 });
    }

    #[test]
    fn section_reader_reads_up_to_the_damage() {
        let mut r = SectionReader::new(&RESPONSE[..120], NameRules::STRICT);
        let q = r.question().unwrap();
        assert_eq!(q.name.to_string(), "www.example.com");
        let a = r.record().unwrap();
        assert_eq!(a.rtype(), RrType::Cname);
        assert_eq!(
            a.try_data(NameRules::STRICT).unwrap().to_string(),
            "www.example.com.edgesuite.net"
        );
        let b = r.record().unwrap();
        assert_eq!(b.offset(), 76);
        let e = r.record().unwrap_err();
        assert_eq!(e.offset(), 114, "the third answer's fixed fields");
    }
}

#[cfg(test)]
mod memo_tests {
    use super::*;
    use std::vec::Vec;

    /// A response with one NULL record holding `a.` and a chain of `k` pointers, then the
    /// given owners (raw name bytes) each with an A record.
    fn chain_message(k: usize, owners: &[&dyn Fn(usize, usize) -> Vec<u8>]) -> Vec<u8> {
        let mut m = std::vec![0x12, 0x34, 0x81, 0x80, 0, 0, 0, 0, 0, 0, 0, 0];
        m.extend_from_slice(&[0, 0, 10, 0, 1, 0, 0, 0, 0]);
        m.extend_from_slice(&((3 + 2 * k) as u16).to_be_bytes());
        let mut top = m.len();
        m.extend_from_slice(b"\x01a\x00");
        for _ in 0..k {
            let here = m.len();
            m.extend_from_slice(&(0xc000 | top as u16).to_be_bytes());
            top = here;
        }
        let mut last_owner = 0;
        for owner in owners {
            let here = m.len();
            m.extend_from_slice(&owner(top, last_owner));
            m.extend_from_slice(&[0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]);
            last_owner = here;
        }
        m[7] = 1 + owners.len() as u8;
        m
    }

    fn ptr(to: usize) -> Vec<u8> {
        (0xc000 | to as u16).to_be_bytes().to_vec()
    }

    #[test]
    fn the_suffix_memo_never_accepts_what_the_walk_refuses() {
        // 125 chain pointers + the owner's own = 126 hops: legal, and the second owner is a
        // memo hit.
        let m = chain_message(125, &[&|top, _| ptr(top), &|top, _| ptr(top)]);
        assert!(Message::parse(&m).is_ok());
        for (_, r) in Message::parse(&m).unwrap().all_records() {
            assert!(Name::parse(&m, r.offset()).is_ok());
        }
        // A second owner that reaches the memoized top through one more pointer: 127 hops.
        let m = chain_message(125, &[&|top, _| ptr(top), &|_, prev| ptr(prev)]);
        let e = Message::parse(&m).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::PointerLoop { hops: 126 });
        // Labels in front of a memoized suffix `a.` (3 octets): 252 more make 255, legal;
        // 253 more make 256, refused although the suffix itself was fine.
        let labels = |first: u8| {
            move |top: usize, _| {
                let mut v = Vec::new();
                for i in 0..4 {
                    let l = if i == 0 { first } else { 62 };
                    v.push(l);
                    v.extend(std::iter::repeat_n(b'x', usize::from(l)));
                }
                v.extend(ptr(top));
                v
            }
        };
        let ok = labels(62);
        let m = chain_message(3, &[&|top, _| ptr(top), &ok]);
        assert!(Message::parse(&m).is_ok());
        let long = labels(63);
        let m = chain_message(3, &[&|top, _| ptr(top), &long]);
        let e = Message::parse(&m).unwrap_err();
        assert!(matches!(
            e.kind(),
            ErrorKind::TooLong {
                field: Field::Name,
                ..
            }
        ));
    }
}

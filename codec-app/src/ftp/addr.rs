//! Typed arguments: host-port (PORT, PASV), EPRT/EPSV addresses, MDTM times, SIZE.

use codec_core::{Error, ErrorKind, Field, Protocol, Result, Writer};
use core::fmt;
use core::net::{IpAddr, Ipv4Addr};

fn bad(offset: usize, field: Field, value: u32) -> Error {
    Error::bad_value(Protocol::Ftp, offset, field, value)
}

fn missing(offset: usize, field: Field) -> Error {
    Error::new(Protocol::Ftp, offset, ErrorKind::Missing { field })
}

/// Reads a decimal number of at most `max_digits` digits at the start of `bytes`:
/// `(value, digits)`; `None` without a digit.
fn number(bytes: &[u8], max_digits: usize) -> Option<(u32, usize)> {
    let n = bytes
        .iter()
        .take(max_digits)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if n == 0 {
        return None;
    }
    let v = bytes
        .get(..n)?
        .iter()
        .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'));
    Some((v, n))
}

/// A host-port `h1,h2,h3,h4,p1,p2` (RFC 959 §4.1.2): an IPv4 address and a port
/// `p1 * 256 + p2`, each number 0–255 (the RFC's grammar says 1–255, real traffic has 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct HostPort {
    /// The address.
    pub addr: Ipv4Addr,
    /// The port.
    pub port: u16,
}

impl HostPort {
    /// A host-port.
    #[must_use]
    pub const fn new(addr: Ipv4Addr, port: u16) -> Self {
        HostPort { addr, port }
    }

    /// Reads six comma-separated numbers at the start of `bytes`: `(value, bytes used)`.
    fn read(bytes: &[u8]) -> Result<(Self, usize)> {
        let mut v = [0u8; 6];
        let mut i = 0;
        for (k, slot) in v.iter_mut().enumerate() {
            if k > 0 {
                match bytes.get(i) {
                    Some(b',') => i += 1,
                    Some(&b) => return Err(bad(i, Field::Address, u32::from(b))),
                    None => return Err(missing(i, Field::Address)),
                }
            }
            let rest = bytes.get(i..).unwrap_or(&[]);
            let Some((n, digits)) = number(rest, 3) else {
                return match rest.first() {
                    Some(&b) => Err(bad(i, Field::Address, u32::from(b))),
                    None => Err(missing(i, Field::Address)),
                };
            };
            *slot = u8::try_from(n).map_err(|_| bad(i, Field::Address, n))?;
            i += digits;
        }
        let [a, b, c, d, p1, p2] = v;
        Ok((
            HostPort::new(Ipv4Addr::new(a, b, c, d), u16::from_be_bytes([p1, p2])),
            i,
        ))
    }

    /// Parses exactly `h1,h2,h3,h4,p1,p2` (the PORT argument).
    ///
    /// # Errors
    /// A number over 255 or a byte that is neither digit nor comma (bad
    /// [`Field::Address`] at its offset); fewer than six numbers (missing address); bytes
    /// after the sixth (bad [`Field::Length`]).
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let (hp, used) = HostPort::read(bytes)?;
        if used != bytes.len() {
            return Err(Error::bad_length(
                Protocol::Ftp,
                used,
                Field::Length,
                u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            ));
        }
        Ok(hp)
    }

    /// Finds the first `h1,h2,h3,h4,p1,p2` in a reply text (227, RFC 959 §4.2): with or
    /// without parentheses — RFC 959 shows both `(h1,h2,h3,h4,p1,p2)` and
    /// `227 Entering Passive Mode. A1,A2,A3,A4,a1,a2` — and whatever surrounds it.
    ///
    /// # Errors
    /// [`Missing`](codec_core::ErrorKind::Missing) address at the end of `text` when no
    /// run of six numbers is found.
    pub fn find(text: &[u8]) -> Result<Self> {
        let mut start = 0;
        while let Some(rel) = text
            .get(start..)
            .and_then(|t| t.iter().position(u8::is_ascii_digit))
        {
            let at = start + rel;
            if let Ok((hp, _)) = HostPort::read(text.get(at..).unwrap_or(&[])) {
                return Ok(hp);
            }
            // Skip this run of digits: a run inside a number never starts a host-port.
            let digits = text
                .get(at..)
                .map_or(1, |t| t.iter().take_while(|b| b.is_ascii_digit()).count());
            start = at + digits.max(1);
        }
        Err(missing(text.len(), Field::Address))
    }

    /// Bytes [`emit`](Self::emit) writes (at most 23).
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let mut n = 5;
        for v in self.octets() {
            n += match v {
                0..=9 => 1,
                10..=99 => 2,
                _ => 3,
            };
        }
        n
    }

    fn octets(&self) -> [u8; 6] {
        let [a, b, c, d] = self.addr.octets();
        let [p1, p2] = self.port.to_be_bytes();
        [a, b, c, d, p1, p2]
    }

    /// Writes `h1,h2,h3,h4,p1,p2`.
    ///
    /// # Errors
    /// [`BufferTooSmall`](codec_core::ErrorKind::BufferTooSmall).
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        let needed = self.buffer_len();
        codec_core::buf::check_room(Protocol::Ftp, out, needed)?;
        let mut w = SliceWriter(Writer::new(Protocol::Ftp, out));
        let _ = fmt::write(&mut w, format_args!("{self}"));
        Ok(w.0.position())
    }
}

impl fmt::Display for HostPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, p1, p2] = self.octets();
        write!(f, "{a},{b},{c},{d},{p1},{p2}")
    }
}

/// `fmt::Write` over the family's [`Writer`].
struct SliceWriter<'a>(Writer<'a>);

impl fmt::Write for SliceWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.put_slice(s.as_bytes()).map_err(|_| fmt::Error)
    }
}

/// An RFC 2428 address: EPRT's `<d><af><d><addr><d><port><d>`, or EPSV's reply
/// `(<d><d><d><port><d>)` (no address: the data connection goes to the control
/// connection's server).
///
/// The delimiter is any ASCII byte from 33 to 126 (`|` is only recommended), the same
/// all the way through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ExtendedAddr {
    /// The delimiter.
    pub delimiter: u8,
    /// The address (`None` in an EPSV reply).
    pub addr: Option<IpAddr>,
    /// The TCP port.
    pub port: u16,
}

const fn is_delimiter(b: u8) -> bool {
    matches!(b, 33..=126)
}

impl ExtendedAddr {
    /// Parses an EPRT argument `<d><af><d><addr><d><port><d>`: af 1 with an IPv4 address,
    /// 2 with an IPv6 address.
    ///
    /// # Errors
    /// A delimiter outside 33–126 or a different one later (bad [`Field::End`]); an
    /// unknown address family (bad [`Field::ProtocolType`]); an address that does not
    /// parse or does not match the family (bad [`Field::Address`]); a port not in 0–65535
    /// (bad [`Field::Code`]); trailing bytes.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let &d = bytes.first().ok_or(missing(0, Field::End))?;
        if !is_delimiter(d) || d.is_ascii_digit() {
            return Err(bad(0, Field::End, u32::from(d)));
        }
        let rest = bytes.get(1..).unwrap_or(&[]);
        let mut fields = rest.splitn(4, |&b| b == d);
        let af = fields.next().unwrap_or(&[]);
        let addr = fields.next().ok_or(missing(bytes.len(), Field::End))?;
        let port = fields.next().ok_or(missing(bytes.len(), Field::End))?;
        let tail = fields.next().ok_or(missing(bytes.len(), Field::End))?;
        let addr_at = 2 + af.len();
        let port_at = addr_at + addr.len() + 1;
        if !tail.is_empty() {
            return Err(Error::bad_length(
                Protocol::Ftp,
                port_at + port.len() + 1,
                Field::Length,
                u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            ));
        }
        let text =
            core::str::from_utf8(addr).map_err(|_| bad(addr_at, Field::Address, u32::from(d)))?;
        let ip = match af {
            b"1" => IpAddr::V4(text.parse().map_err(|_| bad(addr_at, Field::Address, 4))?),
            b"2" => IpAddr::V6(text.parse().map_err(|_| bad(addr_at, Field::Address, 6))?),
            _ => {
                let v = number(af, 5).map_or(0, |(v, _)| v);
                return Err(bad(1, Field::ProtocolType, v));
            }
        };
        Ok(ExtendedAddr {
            delimiter: d,
            addr: Some(ip),
            port: port_number(port, port_at)?,
        })
    }

    /// Finds the `<d><d><d><port><d>` of an EPSV reply (229, RFC 2428 §3) in its text,
    /// in or out of parentheses, with any delimiter.
    ///
    /// # Errors
    /// [`Missing`](codec_core::ErrorKind::Missing) address when there is none.
    pub fn find_epsv(text: &[u8]) -> Result<Self> {
        for (i, w) in text.windows(4).enumerate() {
            let &[a, b, c, digit] = w else { continue };
            if a == b && b == c && is_delimiter(a) && !a.is_ascii_digit() && digit.is_ascii_digit()
            {
                let rest = text.get(i + 3..).unwrap_or(&[]);
                let n = rest.iter().take_while(|x| x.is_ascii_digit()).count();
                if rest.get(n) == Some(&a)
                    && let Ok(port) = port_number(rest.get(..n).unwrap_or(&[]), i + 3)
                {
                    return Ok(ExtendedAddr {
                        delimiter: a,
                        addr: None,
                        port,
                    });
                }
            }
        }
        Err(missing(text.len(), Field::Address))
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let mut counter = Counter(0);
        let _ = fmt::write(&mut counter, format_args!("{self}"));
        counter.0
    }

    /// Writes the EPRT argument (or, without an address, `<d><d><d><port><d>`).
    ///
    /// # Errors
    /// [`BufferTooSmall`](codec_core::ErrorKind::BufferTooSmall); a delimiter outside
    /// 33–126, a digit, or a character of the address (bad [`Field::End`]: `:` cannot
    /// delimit an IPv6 address).
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        let mut in_addr = FindByte(self.delimiter, false);
        if let Some(a) = self.addr {
            let _ = fmt::write(&mut in_addr, format_args!("{a}"));
        }
        if !is_delimiter(self.delimiter) || self.delimiter.is_ascii_digit() || in_addr.1 {
            return Err(bad(0, Field::End, u32::from(self.delimiter)));
        }
        let needed = self.buffer_len();
        codec_core::buf::check_room(Protocol::Ftp, out, needed)?;
        let mut w = SliceWriter(Writer::new(Protocol::Ftp, out));
        let _ = fmt::write(&mut w, format_args!("{self}"));
        Ok(w.0.position())
    }
}

fn port_number(digits: &[u8], at: usize) -> Result<u16> {
    match number(digits, 6) {
        Some((v, n)) if n == digits.len() => u16::try_from(v).map_err(|_| bad(at, Field::Code, v)),
        _ => Err(bad(
            at,
            Field::Code,
            u32::from(digits.first().copied().unwrap_or(0)),
        )),
    }
}

/// Whether a formatted text contains a byte.
struct FindByte(u8, bool);

impl fmt::Write for FindByte {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.1 |= s.as_bytes().contains(&self.0);
        Ok(())
    }
}

struct Counter(usize);

impl fmt::Write for Counter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

impl fmt::Display for ExtendedAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = char::from(self.delimiter);
        match self.addr {
            Some(IpAddr::V4(a)) => write!(f, "{d}1{d}{a}{d}{}{d}", self.port),
            Some(IpAddr::V6(a)) => write!(f, "{d}2{d}{a}{d}{}{d}", self.port),
            None => write!(f, "{d}{d}{d}{}{d}", self.port),
        }
    }
}

/// A `time-val` of RFC 3659 §2.3 (MDTM, MLST `modify=`): `YYYYMMDDHHMMSS[.F+]`, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Timestamp {
    /// Year (4 digits).
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–60 (a leap second).
    pub second: u8,
    /// The fraction of a second as written: `(digits value, number of digits)`, e.g.
    /// `.250` is `(250, 3)`; `(0, 0)` without a fraction.
    pub fraction: (u32, u8),
}

impl Timestamp {
    /// Longest fraction accepted, in digits (nanoseconds).
    pub const MAX_FRACTION_DIGITS: usize = 9;

    /// Parses a time-val (leading and trailing spaces ignored: a 213 reply's text).
    ///
    /// # Errors
    /// Fewer than 14 digits or a non-digit among them (truncated / bad [`Field::Code`]);
    /// a field out of range (bad [`Field::Code`] at its offset); a fraction without
    /// digits or over 9 digits; trailing bytes (bad [`Field::Length`]).
    pub fn parse(text: &[u8]) -> Result<Self> {
        let lead = text.iter().take_while(|&&b| b == b' ').count();
        let t = text.get(lead..).unwrap_or(&[]);
        let t = t
            .iter()
            .rposition(|&b| b != b' ')
            .map_or(&[][..], |e| t.get(..=e).unwrap_or(&[]));
        let field = |at: usize, len: usize, lo: u32, hi: u32| -> Result<u32> {
            let digits = t.get(at..at + len).ok_or(Error::truncated(
                Protocol::Ftp,
                lead + at,
                len,
                t.len().saturating_sub(at),
            ))?;
            match number(digits, len) {
                Some((v, n)) if n == len && (lo..=hi).contains(&v) => Ok(v),
                Some((v, n)) if n == len => Err(bad(lead + at, Field::Code, v)),
                _ => {
                    let i = digits.iter().position(|b| !b.is_ascii_digit()).unwrap_or(0);
                    Err(bad(
                        lead + at + i,
                        Field::Code,
                        u32::from(digits.get(i).copied().unwrap_or(0)),
                    ))
                }
            }
        };
        let year = field(0, 4, 0, 9999)? as u16;
        let month = field(4, 2, 1, 12)? as u8;
        let day = field(6, 2, 1, 31)? as u8;
        let hour = field(8, 2, 0, 23)? as u8;
        let minute = field(10, 2, 0, 59)? as u8;
        let second = field(12, 2, 0, 60)? as u8;
        let mut fraction = (0, 0);
        match t.get(14..) {
            None | Some([]) => {}
            Some([b'.', digits @ ..]) => {
                let n = digits.iter().take_while(|b| b.is_ascii_digit()).count();
                if n == 0 || n > Self::MAX_FRACTION_DIGITS {
                    return Err(bad(lead + 15, Field::Code, n as u32));
                }
                if n != digits.len() {
                    return Err(Error::bad_length(
                        Protocol::Ftp,
                        lead + 15 + n,
                        Field::Length,
                        t.len() as u32,
                    ));
                }
                fraction = (number(digits, n).map_or(0, |(v, _)| v), n as u8);
            }
            Some(_) => {
                return Err(Error::bad_length(
                    Protocol::Ftp,
                    lead + 14,
                    Field::Length,
                    t.len() as u32,
                ));
            }
        }
        Ok(Timestamp {
            year,
            month,
            day,
            hour,
            minute,
            second,
            fraction,
        })
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        14 + if self.fraction.1 > 0 {
            1 + usize::from(self.fraction.1)
        } else {
            0
        }
    }

    /// Writes the time-val.
    ///
    /// # Errors
    /// [`BufferTooSmall`](codec_core::ErrorKind::BufferTooSmall); a field out of range or
    /// a fraction whose value has more digits than stated (bad [`Field::Code`]).
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        let (fv, fd) = self.fraction;
        let ok = self.year <= 9999
            && (1..=12).contains(&self.month)
            && (1..=31).contains(&self.day)
            && self.hour <= 23
            && self.minute <= 59
            && self.second <= 60
            && usize::from(fd) <= Self::MAX_FRACTION_DIGITS
            && u64::from(fv) < 10u64.pow(u32::from(fd));
        if !ok {
            return Err(bad(0, Field::Code, u32::from(self.month)));
        }
        let needed = self.buffer_len();
        codec_core::buf::check_room(Protocol::Ftp, out, needed)?;
        let mut w = SliceWriter(Writer::new(Protocol::Ftp, out));
        let _ = fmt::write(&mut w, format_args!("{self}"));
        Ok(w.0.position())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        let (v, d) = self.fraction;
        if d > 0 {
            write!(f, ".{v:0w$}", w = usize::from(d))?;
        }
        Ok(())
    }
}

/// The size of a 213 reply to SIZE (RFC 3659 §4.1): decimal octets, spaces around ignored.
///
/// # Errors
/// No digits, a non-digit, more than 20 digits or a value over `u64::MAX` (bad
/// [`Field::Length`] / [`Field::Code`]).
pub fn parse_size(text: &[u8]) -> Result<u64> {
    let lead = text.iter().take_while(|&&b| b == b' ').count();
    let t = text.get(lead..).unwrap_or(&[]);
    let n = t.iter().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 {
        return Err(missing(lead, Field::Length));
    }
    if let Some(i) = t.get(n..).and_then(|r| r.iter().position(|&b| b != b' ')) {
        let b = t.get(n + i).copied().unwrap_or(0);
        return Err(bad(lead + n + i, Field::Code, u32::from(b)));
    }
    let mut v: u64 = 0;
    for (i, &b) in t.iter().take(n).enumerate() {
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
            .ok_or(Error::bad_length(
                Protocol::Ftp,
                lead + i,
                Field::Length,
                u32::MAX,
            ))?;
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::Ipv6Addr;
    use std::string::ToString;

    #[test]
    fn host_port_forms() {
        let want = HostPort::new(Ipv4Addr::new(90, 130, 70, 73), 100 * 256 + 85);
        // ndpi_ftp.pcap frame 35, and RFC 959's own form without parentheses (p. 40).
        assert_eq!(
            HostPort::find(b"Entering Passive Mode (90,130,70,73,100,85)."),
            Ok(want)
        );
        assert_eq!(
            HostPort::find(b"Entering Passive Mode. 90,130,70,73,100,85"),
            Ok(want)
        );
        assert_eq!(HostPort::find(b"=90,130,70,73,100,85"), Ok(want));
        // A number before the host-port, and zeroes (real traffic: (10,0,0,1,4,0)).
        assert_eq!(
            HostPort::find(b"227 Mode 7 (10,0,0,1,4,0)"),
            Ok(HostPort::new(Ipv4Addr::new(10, 0, 0, 1), 1024))
        );
        assert!(HostPort::find(b"Entering Passive Mode (1,2,3,4,5)").is_err());
        assert!(HostPort::find(b"(256,1,1,1,1,1)").is_err());
        let mut out = [0u8; 23];
        let n = want.emit(&mut out).unwrap();
        assert_eq!(&out[..n], b"90,130,70,73,100,85");
        assert_eq!(n, want.buffer_len());
        let max = HostPort::new(Ipv4Addr::new(255, 255, 255, 255), 65535);
        assert_eq!(max.buffer_len(), 23);
        assert!(want.emit(&mut out[..n - 1]).is_err());
        let e = HostPort::parse(b"1,2,3,4,5,6 ").unwrap_err();
        assert_eq!(e.offset(), 11);
        let e = HostPort::parse(b"1,2,3,4,5").unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Missing {
                field: Field::Address
            }
        );
        let e = HostPort::parse(b"1,2;3,4,5,6").unwrap_err();
        assert_eq!(e.offset(), 3);
        assert!(HostPort::parse(b"1,2,3,4,5,0006").is_err());
    }

    #[test]
    fn extended_addresses() {
        // RFC 2428 §2's examples, and another delimiter.
        let a = ExtendedAddr::parse(b"|1|132.235.1.2|6275|").unwrap();
        assert_eq!(
            a,
            ExtendedAddr {
                delimiter: b'|',
                addr: Some(IpAddr::V4(Ipv4Addr::new(132, 235, 1, 2))),
                port: 6275
            }
        );
        let b = ExtendedAddr::parse(b"!2!1080::8:800:200C:417A!5282!").unwrap();
        assert_eq!(
            b.addr,
            Some(IpAddr::V6(
                "1080::8:800:200C:417A".parse::<Ipv6Addr>().unwrap()
            ))
        );
        let mut out = [0u8; 64];
        let n = a.emit(&mut out).unwrap();
        assert_eq!(&out[..n], b"|1|132.235.1.2|6275|");
        assert_eq!(a.buffer_len(), n);
        let n = b.emit(&mut out).unwrap();
        assert_eq!(&out[..n], b"!2!1080::8:800:200c:417a!5282!");
        for (bad_arg, offset) in [
            (&b"|3|1.2.3.4|5|"[..], 1),
            (b"|1|1.2.3.4|5", 12),
            (b"|1|::1|5|", 3),
            (b"|1|1.2.3.4|65536|", 11),
            (b"|1|1.2.3.4|5|x", 13),
            (b" 1 1.2.3.4 5 ", 0),
            (b"", 0),
        ] {
            assert_eq!(
                ExtendedAddr::parse(bad_arg).unwrap_err().offset(),
                offset,
                "{bad_arg:?}"
            );
        }
        // EPSV replies.
        let e = ExtendedAddr::find_epsv(b"Entering Extended Passive Mode (|||6446|)").unwrap();
        assert_eq!((e.delimiter, e.addr, e.port), (b'|', None, 6446));
        assert_eq!(e.to_string(), "|||6446|");
        let e = ExtendedAddr::find_epsv(b"Entering Extended Passive Mode (!!!6446!)").unwrap();
        assert_eq!(e.delimiter, b'!');
        assert!(ExtendedAddr::find_epsv(b"Entering Extended Passive Mode (||6446|)").is_err());
        assert!(ExtendedAddr::find_epsv(b"(|||6446!)").is_err());
        assert!(
            ExtendedAddr {
                delimiter: b' ',
                addr: None,
                port: 1
            }
            .emit(&mut out)
            .is_err()
        );
    }

    #[test]
    fn mdtm_and_size() {
        // ftp_lftp.pcap frame 57 and ndpi_ftp.pcap frames 58 and 61.
        let t = Timestamp::parse(b"20240102030405").unwrap();
        assert_eq!(
            (
                t.year, t.month, t.day, t.hour, t.minute, t.second, t.fraction
            ),
            (2024, 1, 2, 3, 4, 5, (0, 0))
        );
        assert_eq!(Timestamp::parse(b"20160219164152").unwrap().hour, 16);
        let t = Timestamp::parse(b" 19980615100045.014 ").unwrap();
        assert_eq!(t.fraction, (14, 3));
        assert_eq!(t.to_string(), "19980615100045.014");
        let mut out = [0u8; 32];
        let n = t.emit(&mut out).unwrap();
        assert_eq!(&out[..n], b"19980615100045.014");
        assert_eq!(n, t.buffer_len());
        for (bad_text, offset) in [
            (&b"2024010203040"[..], 12),
            (b"20241302030405", 4),
            (b"2024010203046x", 13),
            (b"20240102030405.", 15),
            (b"20240102030405Z", 14),
            (b"20240102030405.1234567890", 15),
        ] {
            assert_eq!(
                Timestamp::parse(bad_text).unwrap_err().offset(),
                offset,
                "{bad_text:?}"
            );
        }
        assert!(
            Timestamp {
                fraction: (1000, 3),
                ..t
            }
            .emit(&mut out)
            .is_err()
        );
        assert_eq!(parse_size(b"1048576"), Ok(1_048_576));
        assert_eq!(parse_size(b" 32 "), Ok(32));
        assert_eq!(parse_size(b"18446744073709551615"), Ok(u64::MAX));
        assert!(parse_size(b"18446744073709551616").is_err());
        assert_eq!(parse_size(b"12 bytes").unwrap_err().offset(), 3);
        assert!(parse_size(b"").is_err());
    }
}

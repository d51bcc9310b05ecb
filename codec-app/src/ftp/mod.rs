//! The FTP control connection (RFC 959; RFC 2228 AUTH/PBSZ/PROT, RFC 2389 FEAT/OPTS,
//! RFC 2428 EPRT/EPSV, RFC 3659 SIZE/MDTM/MLST/MLSD): command lines ([`CommandRepr`]),
//! replies with their multi-line form ([`Reply`], [`ReplyRepr`]), the typed arguments
//! (host-port of PORT and PASV, EPRT and EPSV addresses, MDTM times, SIZE), and a push
//! [`Decoder`] that yields whole commands and replies from the control stream whatever its
//! chunking.
//!
//! ```text
//! client:  USER anonymous<CRLF>        verb, one SP, argument (RFC 959 §4.1)
//! server:  331 Please specify the password.<CRLF>
//! server:  211-Features:<CRLF>          a multi-line reply (RFC 959 §4.2): "ddd-" first,
//!           EPSV<CRLF>                  any lines,
//!          211 End<CRLF>                "ddd " last
//! ```
//!
//! ```
//! use codec_app::ftp::{CommandRepr, Decoder, Direction, Event, HostPort, Verb};
//! use core::net::Ipv4Addr;
//! // A reply from ftp_lftp.pcap, cut in the middle of the code.
//! let mut replies: Decoder = Decoder::new(Direction::Replies, [0; 8192]);
//! let mut seen = Vec::new();
//! for chunk in [&b"22"[..], b"7 Entering Passive Mode (10,21,0,1,117,55).\r\n"] {
//!     replies.push(chunk, |event| {
//!         if let Event::Reply(reply) = event {
//!             seen.push((reply.code().value(), reply.pasv_addr().unwrap()));
//!         }
//!     });
//! }
//! assert_eq!(seen, [(227, HostPort::new(Ipv4Addr::new(10, 21, 0, 1), 30007))]);
//!
//! // A command: the verb is case-insensitive, the argument is bytes.
//! let cmd = CommandRepr::parse(b"port 141,142,220,235,131,46")?;
//! assert_eq!(cmd.verb(), Verb::Port);
//! assert_eq!(cmd.host_port()?.port, 33582);
//! let mut out = [0u8; 64];
//! let n = CommandRepr::new(b"RETR", Some(b"robots.txt")).emit(&mut out)?;
//! assert_eq!(&out[..n], b"RETR robots.txt\r\n");
//! # Ok::<(), codec_core::Error>(())
//! ```
//!
//! The control connection is a Telnet NVT (RFC 959 §4.1): this module reads lines up to LF
//! (CR LF, or a bare LF from a lax peer) and does not interpret Telnet commands in them (a
//! client sending `IAC IP IAC DM` before ABOR delivers those bytes in the ABOR line: feed
//! the stream through [`crate::telnet::Decoder`] first where that matters).

use codec_core::{Error, Field, Protocol, Result, Writer};
use core::fmt;

mod addr;
mod decoder;
mod reply;

pub use addr::{ExtendedAddr, HostPort, Timestamp, parse_size};
pub use decoder::{DEFAULT_CAPACITY, Decoder, Direction, Event};
pub use reply::{Reply, ReplyCode, ReplyLines, ReplyRepr};

codec_core::registry! {
    /// FTP command verbs, upper-cased and packed big-endian into a `u32` (`"CWD"` is
    /// 0x435744), so that any verb of up to four letters keeps its value. Longer verbs are
    /// `Unknown(0)`: [`CommandRepr::verb_bytes`] has them as sent.
    pub enum Verb: u32 {
        /// Abort.
        Abor = 0x41424f52 => "ABOR",
        /// Account.
        Acct = 0x41434354 => "ACCT",
        /// Authentication/security data (RFC 2228).
        Adat = 0x41444154 => "ADAT",
        /// Allocate.
        Allo = 0x414c4c4f => "ALLO",
        /// Append.
        Appe = 0x41505045 => "APPE",
        /// Authentication/security mechanism (RFC 2228).
        Auth = 0x41555448 => "AUTH",
        /// Clear command channel (RFC 2228).
        Ccc = 0x434343 => "CCC",
        /// Change to parent directory.
        Cdup = 0x43445550 => "CDUP",
        /// Confidentiality protected command (RFC 2228).
        Conf = 0x434f4e46 => "CONF",
        /// Change working directory.
        Cwd = 0x435744 => "CWD",
        /// Delete.
        Dele = 0x44454c45 => "DELE",
        /// Privacy protected command (RFC 2228).
        Enc = 0x454e43 => "ENC",
        /// Extended port (RFC 2428).
        Eprt = 0x45505254 => "EPRT",
        /// Extended passive (RFC 2428).
        Epsv = 0x45505356 => "EPSV",
        /// Feature list (RFC 2389).
        Feat = 0x46454154 => "FEAT",
        /// Help.
        Help = 0x48454c50 => "HELP",
        /// Virtual host (RFC 7151).
        Host = 0x484f5354 => "HOST",
        /// Language (RFC 2640).
        Lang = 0x4c414e47 => "LANG",
        /// List.
        List = 0x4c495354 => "LIST",
        /// Modification time (RFC 3659).
        Mdtm = 0x4d44544d => "MDTM",
        /// Integrity protected command (RFC 2228).
        Mic = 0x4d4943 => "MIC",
        /// Make directory.
        Mkd = 0x4d4b44 => "MKD",
        /// List directory for machine processing (RFC 3659).
        Mlsd = 0x4d4c5344 => "MLSD",
        /// List single object for machine processing (RFC 3659).
        Mlst = 0x4d4c5354 => "MLST",
        /// Transfer mode.
        Mode = 0x4d4f4445 => "MODE",
        /// Name list.
        Nlst = 0x4e4c5354 => "NLST",
        /// No operation.
        Noop = 0x4e4f4f50 => "NOOP",
        /// Options (RFC 2389).
        Opts = 0x4f505453 => "OPTS",
        /// Password.
        Pass = 0x50415353 => "PASS",
        /// Passive.
        Pasv = 0x50415356 => "PASV",
        /// Protection buffer size (RFC 2228).
        Pbsz = 0x5042535a => "PBSZ",
        /// Data port.
        Port = 0x504f5254 => "PORT",
        /// Data channel protection level (RFC 2228).
        Prot = 0x50524f54 => "PROT",
        /// Print working directory.
        Pwd = 0x505744 => "PWD",
        /// Logout.
        Quit = 0x51554954 => "QUIT",
        /// Reinitialize.
        Rein = 0x5245494e => "REIN",
        /// Restart.
        Rest = 0x52455354 => "REST",
        /// Retrieve.
        Retr = 0x52455452 => "RETR",
        /// Remove directory.
        Rmd = 0x524d44 => "RMD",
        /// Rename from.
        Rnfr = 0x524e4652 => "RNFR",
        /// Rename to.
        Rnto = 0x524e544f => "RNTO",
        /// Site parameters.
        Site = 0x53495445 => "SITE",
        /// Size of file (RFC 3659).
        Size = 0x53495a45 => "SIZE",
        /// Structure mount.
        Smnt = 0x534d4e54 => "SMNT",
        /// Status.
        Stat = 0x53544154 => "STAT",
        /// Store.
        Stor = 0x53544f52 => "STOR",
        /// Store unique.
        Stou = 0x53544f55 => "STOU",
        /// File structure.
        Stru = 0x53545255 => "STRU",
        /// System.
        Syst = 0x53595354 => "SYST",
        /// Representation type.
        Type = 0x54595045 => "TYPE",
        /// User name.
        User = 0x55534552 => "USER",
        /// Change to parent directory (RFC 775).
        Xcup = 0x58435550 => "XCUP",
        /// Change working directory (RFC 775).
        Xcwd = 0x58435744 => "XCWD",
        /// Make directory (RFC 775).
        Xmkd = 0x584d4b44 => "XMKD",
        /// Print working directory (RFC 775).
        Xpwd = 0x58505744 => "XPWD",
        /// Remove directory (RFC 775).
        Xrmd = 0x58524d44 => "XRMD",
    }
}

impl Verb {
    /// The verb of `bytes`, case-insensitively; `Unknown(0)` when it is longer than four
    /// bytes or empty.
    #[must_use]
    pub fn from_bytes(bytes: &[u8]) -> Verb {
        if bytes.is_empty() || bytes.len() > 4 {
            return Verb::Unknown(0);
        }
        let packed = bytes.iter().fold(0u32, |acc, &b| {
            (acc << 8) | u32::from(b.to_ascii_uppercase())
        });
        Verb::from(packed)
    }
}

/// A command line: a verb and an optional argument (RFC 959 §5.3), without its CR LF.
///
/// The verb is kept as sent; [`verb`](Self::verb) compares it case-insensitively. The
/// argument is everything after the first space (RFC 2640 §3.1: further spaces belong to
/// the pathname), as bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct CommandRepr<'a> {
    verb: &'a [u8],
    arg: Option<&'a [u8]>,
}

/// Longest verb accepted: RFC 959 verbs have 3 or 4 letters; site extensions are longer.
pub const MAX_VERB_LEN: usize = 16;

impl<'a> CommandRepr<'a> {
    /// A command from its verb and argument, as they will be written.
    #[must_use]
    pub const fn new(verb: &'a [u8], arg: Option<&'a [u8]>) -> Self {
        CommandRepr { verb, arg }
    }

    /// Parses a command line (CR LF already removed; a trailing CR LF or LF is accepted
    /// and dropped).
    ///
    /// # Errors
    /// `FTP` errors: an empty line ([`Missing`](codec_core::ErrorKind::Missing) command);
    /// a verb that is not an ASCII letter followed by letters and digits (`XSHA256`) (bad
    /// [`Field::Code`] at the offending byte, e.g. a reply sent the wrong way); a verb longer than [`MAX_VERB_LEN`]; a CR or LF inside
    /// the line (bad [`Field::Line`]).
    pub fn parse(line: &'a [u8]) -> Result<Self> {
        let line = strip_eol(line);
        let verb_len = memchr::memchr(b' ', line).unwrap_or(line.len());
        let (verb, rest) = line.split_at(verb_len);
        if verb.is_empty() {
            return Err(Error::new(
                Protocol::Ftp,
                0,
                codec_core::ErrorKind::Missing { field: Field::Code },
            ));
        }
        if let Some(i) = verb
            .iter()
            .enumerate()
            .position(|(i, b)| !(b.is_ascii_alphabetic() || (i > 0 && b.is_ascii_digit())))
        {
            let b = verb.get(i).copied().unwrap_or(0);
            return Err(Error::bad_value(
                Protocol::Ftp,
                i,
                Field::Code,
                u32::from(b),
            ));
        }
        if verb.len() > MAX_VERB_LEN {
            return Err(Error::new(
                Protocol::Ftp,
                0,
                codec_core::ErrorKind::TooLong {
                    field: Field::Code,
                    limit: MAX_VERB_LEN as u32,
                },
            ));
        }
        if let Some(i) = memchr::memchr2(b'\r', b'\n', rest) {
            let b = rest.get(i).copied().unwrap_or(0);
            return Err(Error::bad_value(
                Protocol::Ftp,
                verb_len + i,
                Field::Line,
                u32::from(b),
            ));
        }
        Ok(CommandRepr {
            verb,
            arg: rest.get(1..),
        })
    }

    /// The verb, typed.
    #[must_use]
    pub fn verb(&self) -> Verb {
        Verb::from_bytes(self.verb)
    }

    /// The verb as sent.
    #[must_use]
    pub const fn verb_bytes(&self) -> &'a [u8] {
        self.verb
    }

    /// The argument: `None` when no space follows the verb, `Some(b"")` after `"VERB "`.
    #[must_use]
    pub const fn arg(&self) -> Option<&'a [u8]> {
        self.arg
    }

    fn arg_or_missing(&self) -> Result<&'a [u8]> {
        self.arg.ok_or(Error::new(
            Protocol::Ftp,
            self.verb.len(),
            codec_core::ErrorKind::Missing {
                field: Field::Address,
            },
        ))
    }

    /// The host-port argument of PORT (RFC 959 §4.1.2).
    ///
    /// # Errors
    /// Those of [`HostPort::parse`], offsets from the start of the line; a missing
    /// argument.
    pub fn host_port(&self) -> Result<HostPort> {
        let off = self.verb.len() + 1;
        HostPort::parse(self.arg_or_missing()?).map_err(|e| e.shifted(off))
    }

    /// The argument of EPRT (RFC 2428 §2).
    ///
    /// # Errors
    /// Those of [`ExtendedAddr::parse`], offsets from the start of the line.
    pub fn extended_addr(&self) -> Result<ExtendedAddr> {
        let off = self.verb.len() + 1;
        ExtendedAddr::parse(self.arg_or_missing()?).map_err(|e| e.shifted(off))
    }

    /// The argument of EPSV (RFC 2428 §3): none, a network protocol number (1 IPv4, 2
    /// IPv6), or `ALL` (any case).
    ///
    /// # Errors
    /// Anything else (bad [`Field::ProtocolType`] at the argument's offset).
    pub fn epsv_arg(&self) -> Result<EpsvArg> {
        let at = self.verb.len() + 1;
        match self.arg {
            None | Some([]) => Ok(EpsvArg::Any),
            Some(a) if a.eq_ignore_ascii_case(b"ALL") => Ok(EpsvArg::All),
            Some(a) => a
                .iter()
                .try_fold(0u8, |v, &b| {
                    b.is_ascii_digit()
                        .then_some(())
                        .and_then(|()| v.checked_mul(10)?.checked_add(b - b'0'))
                })
                .filter(|&v| v > 0 && a.first() != Some(&b'0'))
                .map(EpsvArg::Protocol)
                .ok_or(Error::bad_value(
                    Protocol::Ftp,
                    at,
                    Field::ProtocolType,
                    u32::from(a.first().copied().unwrap_or(0)),
                )),
        }
    }

    /// Bytes [`emit`](Self::emit) writes: the line and its CR LF.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.verb.len() + self.arg.map_or(0, |a| a.len() + 1) + 2
    }

    /// Writes `VERB[ SP arg] CR LF` and returns its length.
    ///
    /// # Errors
    /// [`BufferTooSmall`](codec_core::ErrorKind::BufferTooSmall); the errors of
    /// [`parse`](Self::parse) for a verb or argument that could not be read back (a CR or
    /// LF in the argument, a non-letter verb).
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        if self.verb.is_empty()
            || self.verb.len() > MAX_VERB_LEN
            || !self.verb.first().is_some_and(u8::is_ascii_alphabetic)
            || !self.verb.iter().all(u8::is_ascii_alphanumeric)
        {
            return Err(Error::bad_value(
                Protocol::Ftp,
                0,
                Field::Code,
                u32::from(self.verb.first().copied().unwrap_or(0)),
            ));
        }
        if let Some(i) = self.arg.and_then(|a| memchr::memchr2(b'\r', b'\n', a)) {
            return Err(Error::bad_value(
                Protocol::Ftp,
                self.verb.len() + 1 + i,
                Field::Line,
                u32::from(b'\n'),
            ));
        }
        let mut w = Writer::new(Protocol::Ftp, out);
        let needed = self.buffer_len();
        if w.remaining() < needed {
            return Err(Error::buffer_too_small(
                Protocol::Ftp,
                needed,
                w.remaining(),
            ));
        }
        w.put_slice(self.verb)?;
        if let Some(a) = self.arg {
            w.put_u8(b' ')?;
            w.put_slice(a)?;
        }
        w.put_slice(b"\r\n")?;
        Ok(w.position())
    }
}

impl fmt::Display for CommandRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FTP {}", self.verb.escape_ascii())?;
        match self.verb() {
            Verb::Pass => {
                if self.arg.is_some() {
                    f.write_str(" ****")?;
                }
            }
            _ => {
                if let Some(a) = self.arg {
                    write!(f, " {}", a.escape_ascii())?;
                }
            }
        }
        Ok(())
    }
}

/// The argument of an EPSV command (RFC 2428 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EpsvArg {
    /// No argument: any protocol the control connection uses.
    Any,
    /// A network protocol number (1 IPv4, 2 IPv6).
    Protocol(u8),
    /// `EPSV ALL`: only EPSV from now on (no PORT, PASV, EPRT).
    All,
}

/// `line` without one trailing LF and one CR before it.
pub(crate) fn strip_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::ErrorKind;
    use std::string::ToString;

    #[test]
    fn commands_from_captures() {
        // zeek_ftp_ipv4.pcap frame 57 and arkime_ftp.pcap frame 6.
        let c = CommandRepr::parse(b"PORT 141,142,220,235,131,46\r\n").unwrap();
        assert_eq!(c.verb(), Verb::Port);
        assert_eq!(c.arg(), Some(&b"141,142,220,235,131,46"[..]));
        assert_eq!(
            c.host_port().unwrap(),
            HostPort::new(core::net::Ipv4Addr::new(141, 142, 220, 235), 131 * 256 + 46)
        );
        let c = CommandRepr::parse(b"user anonymous").unwrap();
        assert_eq!((c.verb(), c.verb_bytes()), (Verb::User, &b"user"[..]));
        assert_eq!(c.to_string(), "FTP user anonymous");
        assert_eq!(
            CommandRepr::parse(b"PASS ftp@example.com")
                .unwrap()
                .to_string(),
            "FTP PASS ****"
        );
        let c = CommandRepr::parse(b"PASV").unwrap();
        assert_eq!((c.verb(), c.arg()), (Verb::Pasv, None));
        assert_eq!(CommandRepr::parse(b"CWD ").unwrap().arg(), Some(&b""[..]));
        // RFC 2640: spaces after the first belong to the pathname.
        assert_eq!(
            CommandRepr::parse(b"RETR  two spaces").unwrap().arg(),
            Some(&b" two spaces"[..])
        );
        assert_eq!(
            CommandRepr::parse(b"CLNT x").unwrap().verb(),
            Verb::Unknown(0x434c4e54)
        );
        assert_eq!(
            CommandRepr::parse(b"XSHA256 f").unwrap().verb(),
            Verb::Unknown(0)
        );
        assert_eq!(Verb::from_bytes(b"mlsd"), Verb::Mlsd);
        assert_eq!(Verb::Mlsd.to_string(), "MLSD");
    }

    #[test]
    fn command_round_trip_and_errors() {
        for line in [
            &b"USER anonymous\r\n"[..],
            b"FEAT\r\n",
            b"CWD \r\n",
            b"site CHMOD 644 x\r\n",
        ] {
            let c = CommandRepr::parse(line).unwrap();
            let mut out = [0u8; 64];
            let n = c.emit(&mut out).unwrap();
            assert_eq!(&out[..n], line);
            assert_eq!(c.buffer_len(), n);
            assert!(c.emit(&mut out[..n - 1]).is_err());
        }
        let e = CommandRepr::parse(b"").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Missing { field: Field::Code });
        let e = CommandRepr::parse(b"220 hello").unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                0,
                ErrorKind::BadValue {
                    field: Field::Code,
                    value: u32::from(b'2')
                }
            )
        );
        let e = CommandRepr::parse(b"RETR a\rb").unwrap_err();
        assert_eq!(e.offset(), 6);
        assert!(CommandRepr::parse(b"ABCDEFGHIJKLMNOPQ").is_err());
        assert!(CommandRepr::new(b"RE TR", None).emit(&mut [0; 16]).is_err());
        assert!(
            CommandRepr::new(b"RETR", Some(b"a\nb"))
                .emit(&mut [0; 16])
                .is_err()
        );
        let epsv = |l: &[u8]| CommandRepr::parse(l).unwrap().epsv_arg();
        assert_eq!(epsv(b"EPSV"), Ok(EpsvArg::Any));
        assert_eq!(epsv(b"EPSV all"), Ok(EpsvArg::All));
        assert_eq!(epsv(b"EPSV 2"), Ok(EpsvArg::Protocol(2)));
        assert_eq!(epsv(b"EPSV 02").unwrap_err().offset(), 5);
        assert!(epsv(b"EPSV 256").is_err());
        assert!(epsv(b"EPSV x").is_err());
        let e = CommandRepr::parse(b"PORT")
            .unwrap()
            .host_port()
            .unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Missing {
                field: Field::Address
            }
        );
        let e = CommandRepr::parse(b"PORT 1,2,3,4,5,256")
            .unwrap()
            .host_port()
            .unwrap_err();
        assert_eq!(e.offset(), 5 + 10);
    }
}

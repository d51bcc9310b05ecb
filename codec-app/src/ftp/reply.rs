//! Replies: `ddd text` on one line, or `ddd-text` ... `ddd text` on several (RFC 959 §4.2).

use super::{ExtendedAddr, HostPort, Timestamp, parse_size, strip_eol};
use codec_core::{Error, ErrorKind, Field, Protocol, Result, Writer};
use core::fmt;

codec_core::registry! {
    /// FTP reply codes (RFC 959 §4.2.2, RFC 2228, RFC 2428, RFC 3659).
    pub enum ReplyCode: u16 {
        /// Restart marker reply.
        RestartMarker = 110 => "Restart marker reply",
        /// Service ready in nnn minutes.
        ServiceReadySoon = 120 => "Service ready in nnn minutes",
        /// Data connection already open; transfer starting.
        TransferStarting = 125 => "Data connection already open; transfer starting",
        /// File status okay; about to open data connection.
        OpeningDataConnection = 150 => "File status okay; about to open data connection",
        /// Command okay.
        Ok = 200 => "Command okay",
        /// Command not implemented, superfluous at this site.
        Superfluous = 202 => "Command not implemented, superfluous at this site",
        /// System status, or system help reply.
        SystemStatus = 211 => "System status",
        /// Directory status.
        DirectoryStatus = 212 => "Directory status",
        /// File status.
        FileStatus = 213 => "File status",
        /// Help message.
        HelpMessage = 214 => "Help message",
        /// NAME system type.
        SystemType = 215 => "NAME system type",
        /// Service ready for new user.
        ServiceReady = 220 => "Service ready for new user",
        /// Service closing control connection.
        ClosingControl = 221 => "Service closing control connection",
        /// Data connection open; no transfer in progress.
        DataConnectionOpen = 225 => "Data connection open; no transfer in progress",
        /// Closing data connection.
        ClosingData = 226 => "Closing data connection",
        /// Entering Passive Mode (h1,h2,h3,h4,p1,p2).
        EnteringPassiveMode = 227 => "Entering Passive Mode",
        /// Entering Long Passive Mode (RFC 1639).
        EnteringLongPassiveMode = 228 => "Entering Long Passive Mode",
        /// Entering Extended Passive Mode (RFC 2428).
        EnteringExtendedPassiveMode = 229 => "Entering Extended Passive Mode",
        /// User logged in, proceed.
        LoggedIn = 230 => "User logged in, proceed",
        /// User logged in, authorized by security data exchange (RFC 2228).
        LoggedInSecurity = 232 => "User logged in, authorized by security data exchange",
        /// Security data exchange complete (RFC 2228).
        SecurityExchangeComplete = 234 => "Security data exchange complete",
        /// Security data exchange completed successfully (RFC 2228).
        SecurityExchangeSucceeded = 235 => "Security data exchange completed successfully",
        /// Requested file action okay, completed.
        FileActionOk = 250 => "Requested file action okay, completed",
        /// "PATHNAME" created.
        PathnameCreated = 257 => "PATHNAME created",
        /// User name okay, need password.
        NeedPassword = 331 => "User name okay, need password",
        /// Need account for login.
        NeedAccount = 332 => "Need account for login",
        /// Requested security mechanism is ok (RFC 2228).
        SecurityMechanismOk = 334 => "Requested security mechanism is ok",
        /// Username okay, need password; challenge is "...." (RFC 2228).
        NeedPasswordChallenge = 336 => "Username okay, need password; challenge",
        /// Requested file action pending further information.
        FileActionPending = 350 => "Requested file action pending further information",
        /// Service not available, closing control connection.
        ServiceNotAvailable = 421 => "Service not available, closing control connection",
        /// Can't open data connection.
        CantOpenDataConnection = 425 => "Can't open data connection",
        /// Connection closed; transfer aborted.
        TransferAborted = 426 => "Connection closed; transfer aborted",
        /// Need some unavailable resource to process security (RFC 2228).
        SecurityResourceUnavailable = 431 => "Need some unavailable resource to process security",
        /// Requested file action not taken.
        FileUnavailable = 450 => "Requested file action not taken",
        /// Requested action aborted: local error in processing.
        LocalError = 451 => "Requested action aborted: local error in processing",
        /// Requested action not taken. Insufficient storage space in system.
        InsufficientStorage = 452 => "Insufficient storage space in system",
        /// Syntax error, command unrecognized.
        SyntaxError = 500 => "Syntax error, command unrecognized",
        /// Syntax error in parameters or arguments.
        SyntaxErrorArguments = 501 => "Syntax error in parameters or arguments",
        /// Command not implemented.
        NotImplemented = 502 => "Command not implemented",
        /// Bad sequence of commands.
        BadSequence = 503 => "Bad sequence of commands",
        /// Command not implemented for that parameter.
        NotImplementedForParameter = 504 => "Command not implemented for that parameter",
        /// Network protocol not supported (RFC 2428).
        NetworkProtocolNotSupported = 522 => "Network protocol not supported",
        /// Not logged in.
        NotLoggedIn = 530 => "Not logged in",
        /// Need account for storing files.
        NeedAccountForStoring = 532 => "Need account for storing files",
        /// Command protection level denied for policy reasons (RFC 2228).
        ProtectionLevelDenied = 533 => "Command protection level denied for policy reasons",
        /// Request denied for policy reasons (RFC 2228).
        RequestDenied = 534 => "Request denied for policy reasons",
        /// Failed security check (RFC 2228).
        FailedSecurityCheck = 535 => "Failed security check",
        /// Requested PROT level not supported by mechanism (RFC 2228).
        ProtLevelNotSupported = 536 => "Requested PROT level not supported by mechanism",
        /// Requested action not taken. File unavailable.
        FileNotFound = 550 => "Requested action not taken. File unavailable",
        /// Requested action aborted: page type unknown.
        PageTypeUnknown = 551 => "Requested action aborted: page type unknown",
        /// Requested file action aborted. Exceeded storage allocation.
        ExceededStorage = 552 => "Exceeded storage allocation",
        /// Requested action not taken. File name not allowed.
        FileNameNotAllowed = 553 => "File name not allowed",
        /// Integrity protected reply (RFC 2228).
        IntegrityProtected = 631 => "Integrity protected reply",
        /// Confidentiality and integrity protected reply (RFC 2228).
        ConfidentialityIntegrityProtected = 632 => "Confidentiality and integrity protected reply",
        /// Confidentiality protected reply (RFC 2228).
        ConfidentialityProtected = 633 => "Confidentiality protected reply",
    }
}

/// The code and separator at the start of a reply line: `ddd` then SP, `-`, or the end
/// of the line (`0`).
pub(crate) fn line_head(line: &[u8]) -> Option<(u16, u8)> {
    let (digits, rest) = line.split_at_checked(3)?;
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let code = digits
        .iter()
        .fold(0u16, |acc, &b| acc * 10 + u16::from(b - b'0'));
    match rest.first() {
        None => Some((code, 0)),
        Some(&b @ (b' ' | b'-')) => Some((code, b)),
        Some(_) => None,
    }
}

/// Whether `line` ends a multi-line reply opened with `code`: `ddd SP` (or exactly
/// `ddd`), with the same code when `strict` (RFC 959 §4.2), any code otherwise (glFTPd
/// ends a `553-` reply with `150 `; suppaftp accepts it).
pub(crate) fn is_terminal(line: &[u8], code: u16, strict: bool) -> bool {
    match line_head(line) {
        Some((c, b' ' | 0)) => !strict || c == code,
        _ => false,
    }
}

/// A complete reply over its bytes (as received: each line with its CR LF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Reply<'a> {
    bytes: &'a [u8],
    code: u16,
    multiline: bool,
}

impl<'a> Reply<'a> {
    /// Parses one complete reply, tolerant of a terminal line with another code.
    ///
    /// # Errors
    /// See [`parse_with`](Self::parse_with).
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        Reply::parse_with(bytes, false)
    }

    /// Parses one complete reply: the first line `ddd text`, `ddd-text` (then lines up to
    /// the terminal one, see [`Decoder::set_strict`](super::Decoder::set_strict)) or
    /// `ddd`. Lines end with CR LF or LF; the last one may lack it.
    ///
    /// # Errors
    /// `FTP` errors: a first line not starting with three digits and SP, `-` or its end
    /// (bad [`Field::Code`] at the offending byte); a multi-line reply without its
    /// terminal line ([`Missing`](ErrorKind::Missing) end); bytes after the end of the
    /// reply (bad [`Field::Length`]).
    pub fn parse_with(bytes: &'a [u8], strict: bool) -> Result<Self> {
        let first_end = memchr::memchr(b'\n', bytes).map_or(bytes.len(), |i| i + 1);
        let first = strip_eol(bytes.get(..first_end).unwrap_or(&[]));
        let Some((code, sep)) = line_head(first) else {
            let i = first
                .iter()
                .take(3)
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(3);
            let b = first.get(i).copied().unwrap_or(0);
            return Err(Error::bad_value(
                Protocol::Ftp,
                i,
                Field::Code,
                u32::from(b),
            ));
        };
        let reply_end = if sep == b'-' {
            let mut at = first_end;
            loop {
                if at >= bytes.len() {
                    return Err(Error::new(
                        Protocol::Ftp,
                        bytes.len(),
                        ErrorKind::Missing { field: Field::End },
                    ));
                }
                let rest = bytes.get(at..).unwrap_or(&[]);
                let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1);
                let line = strip_eol(rest.get(..end).unwrap_or(&[]));
                at += end;
                if is_terminal(line, code, strict) {
                    break at;
                }
            }
        } else {
            first_end
        };
        if reply_end != bytes.len() {
            return Err(Error::bad_length(
                Protocol::Ftp,
                reply_end,
                Field::Length,
                u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            ));
        }
        Ok(Reply {
            bytes,
            code,
            multiline: sep == b'-',
        })
    }

    /// The reply code of the first line.
    #[must_use]
    pub fn code(&self) -> ReplyCode {
        ReplyCode::from(self.code)
    }

    /// The code of the terminal line: the same as [`code`](Self::code) but from servers
    /// that end a multi-line reply with another one.
    #[must_use]
    pub fn final_code(&self) -> ReplyCode {
        self.lines()
            .last()
            .and_then(line_head)
            .map_or(self.code(), |(c, _)| ReplyCode::from(c))
    }

    /// Whether the reply has the multi-line form.
    #[must_use]
    pub const fn is_multiline(&self) -> bool {
        self.multiline
    }

    /// The reply's bytes, line ends included.
    #[must_use]
    pub const fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The lines as sent, without their CR LF.
    #[must_use]
    pub fn lines(&self) -> ReplyLines<'a> {
        ReplyLines { rest: self.bytes }
    }

    /// The text of the first line, after `ddd ` or `ddd-`.
    #[must_use]
    pub fn text(&self) -> &'a [u8] {
        self.lines().next().and_then(|l| l.get(4..)).unwrap_or(&[])
    }

    /// The text of every line: the first and last without their code and separator, the
    /// others as sent (a padding space included).
    pub fn text_lines(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let n = self.lines().count();
        self.lines().enumerate().map(move |(i, l)| {
            if i == 0 || i + 1 == n {
                l.get(4..).unwrap_or(&[])
            } else {
                l
            }
        })
    }

    /// The host-port of a 227 reply, wherever it is in the first line's text
    /// ([`HostPort::find`]).
    ///
    /// # Errors
    /// Those of [`HostPort::find`].
    pub fn pasv_addr(&self) -> Result<HostPort> {
        HostPort::find(self.text()).map_err(|e| e.shifted(4))
    }

    /// The port of a 229 reply ([`ExtendedAddr::find_epsv`]).
    ///
    /// # Errors
    /// Those of [`ExtendedAddr::find_epsv`].
    pub fn epsv_addr(&self) -> Result<ExtendedAddr> {
        ExtendedAddr::find_epsv(self.text()).map_err(|e| e.shifted(4))
    }

    /// The size of a 213 reply to SIZE ([`parse_size`]).
    ///
    /// # Errors
    /// Those of [`parse_size`].
    pub fn size(&self) -> Result<u64> {
        parse_size(self.text()).map_err(|e| e.shifted(4))
    }

    /// The time of a 213 reply to MDTM ([`Timestamp::parse`]).
    ///
    /// # Errors
    /// Those of [`Timestamp::parse`].
    pub fn mdtm(&self) -> Result<Timestamp> {
        Timestamp::parse(self.text()).map_err(|e| e.shifted(4))
    }
}

impl fmt::Display for Reply<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FTP {:03}", self.code)?;
        let text = self.text();
        if !text.is_empty() {
            write!(f, " {}", text.escape_ascii())?;
        }
        if self.multiline {
            write!(f, " [+{} lines]", self.lines().count().saturating_sub(1))?;
        }
        Ok(())
    }
}

/// Iterator over the lines of a [`Reply`], without their line ends.
#[derive(Debug, Clone)]
pub struct ReplyLines<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for ReplyLines<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', self.rest).map_or(self.rest.len(), |i| i + 1);
        let (line, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(strip_eol(line))
    }
}

/// A reply to write: a code and its text lines (one line: `ddd text`; several:
/// `ddd-first`, the middle lines, `ddd last`).
///
/// A middle line that would read as a terminal line (three digits then a space or
/// nothing) is sent with one space before it, as RFC 959 §4.2 asks; such a line comes back
/// from [`Reply::text_lines`] with that space, every other line as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReplyRepr<'a> {
    /// The code, 0–999 (written as three digits).
    pub code: u16,
    /// The text lines, at least one, none with CR or LF.
    pub lines: &'a [&'a [u8]],
}

impl ReplyRepr<'_> {
    fn needs_padding(i: usize, n: usize, line: &[u8]) -> bool {
        i > 0 && i + 1 < n && matches!(line_head(line), Some((_, b' ' | 0)))
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let n = self.lines.len();
        self.lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let prefix = if i == 0 || i + 1 == n {
                    4
                } else {
                    usize::from(Self::needs_padding(i, n, l))
                };
                prefix + l.len() + 2
            })
            .sum()
    }

    /// Writes the reply and returns its length.
    ///
    /// # Errors
    /// [`BufferTooSmall`](ErrorKind::BufferTooSmall); no line (missing
    /// [`Field::Line`]); a code over 999 (bad [`Field::Code`]); a CR or LF in a line (bad
    /// [`Field::Line`]).
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        let n = self.lines.len();
        if n == 0 {
            return Err(Error::new(
                Protocol::Ftp,
                0,
                ErrorKind::Missing { field: Field::Line },
            ));
        }
        if self.code > 999 {
            return Err(Error::bad_value(
                Protocol::Ftp,
                0,
                Field::Code,
                u32::from(self.code),
            ));
        }
        for (i, l) in self.lines.iter().enumerate() {
            if memchr::memchr2(b'\r', b'\n', l).is_some() {
                return Err(Error::bad_value(
                    Protocol::Ftp,
                    i,
                    Field::Line,
                    u32::from(b'\n'),
                ));
            }
        }
        let needed = self.buffer_len();
        codec_core::buf::check_room(Protocol::Ftp, out, needed)?;
        let mut w = Writer::new(Protocol::Ftp, out);
        let c = self.code;
        let digits = [
            b'0' + (c / 100) as u8,
            b'0' + (c / 10 % 10) as u8,
            b'0' + (c % 10) as u8,
        ];
        for (i, l) in self.lines.iter().enumerate() {
            if i == 0 || i + 1 == n {
                w.put_slice(&digits)?;
                w.put_u8(if i == 0 && n > 1 { b'-' } else { b' ' })?;
            } else if Self::needs_padding(i, n, l) {
                w.put_u8(b' ')?;
            }
            w.put_slice(l)?;
            w.put_slice(b"\r\n")?;
        }
        Ok(w.position())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;
    use std::vec::Vec;

    #[test]
    fn replies_from_captures() {
        // ftp_lftp.pcap frames 14-25 (one reply over ten segments) and arkime_ftp frame 4.
        let feat = b"211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n211 End\r\n";
        let r = Reply::parse(feat).unwrap();
        assert_eq!(r.code(), ReplyCode::SystemStatus);
        assert!(r.is_multiline());
        assert_eq!(r.text(), b"Features:");
        assert_eq!(r.lines().count(), 9);
        let texts: Vec<&[u8]> = r.text_lines().collect();
        assert_eq!(texts[5], b" REST STREAM");
        assert_eq!(texts[8], b"End");
        assert_eq!(r.to_string(), "FTP 211 Features: [+8 lines]");
        let r = Reply::parse(b"220 Welcome to mirrors.rit.edu.\r\n").unwrap();
        assert_eq!(
            (r.code(), r.is_multiline()),
            (ReplyCode::ServiceReady, false)
        );
        assert_eq!(r.to_string(), "FTP 220 Welcome to mirrors.rit.edu.");
        // 213 replies of ftp_lftp.pcap frames 57 and 63.
        assert_eq!(Reply::parse(b"213 32\r\n").unwrap().size(), Ok(32));
        assert_eq!(
            Reply::parse(b"213 20240102030405\r\n")
                .unwrap()
                .mdtm()
                .unwrap()
                .year,
            2024
        );
        // RFC 959 §4.2's example, with its padded line beginning with numbers.
        let rfc = b"123-First line\r\nSecond line\r\n  234 A line beginning with numbers\r\n123 The last line\r\n";
        let r = Reply::parse_with(rfc, true).unwrap();
        assert_eq!(r.lines().count(), 4);
        assert_eq!(r.final_code().value(), 123);
        // "ddd" alone, and no final line end.
        assert_eq!(Reply::parse(b"220").unwrap().text(), b"");
        assert_eq!(Reply::parse(b"230-\r\n230").unwrap().lines().count(), 2);
    }

    #[test]
    fn tolerant_and_strict_terminal_lines() {
        // glFTPd: 553- closed by 150 (suppaftp's test).
        let glftpd = b"553-Sorry\r\n150 Ok\r\n";
        let r = Reply::parse(glftpd).unwrap();
        assert_eq!((r.code().value(), r.final_code().value()), (553, 150));
        let e = Reply::parse_with(glftpd, true).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Missing { field: Field::End });
        assert_eq!(e.offset(), glftpd.len());
    }

    #[test]
    fn rejected_replies() {
        let e = Reply::parse(b"22x hello\r\n").unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                2,
                ErrorKind::BadValue {
                    field: Field::Code,
                    value: u32::from(b'x')
                }
            )
        );
        let e = Reply::parse(b"220hello\r\n").unwrap_err();
        assert_eq!(e.offset(), 3);
        let e = Reply::parse(b"220 a\r\n221 b\r\n").unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadLength {
                field: Field::Length,
                value: 14
            }
        );
        assert_eq!(e.offset(), 7);
        let e = Reply::parse(b"211-a\r\n b\r\n").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Missing { field: Field::End });
        assert!(Reply::parse(b"").is_err());
        assert!(
            Reply::parse(b"227 no address")
                .unwrap()
                .pasv_addr()
                .is_err()
        );
    }

    #[test]
    fn building_replies() {
        let mut out = [0u8; 128];
        let one = ReplyRepr {
            code: 221,
            lines: &[b"Goodbye."],
        };
        let n = one.emit(&mut out).unwrap();
        assert_eq!(&out[..n], b"221 Goodbye.\r\n");
        assert_eq!(n, one.buffer_len());
        let lines: [&[u8]; 4] = [
            b"First line",
            b"Second line",
            b"234 A line beginning with numbers",
            b"The last line",
        ];
        let multi = ReplyRepr {
            code: 123,
            lines: &lines,
        };
        let n = multi.emit(&mut out).unwrap();
        assert_eq!(
            &out[..n],
            &b"123-First line\r\nSecond line\r\n 234 A line beginning with numbers\r\n123 The last line\r\n"[..]
        );
        assert_eq!(n, multi.buffer_len());
        let r = Reply::parse_with(&out[..n], true).unwrap();
        let back: Vec<&[u8]> = r.text_lines().collect();
        assert_eq!(back[0], lines[0]);
        assert_eq!(back[2], b" 234 A line beginning with numbers");
        assert_eq!(back[3], lines[3]);
        assert!(multi.emit(&mut out[..n - 1]).is_err());
        assert!(
            ReplyRepr {
                code: 200,
                lines: &[]
            }
            .emit(&mut out)
            .is_err()
        );
        assert!(
            ReplyRepr {
                code: 1000,
                lines: &[b"x"]
            }
            .emit(&mut out)
            .is_err()
        );
        assert!(
            ReplyRepr {
                code: 200,
                lines: &[b"a\nb"]
            }
            .emit(&mut out)
            .is_err()
        );
    }
}

//! Typed subnegotiation payloads.

use super::{IAC, OptionName, SB, SE, TelnetOption, Verb};
use codec_core::{Error, Field, Protocol, Result};
use core::fmt;

fn bad(offset: usize, field: Field, value: u8) -> Error {
    Error::bad_value(Protocol::Telnet, offset, field, u32::from(value))
}

fn bad_len(offset: usize, len: usize) -> Error {
    Error::bad_length(
        Protocol::Telnet,
        offset,
        Field::Length,
        u32::try_from(len).unwrap_or(u32::MAX),
    )
}

/// The `IS <value>` / `SEND` pair of TTYPE (RFC 1091), TSPEED (RFC 1079) and XDISPLOC
/// (RFC 1096): `IS` is 0, `SEND` is 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum IsSend<T> {
    /// `IS <value>`: the sender's value.
    Is(T),
    /// `SEND`: a request for the peer's value.
    Send,
}

/// A terminal speed `IS` value (RFC 1079): `"<transmit>,<receive>"` in ASCII decimal,
/// bits per second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Speed {
    /// Transmit speed.
    pub transmit: u32,
    /// Receive speed.
    pub receive: u32,
}

codec_core::registry! {
    /// Remote Flow Control commands (RFC 1372).
    pub enum Lflow: u8 {
        /// Flow control off.
        Off = 0 => "OFF",
        /// Flow control on.
        On = 1 => "ON",
        /// Any character restarts output.
        RestartAny = 2 => "RESTART-ANY",
        /// Only XON restarts output.
        RestartXon = 3 => "RESTART-XON",
    }
}

bitflags::bitflags! {
    /// LINEMODE MODE mask (RFC 1184 §2.2).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct LinemodeMode: u8 {
        /// Local editing.
        const EDIT = 0x01;
        /// Signals trapped locally.
        const TRAPSIG = 0x02;
        /// Acknowledges a MODE.
        const MODE_ACK = 0x04;
        /// Tab expansion.
        const SOFT_TAB = 0x08;
        /// Literal echo of non-printables.
        const LIT_ECHO = 0x10;
    }
}

codec_core::registry! {
    /// LINEMODE Special Line Character functions (RFC 1184 §2.4).
    pub enum SlcFunction: u8 {
        /// Synch.
        Synch = 1 => "SYNCH",
        /// Break.
        Brk = 2 => "BRK",
        /// Interrupt Process.
        Ip = 3 => "IP",
        /// Abort Output.
        Ao = 4 => "AO",
        /// Are You There.
        Ayt = 5 => "AYT",
        /// End of Record.
        Eor = 6 => "EOR",
        /// Abort.
        Abort = 7 => "ABORT",
        /// End of File.
        Eof = 8 => "EOF",
        /// Suspend.
        Susp = 9 => "SUSP",
        /// Erase Character.
        Ec = 10 => "EC",
        /// Erase Line.
        El = 11 => "EL",
        /// Erase Word.
        Ew = 12 => "EW",
        /// Reprint line.
        Rp = 13 => "RP",
        /// Literal next.
        Lnext = 14 => "LNEXT",
        /// XON.
        Xon = 15 => "XON",
        /// XOFF.
        Xoff = 16 => "XOFF",
        /// Forwarding character 1.
        Forw1 = 17 => "FORW1",
        /// Forwarding character 2.
        Forw2 = 18 => "FORW2",
        /// Move cursor left.
        Mcl = 19 => "MCL",
        /// Move cursor right.
        Mcr = 20 => "MCR",
        /// Move cursor one word left.
        Mcwl = 21 => "MCWL",
        /// Move cursor one word right.
        Mcwr = 22 => "MCWR",
        /// Move cursor to the beginning of the line.
        Mcbol = 23 => "MCBOL",
        /// Move cursor to the end of the line.
        Mceol = 24 => "MCEOL",
        /// Insert mode.
        Insrt = 25 => "INSRT",
        /// Overstrike mode.
        Over = 26 => "OVER",
        /// Erase character to the right.
        Ecr = 27 => "ECR",
        /// Erase word to the right.
        Ewr = 28 => "EWR",
        /// Erase to the beginning of the line.
        Ebol = 29 => "EBOL",
        /// Erase to the end of the line.
        Eeol = 30 => "EEOL",
    }
}

codec_core::registry! {
    /// SLC support levels, the low two bits of the modifier (RFC 1184 §2.4).
    pub enum SlcLevel: u8 {
        /// Not supported.
        NoSupport = 0 => "NOSUPPORT",
        /// Supported, value cannot be changed.
        CantChange = 1 => "CANTCHANGE",
        /// Supported, value may be changed.
        Value = 2 => "VALUE",
        /// Use the default.
        Default = 3 => "DEFAULT",
    }
}

bitflags::bitflags! {
    /// SLC modifier flags above the level bits (RFC 1184 §2.4).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct SlcFlags: u8 {
        /// Acknowledges a previous SLC.
        const ACK = 0x80;
        /// Flush input on this function.
        const FLUSHIN = 0x40;
        /// Flush output on this function.
        const FLUSHOUT = 0x20;
    }
}

/// One SLC triplet: function, modifier, character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SlcTriplet {
    /// The function.
    pub function: SlcFunction,
    /// The modifier byte as sent: the level in bits 0–1, [`SlcFlags`] in bits 5–7.
    pub modifier: u8,
    /// The character (255 is sent doubled).
    pub value: u8,
}

impl SlcTriplet {
    /// The support level.
    #[must_use]
    pub fn level(&self) -> SlcLevel {
        SlcLevel::from(self.modifier & 0x03)
    }

    /// The flags (bits 2–4, reserved, are dropped here but kept in `modifier`).
    #[must_use]
    pub fn flags(&self) -> SlcFlags {
        SlcFlags::from_bits_truncate(self.modifier)
    }
}

/// A LINEMODE SLC list: a whole number of triplets, read lazily.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Slc<'a>(&'a [u8]);

impl<'a> Slc<'a> {
    /// The list over its bytes (after `SLC`); a length not a multiple of 3 is an error.
    ///
    /// # Errors
    /// [`BadLength`](codec_core::ErrorKind::BadLength) with the length.
    pub fn new(bytes: &'a [u8]) -> Result<Self> {
        if !bytes.len().is_multiple_of(3) {
            return Err(bad_len(bytes.len() - bytes.len() % 3, bytes.len()));
        }
        Ok(Slc(bytes))
    }

    /// The bytes.
    #[must_use]
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }

    /// The triplets.
    #[must_use]
    pub fn triplets(&self) -> SlcTriplets<'a> {
        SlcTriplets(self.0.chunks_exact(3))
    }
}

/// Iterator over the triplets of an [`Slc`] list.
#[derive(Debug, Clone)]
pub struct SlcTriplets<'a>(core::slice::ChunksExact<'a, u8>);

impl Iterator for SlcTriplets<'_> {
    type Item = SlcTriplet;

    fn next(&mut self) -> Option<SlcTriplet> {
        let &[f, m, v] = self.0.next()? else {
            return None;
        };
        Some(SlcTriplet {
            function: SlcFunction::from(f),
            modifier: m,
            value: v,
        })
    }
}

/// A LINEMODE subnegotiation (RFC 1184).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Linemode<'a> {
    /// `MODE mask` (1).
    Mode(LinemodeMode),
    /// `DO|DONT|WILL|WONT FORWARDMASK [mask]` (2): the mask (up to 32 bytes) follows DO.
    ForwardMask {
        /// The verb before FORWARDMASK.
        verb: Verb,
        /// The mask, empty but after DO.
        mask: &'a [u8],
    },
    /// `SLC triplets...` (3).
    Slc(Slc<'a>),
}

codec_core::registry! {
    /// ENVIRON / NEW-ENVIRON commands (RFC 1572 §2).
    pub enum EnvCommand: u8 {
        /// IS: the answer to SEND.
        Is = 0 => "IS",
        /// SEND: a request.
        Send = 1 => "SEND",
        /// INFO: an unsolicited change.
        Info = 2 => "INFO",
    }
}

/// The type codes of an environment list: RFC 1572 for NEW-ENVIRON; the old ENVIRON of
/// RFC 1408 as deployed by BSD telnet swaps VAR and VALUE ([`EnvCodes::BSD_ENVIRON`],
/// tcpdump `print-telnet.c`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnvCodes {
    /// VAR.
    pub var: u8,
    /// VALUE.
    pub value: u8,
    /// ESC.
    pub esc: u8,
    /// USERVAR.
    pub uservar: u8,
}

impl EnvCodes {
    /// RFC 1572 (and RFC 1571's reading of RFC 1408).
    pub const RFC1572: EnvCodes = EnvCodes {
        var: 0,
        value: 1,
        esc: 2,
        uservar: 3,
    };
    /// The old ENVIRON of 4.4BSD telnet: VAR is 1, VALUE is 0.
    pub const BSD_ENVIRON: EnvCodes = EnvCodes {
        var: 1,
        value: 0,
        esc: 2,
        uservar: 3,
    };

    fn is_code(&self, b: u8) -> bool {
        b == self.var || b == self.value || b == self.esc || b == self.uservar
    }
}

/// Whether an environment entry is a well-known or a user variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnvVarKind {
    /// VAR.
    Var,
    /// USERVAR.
    UserVar,
}

/// One entry of an environment list; `name` and `value` are as sent (ESC sequences kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnvEntry<'a> {
    /// VAR or USERVAR.
    pub kind: EnvVarKind,
    /// The name (may be empty: `SEND VAR` asks for every variable).
    pub name: &'a [u8],
    /// The value when a VALUE code follows the name (`Some(b"")` for an empty value).
    pub value: Option<&'a [u8]>,
}

/// An ENVIRON or NEW-ENVIRON subnegotiation: command and raw list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Environ<'a> {
    /// IS, SEND or INFO.
    pub command: EnvCommand,
    /// The list after the command byte.
    pub list: &'a [u8],
}

impl<'a> Environ<'a> {
    /// The entries of the list read with `codes`.
    #[must_use]
    pub fn entries(&self, codes: EnvCodes) -> EnvEntries<'a> {
        EnvEntries {
            rest: self.list,
            offset: 0,
            codes,
        }
    }
}

/// Iterator over the entries of an environment list; yields an error (and stops) on a
/// list that does not start with VAR or USERVAR or has a dangling ESC.
#[derive(Debug, Clone)]
pub struct EnvEntries<'a> {
    rest: &'a [u8],
    offset: usize,
    codes: EnvCodes,
}

impl<'a> EnvEntries<'a> {
    /// Splits off a string up to the next type code not escaped by ESC.
    fn string(&mut self) -> Result<&'a [u8]> {
        let bytes = self.rest;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b == self.codes.esc {
                if i + 1 >= bytes.len() {
                    return Err(bad(self.offset + i, Field::End, b));
                }
                i += 2;
            } else if self.codes.is_code(b) {
                break;
            } else {
                i += 1;
            }
        }
        let (s, rest) = bytes.split_at(i.min(bytes.len()));
        self.rest = rest;
        self.offset += s.len();
        Ok(s)
    }
}

impl<'a> Iterator for EnvEntries<'a> {
    type Item = Result<EnvEntry<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        let (&code, rest) = self.rest.split_first()?;
        let kind = if code == self.codes.var {
            EnvVarKind::Var
        } else if code == self.codes.uservar {
            EnvVarKind::UserVar
        } else {
            let e = bad(self.offset, Field::Code, code);
            self.rest = &[];
            return Some(Err(e));
        };
        self.rest = rest;
        self.offset += 1;
        let name = match self.string() {
            Ok(n) => n,
            Err(e) => {
                self.rest = &[];
                return Some(Err(e));
            }
        };
        let mut value = None;
        if let Some((&c, rest)) = self.rest.split_first()
            && c == self.codes.value
        {
            self.rest = rest;
            self.offset += 1;
            match self.string() {
                Ok(v) => value = Some(v),
                Err(e) => {
                    self.rest = &[];
                    return Some(Err(e));
                }
            }
            // Two VALUEs in a row are not an entry.
            if self.rest.first() == Some(&self.codes.value) {
                let e = bad(self.offset, Field::Code, self.codes.value);
                self.rest = &[];
                return Some(Err(e));
            }
        }
        Some(Ok(EnvEntry { kind, name, value }))
    }
}

codec_core::registry! {
    /// AUTHENTICATION commands (RFC 2941 §2).
    pub enum AuthCommand: u8 {
        /// IS.
        Is = 0 => "IS",
        /// SEND.
        Send = 1 => "SEND",
        /// REPLY.
        Reply = 2 => "REPLY",
        /// NAME.
        Name = 3 => "NAME",
    }
}

/// An AUTHENTICATION subnegotiation (RFC 2941): command and its data. For IS and REPLY
/// the data starts with the authentication type and modifier; for SEND it is a list of
/// type-modifier pairs; for NAME it is the user name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Authentication<'a> {
    /// The command.
    pub command: AuthCommand,
    /// What follows it.
    pub data: &'a [u8],
}

impl<'a> Authentication<'a> {
    /// For IS and REPLY: authentication type (RFC 2941 §2: 2 KERBEROS_V5, 15 NTLM...),
    /// modifier, and the type-specific data.
    #[must_use]
    pub fn typed(&self) -> Option<(u8, u8, &'a [u8])> {
        match self.command {
            AuthCommand::Is | AuthCommand::Reply => match self.data {
                [t, m, rest @ ..] => Some((*t, *m, rest)),
                _ => None,
            },
            _ => None,
        }
    }

    /// For SEND: the (type, modifier) pairs offered.
    pub fn pairs(&self) -> impl Iterator<Item = (u8, u8)> + 'a {
        let data = if self.command == AuthCommand::Send {
            self.data
        } else {
            &[]
        };
        data.chunks_exact(2).filter_map(|p| match *p {
            [t, m] => Some((t, m)),
            _ => None,
        })
    }
}

codec_core::registry! {
    /// ENCRYPT commands (RFC 2946 §2).
    pub enum EncCommand: u8 {
        /// IS.
        Is = 0 => "IS",
        /// SUPPORT.
        Support = 1 => "SUPPORT",
        /// REPLY.
        Reply = 2 => "REPLY",
        /// START.
        Start = 3 => "START",
        /// END.
        End = 4 => "END",
        /// REQUEST-START.
        RequestStart = 5 => "REQUEST-START",
        /// REQUEST-END.
        RequestEnd = 6 => "REQUEST-END",
        /// ENC_KEYID.
        EncKeyId = 7 => "ENC_KEYID",
        /// DEC_KEYID.
        DecKeyId = 8 => "DEC_KEYID",
    }
}

/// An ENCRYPT subnegotiation (RFC 2946): command and its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Encryption<'a> {
    /// The command.
    pub command: EncCommand,
    /// What follows it (encryption types for SUPPORT, type and data for IS/REPLY, key id
    /// for START and the KEYID commands).
    pub data: &'a [u8],
}

/// A STATUS subnegotiation (RFC 859): `SEND`, or `IS` followed by the sender's view of
/// every option (WILL/DO pairs and SB...SE copies, 255 and SE doubled), kept raw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusRepr<'a> {
    /// `IS <list>`.
    Is(&'a [u8]),
    /// `SEND`.
    Send,
}

/// A subnegotiation's payload, typed for the options this crate knows (RFC 855 frame,
/// parameters after unescaping).
///
/// `emit` writes the whole `IAC SB <option> <params> IAC SE`, doubling every 255 in the
/// parameters; `parse(option, params)` reads what [`super::Decoder`] delivers.
///
/// ```
/// use codec_app::telnet::{IsSend, SubnegotiationRepr, TelnetOption};
/// // TTYPE IS "xterm-color" from ndpi_telnet.pcap frame 17.
/// let repr = SubnegotiationRepr::parse(TelnetOption::TerminalType, b"\0xterm-color")?;
/// assert_eq!(repr, SubnegotiationRepr::TerminalType(IsSend::Is(b"xterm-color")));
/// let mut out = [0u8; 32];
/// let n = repr.emit(&mut out)?;
/// assert_eq!(&out[..n], b"\xff\xfa\x18\0xterm-color\xff\xf0");
/// assert_eq!(repr.to_string(), "TTYPE IS \"xterm-color\"");
/// # Ok::<(), codec_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubnegotiationRepr<'a> {
    /// STATUS (5).
    Status(StatusRepr<'a>),
    /// TTYPE (24): IS name / SEND.
    TerminalType(IsSend<&'a [u8]>),
    /// NAWS (31): window width and height in characters.
    Naws {
        /// Width.
        width: u16,
        /// Height.
        height: u16,
    },
    /// TSPEED (32).
    TerminalSpeed(IsSend<Speed>),
    /// LFLOW (33).
    RemoteFlowControl(Lflow),
    /// LINEMODE (34).
    Linemode(Linemode<'a>),
    /// XDISPLOC (35): IS "host:display" / SEND.
    XDisplayLocation(IsSend<&'a [u8]>),
    /// The old ENVIRON (36).
    Environ(Environ<'a>),
    /// AUTHENTICATION (37).
    Authentication(Authentication<'a>),
    /// ENCRYPT (38).
    Encryption(Encryption<'a>),
    /// NEW-ENVIRON (39).
    NewEnviron(Environ<'a>),
    /// Any other option: its parameters as they are.
    Other {
        /// The option.
        option: TelnetOption,
        /// The parameters.
        params: &'a [u8],
    },
}

fn is_send(params: &[u8]) -> Result<IsSend<&[u8]>> {
    match params.split_first() {
        Some((0, v)) => Ok(IsSend::Is(v)),
        Some((1, [])) => Ok(IsSend::Send),
        Some((1, _)) => Err(bad_len(1, params.len())),
        Some((&c, _)) => Err(bad(0, Field::Code, c)),
        None => Err(Error::truncated(Protocol::Telnet, 0, 1, 0)),
    }
}

/// A decimal number without sign or leading zero, as RFC 1079 writes speeds.
fn decimal(digits: &[u8], offset: usize) -> Result<u32> {
    let bad_digit = |i: usize, b: u8| bad(offset + i, Field::Code, b);
    if digits.is_empty() {
        return Err(Error::truncated(Protocol::Telnet, offset, 1, 0));
    }
    if digits.len() > 1 && digits.first() == Some(&b'0') {
        return Err(bad_digit(0, b'0'));
    }
    let mut v: u32 = 0;
    for (i, &b) in digits.iter().enumerate() {
        if !b.is_ascii_digit() {
            return Err(bad_digit(i, b));
        }
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add(u32::from(b - b'0')))
            .ok_or_else(|| bad_digit(i, b))?;
    }
    Ok(v)
}

impl<'a> SubnegotiationRepr<'a> {
    /// Reads the parameters of a subnegotiation of `option` (after unescaping).
    ///
    /// # Errors
    /// `Telnet` errors, offsets counted from the first parameter byte: a command code the
    /// option does not define (bad [`Field::Code`]), a wrong length (NAWS is 4 bytes,
    /// LFLOW 1, an SLC list a multiple of 3), empty parameters where a command is needed.
    pub fn parse(option: TelnetOption, params: &'a [u8]) -> Result<Self> {
        Ok(match option {
            TelnetOption::Status => match params.split_first() {
                Some((0, list)) => SubnegotiationRepr::Status(StatusRepr::Is(list)),
                Some((1, [])) => SubnegotiationRepr::Status(StatusRepr::Send),
                Some((1, _)) => return Err(bad_len(1, params.len())),
                Some((&c, _)) => return Err(bad(0, Field::Code, c)),
                None => return Err(Error::truncated(Protocol::Telnet, 0, 1, 0)),
            },
            TelnetOption::TerminalType => SubnegotiationRepr::TerminalType(is_send(params)?),
            TelnetOption::XDisplayLocation => {
                SubnegotiationRepr::XDisplayLocation(is_send(params)?)
            }
            TelnetOption::Naws => match *params {
                [w0, w1, h0, h1] => SubnegotiationRepr::Naws {
                    width: u16::from_be_bytes([w0, w1]),
                    height: u16::from_be_bytes([h0, h1]),
                },
                _ if params.len() < 4 => {
                    return Err(Error::truncated(Protocol::Telnet, 0, 4, params.len()));
                }
                _ => return Err(bad_len(4, params.len())),
            },
            TelnetOption::TerminalSpeed => match is_send(params)? {
                IsSend::Send => SubnegotiationRepr::TerminalSpeed(IsSend::Send),
                IsSend::Is(text) => {
                    let comma = text.iter().position(|&b| b == b',').ok_or(Error::new(
                        Protocol::Telnet,
                        params.len(),
                        codec_core::ErrorKind::Missing { field: Field::End },
                    ))?;
                    let (tx, rx) = text.split_at(comma);
                    let rx = rx.get(1..).unwrap_or(&[]);
                    SubnegotiationRepr::TerminalSpeed(IsSend::Is(Speed {
                        transmit: decimal(tx, 1)?,
                        receive: decimal(rx, 2 + comma)?,
                    }))
                }
            },
            TelnetOption::RemoteFlowControl => match *params {
                [c] => SubnegotiationRepr::RemoteFlowControl(Lflow::from(c)),
                [] => return Err(Error::truncated(Protocol::Telnet, 0, 1, 0)),
                _ => return Err(bad_len(1, params.len())),
            },
            TelnetOption::Linemode => SubnegotiationRepr::Linemode(match params {
                [1, m] => Linemode::Mode(LinemodeMode::from_bits_retain(*m)),
                [1] => return Err(Error::truncated(Protocol::Telnet, 1, 1, 0)),
                [1, ..] => return Err(bad_len(2, params.len())),
                [3, list @ ..] => Linemode::Slc(Slc::new(list).map_err(|e| e.shifted(1))?),
                [v, 2, mask @ ..] if Verb::from_byte(*v).is_some() => {
                    let verb = Verb::from_byte(*v).unwrap_or(Verb::Do);
                    if verb != Verb::Do && !mask.is_empty() {
                        return Err(bad_len(2, params.len()));
                    }
                    if mask.len() > 32 {
                        return Err(bad_len(34, params.len()));
                    }
                    Linemode::ForwardMask { verb, mask }
                }
                [v, c, ..] if Verb::from_byte(*v).is_some() => {
                    return Err(bad(1, Field::Code, *c));
                }
                [c, ..] => return Err(bad(0, Field::Code, *c)),
                [] => return Err(Error::truncated(Protocol::Telnet, 0, 1, 0)),
            }),
            TelnetOption::Environ | TelnetOption::NewEnviron => {
                let (&c, list) =
                    params
                        .split_first()
                        .ok_or(Error::truncated(Protocol::Telnet, 0, 1, 0))?;
                if c > 2 {
                    return Err(bad(0, Field::Code, c));
                }
                let env = Environ {
                    command: EnvCommand::from(c),
                    list,
                };
                if option == TelnetOption::Environ {
                    SubnegotiationRepr::Environ(env)
                } else {
                    SubnegotiationRepr::NewEnviron(env)
                }
            }
            TelnetOption::Authentication => {
                let (&c, data) =
                    params
                        .split_first()
                        .ok_or(Error::truncated(Protocol::Telnet, 0, 1, 0))?;
                if c > 3 {
                    return Err(bad(0, Field::Code, c));
                }
                SubnegotiationRepr::Authentication(Authentication {
                    command: AuthCommand::from(c),
                    data,
                })
            }
            TelnetOption::Encryption => {
                let (&c, data) =
                    params
                        .split_first()
                        .ok_or(Error::truncated(Protocol::Telnet, 0, 1, 0))?;
                if c > 8 {
                    return Err(bad(0, Field::Code, c));
                }
                SubnegotiationRepr::Encryption(Encryption {
                    command: EncCommand::from(c),
                    data,
                })
            }
            _ => SubnegotiationRepr::Other { option, params },
        })
    }

    /// The option.
    #[must_use]
    pub fn option(&self) -> TelnetOption {
        match self {
            SubnegotiationRepr::Status(_) => TelnetOption::Status,
            SubnegotiationRepr::TerminalType(_) => TelnetOption::TerminalType,
            SubnegotiationRepr::Naws { .. } => TelnetOption::Naws,
            SubnegotiationRepr::TerminalSpeed(_) => TelnetOption::TerminalSpeed,
            SubnegotiationRepr::RemoteFlowControl(_) => TelnetOption::RemoteFlowControl,
            SubnegotiationRepr::Linemode(_) => TelnetOption::Linemode,
            SubnegotiationRepr::XDisplayLocation(_) => TelnetOption::XDisplayLocation,
            SubnegotiationRepr::Environ(_) => TelnetOption::Environ,
            SubnegotiationRepr::Authentication(_) => TelnetOption::Authentication,
            SubnegotiationRepr::Encryption(_) => TelnetOption::Encryption,
            SubnegotiationRepr::NewEnviron(_) => TelnetOption::NewEnviron,
            SubnegotiationRepr::Other { option, .. } => *option,
        }
    }

    /// Calls `put` with the parameters, in pieces, unescaped.
    fn params(&self, mut put: impl FnMut(&[u8])) {
        let mut number = [0u8; 10];
        let mut decimal = |v: u32, put: &mut dyn FnMut(&[u8])| {
            let mut i = number.len();
            let mut v = v;
            loop {
                i -= 1;
                if let Some(slot) = number.get_mut(i) {
                    *slot = b'0' + (v % 10) as u8;
                }
                v /= 10;
                if v == 0 || i == 0 {
                    break;
                }
            }
            put(number.get(i..).unwrap_or(&[]));
        };
        match *self {
            SubnegotiationRepr::Status(StatusRepr::Is(list)) => {
                put(&[0]);
                put(list);
            }
            SubnegotiationRepr::Status(StatusRepr::Send)
            | SubnegotiationRepr::TerminalType(IsSend::Send)
            | SubnegotiationRepr::XDisplayLocation(IsSend::Send)
            | SubnegotiationRepr::TerminalSpeed(IsSend::Send) => put(&[1]),
            SubnegotiationRepr::TerminalType(IsSend::Is(v))
            | SubnegotiationRepr::XDisplayLocation(IsSend::Is(v)) => {
                put(&[0]);
                put(v);
            }
            SubnegotiationRepr::Naws { width, height } => {
                put(&width.to_be_bytes());
                put(&height.to_be_bytes());
            }
            SubnegotiationRepr::TerminalSpeed(IsSend::Is(s)) => {
                put(&[0]);
                decimal(s.transmit, &mut put);
                put(b",");
                decimal(s.receive, &mut put);
            }
            SubnegotiationRepr::RemoteFlowControl(c) => put(&[c.value()]),
            SubnegotiationRepr::Linemode(Linemode::Mode(m)) => put(&[1, m.bits()]),
            SubnegotiationRepr::Linemode(Linemode::ForwardMask { verb, mask }) => {
                put(&[verb.byte(), 2]);
                put(mask);
            }
            SubnegotiationRepr::Linemode(Linemode::Slc(list)) => {
                put(&[3]);
                put(list.bytes());
            }
            SubnegotiationRepr::Environ(e) | SubnegotiationRepr::NewEnviron(e) => {
                put(&[e.command.value()]);
                put(e.list);
            }
            SubnegotiationRepr::Authentication(a) => {
                put(&[a.command.value()]);
                put(a.data);
            }
            SubnegotiationRepr::Encryption(e) => {
                put(&[e.command.value()]);
                put(e.data);
            }
            SubnegotiationRepr::Other { params, .. } => put(params),
        }
    }

    /// Bytes [`emit`](Self::emit) writes: `IAC SB option`, the parameters with every 255
    /// doubled, `IAC SE`.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let mut n = 5usize;
        self.params(|p| {
            n = n
                .saturating_add(p.len())
                .saturating_add(p.iter().filter(|&&b| b == IAC).count());
        });
        n
    }

    /// Writes `IAC SB <option> <escaped params> IAC SE` and returns its length.
    ///
    /// # Errors
    /// [`BufferTooSmall`](codec_core::ErrorKind::BufferTooSmall) with the size needed.
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        let needed = self.buffer_len();
        codec_core::buf::check_room(Protocol::Telnet, out, needed)?;
        let mut w = codec_core::Writer::new(Protocol::Telnet, out);
        w.put_slice(&[IAC, SB, self.option().value()])?;
        let mut result = Ok(());
        self.params(|p| {
            for run in p.split_inclusive(|&b| b == IAC) {
                if result.is_ok() {
                    result = w.put_slice(run);
                }
                if result.is_ok() && run.last() == Some(&IAC) {
                    result = w.put_u8(IAC);
                }
            }
        });
        result?;
        w.put_slice(&[IAC, SE])?;
        Ok(w.position())
    }
}

struct Text<'a>(&'a [u8]);

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0.escape_ascii())
    }
}

impl fmt::Display for SubnegotiationRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = OptionName(self.option());
        match *self {
            SubnegotiationRepr::Status(StatusRepr::Is(list)) => {
                write!(f, "{name} IS ({} bytes)", list.len())
            }
            SubnegotiationRepr::Status(StatusRepr::Send)
            | SubnegotiationRepr::TerminalType(IsSend::Send)
            | SubnegotiationRepr::XDisplayLocation(IsSend::Send)
            | SubnegotiationRepr::TerminalSpeed(IsSend::Send) => write!(f, "{name} SEND"),
            SubnegotiationRepr::TerminalType(IsSend::Is(v))
            | SubnegotiationRepr::XDisplayLocation(IsSend::Is(v)) => {
                write!(f, "{name} IS {}", Text(v))
            }
            SubnegotiationRepr::Naws { width, height } => write!(f, "{name} {width}x{height}"),
            SubnegotiationRepr::TerminalSpeed(IsSend::Is(s)) => {
                write!(f, "{name} IS {},{}", s.transmit, s.receive)
            }
            SubnegotiationRepr::RemoteFlowControl(c) => write!(f, "{name} {c}"),
            SubnegotiationRepr::Linemode(Linemode::Mode(m)) => {
                write!(f, "{name} MODE {:#04x}", m.bits())
            }
            SubnegotiationRepr::Linemode(Linemode::ForwardMask { verb, mask }) => {
                write!(f, "{name} {verb} FORWARDMASK ({} bytes)", mask.len())
            }
            SubnegotiationRepr::Linemode(Linemode::Slc(list)) => {
                write!(f, "{name} SLC ({} triplets)", list.bytes().len() / 3)
            }
            SubnegotiationRepr::Environ(e) | SubnegotiationRepr::NewEnviron(e) => {
                write!(f, "{name} {} ({} bytes)", e.command, e.list.len())
            }
            SubnegotiationRepr::Authentication(a) => {
                write!(f, "{name} {} ({} bytes)", a.command, a.data.len())
            }
            SubnegotiationRepr::Encryption(e) => {
                write!(f, "{name} {} ({} bytes)", e.command, e.data.len())
            }
            SubnegotiationRepr::Other { params, .. } => {
                write!(f, "{name} ({} bytes)", params.len())
            }
        }
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for SubnegotiationRepr<'a> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        // Parameters that parse, built from arbitrary bytes.
        let option = TelnetOption::from(u8::arbitrary(u)?);
        let params: &'a [u8] = u.arbitrary()?;
        Ok(
            SubnegotiationRepr::parse(option, params).unwrap_or(SubnegotiationRepr::Other {
                option: TelnetOption::Unknown(200),
                params,
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;
    use std::vec::Vec;

    /// Parses, checks, re-emits `IAC SB opt params IAC SE` and compares to `wire`.
    fn round_trip(wire: &[u8]) -> SubnegotiationRepr<'static> {
        // Undo the framing and the escaping by hand.
        assert_eq!(&wire[..2], &[IAC, SB]);
        assert_eq!(&wire[wire.len() - 2..], &[IAC, SE]);
        let mut params = Vec::new();
        let mut i = 3;
        while i < wire.len() - 2 {
            params.push(wire[i]);
            i += if wire[i] == IAC { 2 } else { 1 };
        }
        let params: &'static [u8] = params.leak();
        let repr = SubnegotiationRepr::parse(TelnetOption::from(wire[2]), params).unwrap();
        let mut out = [0u8; 256];
        let n = repr.emit(&mut out).unwrap();
        assert_eq!(&out[..n], wire);
        assert_eq!(repr.buffer_len(), wire.len());
        for short in [0, n - 1] {
            assert!(repr.emit(&mut out[..short]).is_err());
        }
        repr
    }

    #[test]
    fn capture_subnegotiations() {
        // ndpi_telnet.pcap, frames 10, 17, 22 and 25 (see the notes §3.4).
        assert_eq!(
            round_trip(&[0xff, 0xfa, 0x1f, 0x00, 0x50, 0x00, 0x20, 0xff, 0xf0]),
            SubnegotiationRepr::Naws {
                width: 80,
                height: 32
            }
        );
        let slc = [
            0xff, 0xfa, 0x22, 0x03, 0x01, 0x00, 0x00, 0x03, 0x62, 0x03, 0x04, 0x02, 0x0f, 0x05,
            0x00, 0x00, 0x07, 0x62, 0x1c, 0x08, 0x02, 0x04, 0x09, 0x42, 0x1a, 0x0a, 0x02, 0x7f,
            0x0b, 0x02, 0x15, 0x0f, 0x02, 0x11, 0x10, 0x02, 0x13, 0x11, 0x00, 0x00, 0x12, 0x00,
            0x00, 0xff, 0xf0,
        ];
        let SubnegotiationRepr::Linemode(Linemode::Slc(list)) = round_trip(&slc) else {
            panic!("not SLC")
        };
        let t: Vec<SlcTriplet> = list.triplets().collect();
        assert_eq!(t.len(), 13);
        assert_eq!(
            t[1],
            SlcTriplet {
                function: SlcFunction::Ip,
                modifier: 0x62,
                value: 0x03
            }
        );
        assert_eq!(t[1].level(), SlcLevel::Value);
        assert_eq!(t[1].flags(), SlcFlags::FLUSHIN | SlcFlags::FLUSHOUT);
        assert_eq!(t[12].function, SlcFunction::Forw2);
        let SubnegotiationRepr::Linemode(Linemode::Slc(list)) = round_trip(&[
            0xff, 0xfa, 0x22, 0x03, 0x05, 0x80, 0x00, 0x11, 0x80, 0x00, 0x12, 0x80, 0x00, 0xff,
            0xf0,
        ]) else {
            panic!()
        };
        assert!(list.triplets().all(|t| t.flags() == SlcFlags::ACK));
        assert_eq!(
            round_trip(&[0xff, 0xfa, 0x22, 0x01, 0x0b, 0xff, 0xf0]),
            SubnegotiationRepr::Linemode(Linemode::Mode(
                LinemodeMode::EDIT | LinemodeMode::TRAPSIG | LinemodeMode::SOFT_TAB
            ))
        );
        assert_eq!(
            round_trip(&[0xff, 0xfa, 0x21, 0x02, 0xff, 0xf0]),
            SubnegotiationRepr::RemoteFlowControl(Lflow::RestartAny)
        );
        assert_eq!(
            round_trip(b"\xff\xfa\x20\x009600,9600\xff\xf0"),
            SubnegotiationRepr::TerminalSpeed(IsSend::Is(Speed {
                transmit: 9600,
                receive: 9600
            }))
        );
        assert_eq!(
            round_trip(b"\xff\xfa\x23\x00bam.zing.org:0.0\xff\xf0"),
            SubnegotiationRepr::XDisplayLocation(IsSend::Is(b"bam.zing.org:0.0"))
        );
        assert_eq!(
            round_trip(&[0xff, 0xfa, 0x18, 0x01, 0xff, 0xf0]),
            SubnegotiationRepr::TerminalType(IsSend::Send)
        );
        let env = round_trip(b"\xff\xfa\x27\x00\x00DISPLAY\x01bam.zing.org:0.0\xff\xf0");
        let SubnegotiationRepr::NewEnviron(e) = env else {
            panic!()
        };
        assert_eq!(e.command, EnvCommand::Is);
        let entries: Vec<EnvEntry<'_>> = e.entries(EnvCodes::RFC1572).map(|x| x.unwrap()).collect();
        assert_eq!(
            entries,
            [EnvEntry {
                kind: EnvVarKind::Var,
                name: b"DISPLAY",
                value: Some(b"bam.zing.org:0.0")
            }]
        );
        assert_eq!(env.to_string(), "NEW-ENVIRON IS (25 bytes)");
    }

    #[test]
    fn inetutils_subnegotiations() {
        // telnet_inetutils.pcap frame 9: NEW-ENVIRON IS VAR USER VALUE gencaps VAR DISPLAY
        // VALUE gencaps-display:0; frame 6: ENCRYPT SUPPORT; pcapplusplus frame 4: AUTH
        // REPLY NTLM.
        let env = round_trip(
            b"\xff\xfa\x27\x00\x00USER\x01gencaps\x00DISPLAY\x01gencaps-display:0\xff\xf0",
        );
        let SubnegotiationRepr::NewEnviron(e) = env else {
            panic!()
        };
        let names: Vec<(&[u8], Option<&[u8]>)> = e
            .entries(EnvCodes::RFC1572)
            .map(|x| x.map(|x| (x.name, x.value)).unwrap())
            .collect();
        assert_eq!(
            names,
            [
                (&b"USER"[..], Some(&b"gencaps"[..])),
                (&b"DISPLAY"[..], Some(&b"gencaps-display:0"[..]))
            ]
        );
        // Read with the BSD codes, the same bytes start with VALUE: an error.
        assert!(e.entries(EnvCodes::BSD_ENVIRON).next().unwrap().is_err());
        assert_eq!(
            round_trip(&[0xff, 0xfa, 0x26, 0x01, 0xff, 0xf0]),
            SubnegotiationRepr::Encryption(Encryption {
                command: EncCommand::Support,
                data: &[]
            })
        );
        let auth = round_trip(&[0xff, 0xfa, 0x25, 0x02, 0x0f, 0x00, 0x04, 0xff, 0xf0]);
        let SubnegotiationRepr::Authentication(a) = auth else {
            panic!()
        };
        assert_eq!(a.command, AuthCommand::Reply);
        assert_eq!(a.typed(), Some((15, 0, &[4u8][..])));
        assert_eq!(a.pairs().count(), 0);
        let a = Authentication {
            command: AuthCommand::Send,
            data: &[2, 0, 15, 2],
        };
        assert_eq!(a.pairs().collect::<Vec<_>>(), [(2, 0), (15, 2)]);
    }

    #[test]
    fn escaping_and_forward_mask() {
        // NAWS 255x255 must go out as 255 255 (RFC 1073).
        let repr = SubnegotiationRepr::Naws {
            width: 0x00ff,
            height: 0xff00,
        };
        let mut out = [0u8; 16];
        let n = repr.emit(&mut out).unwrap();
        assert_eq!(
            &out[..n],
            &[
                0xff, 0xfa, 0x1f, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00, 0xff, 0xf0
            ]
        );
        assert_eq!(
            round_trip(&[0xff, 0xfa, 0x22, 0xfd, 0x02, 0xff, 0xff, 0x01, 0xff, 0xf0]),
            SubnegotiationRepr::Linemode(Linemode::ForwardMask {
                verb: Verb::Do,
                mask: &[0xff, 0x01]
            })
        );
        assert_eq!(
            round_trip(&[0xff, 0xfa, 0x22, 0xfc, 0x02, 0xff, 0xf0]),
            SubnegotiationRepr::Linemode(Linemode::ForwardMask {
                verb: Verb::Wont,
                mask: &[]
            })
        );
    }

    #[test]
    fn rejected_parameters() {
        use codec_core::ErrorKind;
        let err = |o: u8, p: &[u8]| {
            let e = SubnegotiationRepr::parse(TelnetOption::from(o), p).unwrap_err();
            (e.offset(), e.kind())
        };
        assert_eq!(
            err(31, &[0, 80, 0]),
            (
                0,
                ErrorKind::Truncated {
                    needed: 4,
                    available: 3
                }
            )
        );
        assert_eq!(
            err(31, &[0, 80, 0, 24, 0]).1,
            ErrorKind::BadLength {
                field: Field::Length,
                value: 5
            }
        );
        assert_eq!(
            err(24, &[2, b'x']),
            (
                0,
                ErrorKind::BadValue {
                    field: Field::Code,
                    value: 2
                }
            )
        );
        assert_eq!(err(34, &[3, 1, 2, 3, 4]).0, 4);
        assert_eq!(err(34, &[0xfd, 7]).0, 1);
        assert_eq!(
            err(32, b"\x009600"),
            (5, ErrorKind::Missing { field: Field::End })
        );
        assert_eq!(err(32, b"\x0009600,1").0, 1);
        assert_eq!(err(32, b"\x009600,96x0").0, 8);
        assert!(SubnegotiationRepr::parse(TelnetOption::TerminalSpeed, b"\x009600").is_err());
        assert!(SubnegotiationRepr::parse(TelnetOption::Environ, &[3]).is_err());
        assert!(SubnegotiationRepr::parse(TelnetOption::Status, &[]).is_err());
        // Other options are kept whole.
        assert_eq!(
            SubnegotiationRepr::parse(TelnetOption::Charset, &[1, 2]),
            Ok(SubnegotiationRepr::Other {
                option: TelnetOption::Charset,
                params: &[1, 2]
            })
        );
        // An entry list that does not begin with VAR, and a dangling ESC.
        let e = Environ {
            command: EnvCommand::Send,
            list: &[0, b'A', 2],
        };
        let got: Vec<_> = e.entries(EnvCodes::RFC1572).collect();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].unwrap_err().offset(), 2);
        let e = Environ {
            command: EnvCommand::Send,
            list: &[0, b'A', 2, 0, b'B', 3, b'U', 1],
        };
        let got: Vec<_> = e.entries(EnvCodes::RFC1572).map(|x| x.unwrap()).collect();
        assert_eq!(got[0].name, &[b'A', 2, 0, b'B']);
        assert_eq!(
            (got[1].kind, got[1].name, got[1].value),
            (EnvVarKind::UserVar, &b"U"[..], Some(&b""[..]))
        );
    }
}

//! Telnet (RFC 854, RFC 855): a push [`Decoder`] that turns the bytes of a connection into
//! data runs and commands, an [`encoder`] that escapes data and writes commands,
//! negotiations and subnegotiations, typed subnegotiation payloads for the common options
//! ([`SubnegotiationRepr`]), and the RFC 1143 Q-method option state machine ([`qmethod`]).
//!
//! On the wire every command starts with IAC (255):
//!
//! ```text
//! IAC IAC                    a data byte 255
//! IAC <cmd>                  a two-byte command: NOP, DM, BRK, IP, AO, AYT, EC, EL, GA, EOR...
//! IAC WILL|WONT|DO|DONT opt  an option negotiation (RFC 855)
//! IAC SB opt <params> IAC SE a subnegotiation; 255 inside <params> is doubled
//! ```
//!
//! Only WILL, WONT, DO and DONT take an option byte: every other command is two bytes
//! (libtelnet-rs 2.0 eats the byte after `IAC AYT`; this decoder does not). The decoder
//! keeps its state between chunks, so a command cut anywhere by a TCP segment boundary is
//! decoded the same (`../shared/notes/oscar-ppp-telnet-ftp.md` §3.3 lists the four ways
//! libtelnet-rs gets this wrong).
//!
//! ```
//! use codec_app::telnet::{Decoder, Event, Negotiation, TelnetOption, Verb};
//! // Frame 10 of ndpi_telnet.pcap: NAWS 80x32, then DO SGA, cut in two TCP reads.
//! let wire = [0xff, 0xfa, 0x1f, 0x00, 0x50, 0x00, 0x20, 0xff, 0xf0, 0xff, 0xfd, 0x03, b'o', b'k'];
//! let mut decoder: Decoder = Decoder::default();
//! let mut seen = Vec::new();
//! for chunk in [&wire[..4], &wire[4..]] {
//!     decoder.push(chunk, |event| seen.push(event.to_string()));
//! }
//! assert_eq!(seen, ["IAC SB NAWS 80x32 IAC SE", "IAC DO Suppress Go Ahead", "data \"ok\""]);
//!
//! // The same events through the typed API.
//! let mut decoder: Decoder = Decoder::default();
//! let mut input = &wire[..];
//! let Some(Event::Subnegotiation(sb)) = decoder.decode(&mut input) else { panic!() };
//! assert_eq!(sb.option, TelnetOption::Naws);
//! assert_eq!(sb.params, &[0x00, 0x50, 0x00, 0x20]);
//! assert_eq!(
//!     decoder.decode(&mut input),
//!     Some(Event::Negotiation(Negotiation::new(Verb::Do, TelnetOption::SuppressGoAhead)))
//! );
//! ```

use core::fmt;

mod decoder;
pub mod encoder;
mod options;
pub mod qmethod;

pub use decoder::{DEFAULT_SB_CAPACITY, Decoder, Event, Subnegotiation};
pub use options::{
    AuthCommand, Authentication, EncCommand, Encryption, EnvCodes, EnvCommand, EnvEntries,
    EnvEntry, EnvVarKind, Environ, IsSend, Lflow, Linemode, LinemodeMode, Slc, SlcFlags,
    SlcFunction, SlcLevel, SlcTriplet, SlcTriplets, Speed, StatusRepr, SubnegotiationRepr,
};

/// Interpret As Command: the byte that starts every command (RFC 854).
pub const IAC: u8 = 255;
/// Subnegotiation Begin.
pub const SB: u8 = 250;
/// Subnegotiation End.
pub const SE: u8 = 240;
/// WILL.
pub const WILL: u8 = 251;
/// WON'T.
pub const WONT: u8 = 252;
/// DO.
pub const DO: u8 = 253;
/// DON'T.
pub const DONT: u8 = 254;

codec_core::registry! {
    /// Telnet command codes, the byte after IAC (RFC 854 p. 14, RFC 885 EOR, RFC 1184
    /// ABORT/SUSP/xEOF).
    pub enum Command: u8 {
        /// End of file (RFC 1184 LINEMODE).
        Eof = 236 => "xEOF",
        /// Suspend the current process (RFC 1184).
        Susp = 237 => "SUSP",
        /// Abort the process (RFC 1184).
        Abort = 238 => "ABORT",
        /// End of record (RFC 885).
        Eor = 239 => "EOR",
        /// End of subnegotiation parameters.
        Se = 240 => "SE",
        /// No operation.
        Nop = 241 => "NOP",
        /// Data Mark: the data stream part of a Synch (always with TCP urgent).
        DataMark = 242 => "DM",
        /// NVT character BRK.
        Break = 243 => "BRK",
        /// Interrupt Process.
        InterruptProcess = 244 => "IP",
        /// Abort Output.
        AbortOutput = 245 => "AO",
        /// Are You There.
        AreYouThere = 246 => "AYT",
        /// Erase Character.
        EraseCharacter = 247 => "EC",
        /// Erase Line.
        EraseLine = 248 => "EL",
        /// Go Ahead.
        GoAhead = 249 => "GA",
        /// Subnegotiation Begin.
        Sb = 250 => "SB",
        /// WILL: the sender wants to (or does) perform the option.
        Will = 251 => "WILL",
        /// WON'T: the sender refuses to (or stops) performing the option.
        Wont = 252 => "WONT",
        /// DO: the sender asks the receiver to perform the option.
        Do = 253 => "DO",
        /// DON'T: the sender asks the receiver to stop performing the option.
        Dont = 254 => "DONT",
        /// IAC itself (IAC IAC is the data byte 255).
        Iac = 255 => "IAC",
    }
}

codec_core::registry! {
    /// Telnet option codes (IANA "Telnet Options").
    pub enum TelnetOption: u8 {
        /// Binary Transmission (RFC 856).
        Binary = 0 => "Binary Transmission",
        /// Echo (RFC 857).
        Echo = 1 => "Echo",
        /// Reconnection.
        Reconnection = 2 => "Reconnection",
        /// Suppress Go Ahead (RFC 858).
        SuppressGoAhead = 3 => "Suppress Go Ahead",
        /// Approx Message Size Negotiation.
        ApproxMessageSize = 4 => "Approx Message Size Negotiation",
        /// Status (RFC 859).
        Status = 5 => "Status",
        /// Timing Mark (RFC 860).
        TimingMark = 6 => "Timing Mark",
        /// Remote Controlled Trans and Echo (RFC 726).
        Rcte = 7 => "Remote Controlled Trans and Echo",
        /// Output Line Width.
        OutputLineWidth = 8 => "Output Line Width",
        /// Output Page Size.
        OutputPageSize = 9 => "Output Page Size",
        /// Extended ASCII (RFC 698).
        ExtendedAscii = 17 => "Extended ASCII",
        /// Logout (RFC 727).
        Logout = 18 => "Logout",
        /// Byte Macro (RFC 735).
        ByteMacro = 19 => "Byte Macro",
        /// Data Entry Terminal (RFC 1043).
        DataEntryTerminal = 20 => "Data Entry Terminal",
        /// SUPDUP (RFC 736).
        Supdup = 21 => "SUPDUP",
        /// SUPDUP Output (RFC 749).
        SupdupOutput = 22 => "SUPDUP Output",
        /// Send Location (RFC 779).
        SendLocation = 23 => "Send Location",
        /// Terminal Type (RFC 1091).
        TerminalType = 24 => "Terminal Type",
        /// End of Record (RFC 885).
        EndOfRecord = 25 => "End of Record",
        /// TACACS User Identification (RFC 927).
        TacacsUserId = 26 => "TACACS User Identification",
        /// Output Marking (RFC 933).
        OutputMarking = 27 => "Output Marking",
        /// Terminal Location Number (RFC 946).
        TerminalLocationNumber = 28 => "Terminal Location Number",
        /// Telnet 3270 Regime (RFC 1041).
        Tn3270Regime = 29 => "Telnet 3270 Regime",
        /// X.3 PAD (RFC 1053).
        X3Pad = 30 => "X.3 PAD",
        /// Negotiate About Window Size (RFC 1073).
        Naws = 31 => "Negotiate About Window Size",
        /// Terminal Speed (RFC 1079).
        TerminalSpeed = 32 => "Terminal Speed",
        /// Remote Flow Control (RFC 1372).
        RemoteFlowControl = 33 => "Remote Flow Control",
        /// Linemode (RFC 1184).
        Linemode = 34 => "Linemode",
        /// X Display Location (RFC 1096).
        XDisplayLocation = 35 => "X Display Location",
        /// Environment Option (RFC 1408, the old ENVIRON).
        Environ = 36 => "Environment Option",
        /// Authentication Option (RFC 2941).
        Authentication = 37 => "Authentication Option",
        /// Encryption Option (RFC 2946).
        Encryption = 38 => "Encryption Option",
        /// New Environment Option (RFC 1572).
        NewEnviron = 39 => "New Environment Option",
        /// TN3270E (RFC 2355).
        Tn3270e = 40 => "TN3270E",
        /// XAUTH.
        Xauth = 41 => "XAUTH",
        /// CHARSET (RFC 2066).
        Charset = 42 => "CHARSET",
        /// Remote Serial Port.
        RemoteSerialPort = 43 => "Remote Serial Port",
        /// COM Port Control (RFC 2217).
        ComPortControl = 44 => "COM Port Control",
        /// Suppress Local Echo.
        SuppressLocalEcho = 45 => "Suppress Local Echo",
        /// Start TLS.
        StartTls = 46 => "Start TLS",
        /// KERMIT (RFC 2840).
        Kermit = 47 => "KERMIT",
        /// SEND-URL.
        SendUrl = 48 => "SEND-URL",
        /// FORWARD_X.
        ForwardX = 49 => "FORWARD_X",
        /// Extended-Options-List (RFC 861).
        ExtendedOptionsList = 255 => "Extended-Options-List",
    }
}

impl TelnetOption {
    /// A short name for summaries: the RFC mnemonic where one is in common use
    /// (`NAWS`, `TTYPE`, `LINEMODE`...), else the registry name.
    #[must_use]
    pub fn mnemonic(self) -> Option<&'static str> {
        Some(match self {
            TelnetOption::Binary => "BINARY",
            TelnetOption::Echo => "ECHO",
            TelnetOption::SuppressGoAhead => "SGA",
            TelnetOption::Status => "STATUS",
            TelnetOption::TimingMark => "TIMING-MARK",
            TelnetOption::TerminalType => "TTYPE",
            TelnetOption::EndOfRecord => "EOR",
            TelnetOption::Naws => "NAWS",
            TelnetOption::TerminalSpeed => "TSPEED",
            TelnetOption::RemoteFlowControl => "LFLOW",
            TelnetOption::Linemode => "LINEMODE",
            TelnetOption::XDisplayLocation => "XDISPLOC",
            TelnetOption::Environ => "ENVIRON",
            TelnetOption::Authentication => "AUTHENTICATION",
            TelnetOption::Encryption => "ENCRYPT",
            TelnetOption::NewEnviron => "NEW-ENVIRON",
            _ => return None,
        })
    }
}

/// The four negotiation verbs (RFC 855).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Verb {
    /// WILL (251).
    Will,
    /// WON'T (252).
    Wont,
    /// DO (253).
    Do,
    /// DON'T (254).
    Dont,
}

impl Verb {
    /// The verb of a command byte, if it is one of WILL, WONT, DO, DONT.
    #[must_use]
    pub const fn from_byte(b: u8) -> Option<Verb> {
        match b {
            WILL => Some(Verb::Will),
            WONT => Some(Verb::Wont),
            DO => Some(Verb::Do),
            DONT => Some(Verb::Dont),
            _ => None,
        }
    }

    /// The command byte.
    #[must_use]
    pub const fn byte(self) -> u8 {
        match self {
            Verb::Will => WILL,
            Verb::Wont => WONT,
            Verb::Do => DO,
            Verb::Dont => DONT,
        }
    }

    /// The command name as RFC 854 spells it (`WILL`, `WONT`, `DO`, `DONT`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Verb::Will => "WILL",
            Verb::Wont => "WONT",
            Verb::Do => "DO",
            Verb::Dont => "DONT",
        }
    }
}

impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An option negotiation `IAC <verb> <option>` (RFC 855): three bytes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Negotiation {
    /// WILL, WONT, DO or DONT.
    pub verb: Verb,
    /// The option negotiated.
    pub option: TelnetOption,
}

impl Negotiation {
    /// Bytes on the wire.
    pub const LEN: usize = 3;

    /// A negotiation.
    #[must_use]
    pub const fn new(verb: Verb, option: TelnetOption) -> Self {
        Negotiation { verb, option }
    }

    /// Parses the three bytes `IAC <verb> <option>`.
    ///
    /// # Errors
    /// Truncated when fewer than 3 bytes; a bad [`Field::Magic`](codec_core::Field) when the
    /// first is not IAC, a bad [`Field::Code`](codec_core::Field) at byte 1 when the second
    /// is not a verb; a bad [`Field::Length`](codec_core::Field) when more bytes follow.
    pub fn parse(bytes: &[u8]) -> codec_core::Result<Self> {
        use codec_core::{Error, Field, Protocol};
        let [iac, verb, option] = *bytes else {
            return Err(if bytes.len() < 3 {
                Error::truncated(Protocol::Telnet, 0, 3, bytes.len())
            } else {
                Error::bad_length(Protocol::Telnet, 3, Field::Length, bytes.len() as u32)
            });
        };
        if iac != IAC {
            return Err(Error::bad_value(
                Protocol::Telnet,
                0,
                Field::Magic,
                u32::from(iac),
            ));
        }
        let verb = Verb::from_byte(verb)
            .ok_or_else(|| Error::bad_value(Protocol::Telnet, 1, Field::Code, u32::from(verb)))?;
        Ok(Negotiation::new(verb, TelnetOption::from(option)))
    }

    /// The three bytes.
    #[must_use]
    pub const fn bytes(self) -> [u8; 3] {
        [IAC, self.verb.byte(), self.option.value()]
    }

    /// Bytes [`emit`](Self::emit) writes: 3.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        Self::LEN
    }

    /// Writes `IAC <verb> <option>` and returns 3.
    ///
    /// # Errors
    /// [`BufferTooSmall`](codec_core::ErrorKind::BufferTooSmall) under 3 bytes.
    pub fn emit(&self, out: &mut [u8]) -> codec_core::Result<usize> {
        let mut w = codec_core::Writer::new(codec_core::Protocol::Telnet, out);
        w.put_slice(&self.bytes())?;
        Ok(Self::LEN)
    }
}

/// Writes an option's mnemonic, or its registry name, or its number.
pub(crate) struct OptionName(pub(crate) TelnetOption);

impl fmt::Display for OptionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.mnemonic() {
            Some(m) => f.write_str(m),
            None => match self.0.name() {
                Some(n) => f.write_str(n),
                None => write!(f, "option {}", self.0.value()),
            },
        }
    }
}

impl fmt::Display for Negotiation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.option.name() {
            Some(n) => write!(f, "IAC {} {n}", self.verb),
            None => write!(f, "IAC {} option {}", self.verb, self.option.value()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::{ErrorKind, Field};
    use std::string::ToString;

    #[test]
    fn negotiation_parse_and_emit() {
        // ndpi_telnet.pcap frame 4 starts with IAC DO SGA (fffd03).
        let n = Negotiation::parse(&[0xff, 0xfd, 0x03]).unwrap();
        assert_eq!(n, Negotiation::new(Verb::Do, TelnetOption::SuppressGoAhead));
        let mut out = [0u8; 3];
        assert_eq!(n.emit(&mut out), Ok(3));
        assert_eq!(out, [0xff, 0xfd, 0x03]);
        assert_eq!(n.to_string(), "IAC DO Suppress Go Ahead");
        assert_eq!(
            Negotiation::new(Verb::Will, TelnetOption::from(200)).to_string(),
            "IAC WILL option 200"
        );
        let e = Negotiation::parse(&[0xff, 0xf1, 0x03]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                1,
                ErrorKind::BadValue {
                    field: Field::Code,
                    value: 0xf1
                }
            )
        );
        let e = Negotiation::parse(&[0xfe, 0xfd, 0x03]).unwrap_err();
        assert_eq!(e.offset(), 0);
        assert!(Negotiation::parse(&[0xff, 0xfd]).is_err());
        assert!(Negotiation::parse(&[0xff, 0xfd, 1, 2]).is_err());
        assert!(n.emit(&mut [0u8; 2]).is_err());
    }

    #[test]
    fn registries_keep_every_value() {
        for b in 0..=255u8 {
            assert_eq!(Command::from(b).value(), b);
            assert_eq!(TelnetOption::from(b).value(), b);
        }
        assert_eq!(Command::from(246), Command::AreYouThere);
        assert_eq!(Command::AreYouThere.to_string(), "AYT");
        assert_eq!(TelnetOption::from(39), TelnetOption::NewEnviron);
        assert_eq!(TelnetOption::NewEnviron.mnemonic(), Some("NEW-ENVIRON"));
        for v in [Verb::Will, Verb::Wont, Verb::Do, Verb::Dont] {
            assert_eq!(Verb::from_byte(v.byte()), Some(v));
        }
        assert_eq!(Verb::from_byte(SB), None);
    }
}

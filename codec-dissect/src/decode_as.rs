//! `--decode-as` rules in tshark's syntax: `tcp.port==443,aim`.

use std::fmt;
use std::str::FromStr;

/// A rule mapping a transport port to a protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeAs {
    /// `tcp` or `udp`.
    pub transport: Transport,
    /// The port (matched as source or destination).
    pub port: u16,
    /// The protocol to decode as (`aim`, `ftp`, `telnet`, `dns`, `http`...).
    pub protocol: String,
}

/// The transport a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
}

/// Why a rule did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRule(String);

impl fmt::Display for BadRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bad --decode-as rule {:?}: expected tcp.port==PORT,PROTOCOL or udp.port==PORT,PROTOCOL",
            self.0
        )
    }
}

impl std::error::Error for BadRule {}

impl FromStr for DecodeAs {
    type Err = BadRule;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadRule(s.to_string());
        let (selector, protocol) = s.split_once(',').ok_or_else(bad)?;
        let (field, port) = selector.split_once("==").ok_or_else(bad)?;
        let transport = match field.trim() {
            "tcp.port" => Transport::Tcp,
            "udp.port" => Transport::Udp,
            _ => return Err(bad()),
        };
        let port = port.trim().parse().map_err(|_| bad())?;
        let protocol = protocol.trim().to_ascii_lowercase();
        if protocol.is_empty() {
            return Err(bad());
        }
        Ok(DecodeAs {
            transport,
            port,
            protocol,
        })
    }
}

/// The protocol the rules assign to a segment between `src` and `dst` ports, if any.
#[must_use]
pub fn lookup(rules: &[DecodeAs], transport: Transport, src: u16, dst: u16) -> Option<&str> {
    rules
        .iter()
        .find(|r| r.transport == transport && (r.port == src || r.port == dst))
        .map(|r| r.protocol.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tshark_syntax() {
        let r: DecodeAs = "tcp.port==443,aim".parse().unwrap();
        assert_eq!(
            r,
            DecodeAs {
                transport: Transport::Tcp,
                port: 443,
                protocol: "aim".into()
            }
        );
        assert_eq!(lookup(&[r], Transport::Tcp, 51000, 443), Some("aim"));
        assert!("tcp.port=443,aim".parse::<DecodeAs>().is_err());
        assert!("ip.addr==1,aim".parse::<DecodeAs>().is_err());
        assert!("udp.port==70000,dns".parse::<DecodeAs>().is_err());
    }
}

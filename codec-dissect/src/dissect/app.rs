//! Application payloads of TCP segments and UDP datagrams, dispatched by port.
//!
//! `--decode-as` rules win; otherwise the well-known ports Wireshark uses pick the protocol
//! (each packet on its own, as the references: no reassembly). A payload no protocol claims
//! is shown as `data`. Each protocol's layer lives in its own module.

use super::{Walk, aim, dhcp, dns, ftp, http, msnp, telnet};
use crate::decode_as::{DecodeAs, Transport, lookup};

/// The application protocols this dissector knows, by the names `--decode-as` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum App {
    /// DNS (`dns`).
    Dns,
    /// DHCP / BOOTP (`dhcp`).
    Dhcp,
    /// FTP control connection (`ftp`).
    Ftp,
    /// Telnet (`telnet`).
    Telnet,
    /// AOL OSCAR (`aim`).
    Aim,
    /// HTTP/1.x (`http`).
    Http,
    /// MSN messenger (`msnms`).
    Msnp,
}

impl App {
    /// The protocol a `--decode-as` rule names.
    pub(crate) fn from_name(name: &str) -> Option<App> {
        Some(match name {
            "dns" => App::Dns,
            "dhcp" | "bootp" => App::Dhcp,
            "ftp" => App::Ftp,
            "telnet" => App::Telnet,
            "aim" | "oscar" => App::Aim,
            "http" => App::Http,
            "msnms" | "msnp" => App::Msnp,
            _ => return None,
        })
    }

    fn tcp_port(port: u16) -> Option<App> {
        Some(match port {
            53 => App::Dns,
            21 => App::Ftp,
            23 => App::Telnet,
            5190 => App::Aim,
            80 | 8000 | 8080 => App::Http,
            1863 => App::Msnp,
            _ => return None,
        })
    }

    fn udp_port(port: u16) -> Option<App> {
        Some(match port {
            53 => App::Dns,
            67 | 68 => App::Dhcp,
            _ => return None,
        })
    }
}

/// Which transport carried an application payload, with its ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ports {
    /// TCP or UDP.
    pub(crate) transport: Transport,
    /// Source port.
    pub(crate) src: u16,
    /// Destination port.
    pub(crate) dst: u16,
}

/// The protocol for a payload between `ports`: a `--decode-as` rule, else the lower
/// well-known port, else the other one.
pub(crate) fn classify(walk: &Walk<'_>, ports: Ports) -> Option<App> {
    app_for(&walk.options.decode_as, ports)
}

/// [`classify`] with the rules given directly.
pub(crate) fn app_for(rules: &[DecodeAs], ports: Ports) -> Option<App> {
    if let Some(name) = lookup(rules, ports.transport, ports.src, ports.dst) {
        return App::from_name(name);
    }
    let by_port = match ports.transport {
        Transport::Tcp => App::tcp_port,
        Transport::Udp => App::udp_port,
    };
    let (low, high) = if ports.src <= ports.dst {
        (ports.src, ports.dst)
    } else {
        (ports.dst, ports.src)
    };
    by_port(low).or_else(|| by_port(high))
}

/// Dissects the payload of a TCP segment or UDP datagram at `pos`.
pub(crate) fn payload(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, ports: Ports) {
    if bytes.is_empty() {
        return;
    }
    match classify(walk, ports) {
        Some(App::Dns) => dns::dns(walk, bytes, pos, ports),
        Some(App::Dhcp) => dhcp::dhcp(walk, bytes, pos, ports),
        Some(App::Ftp) => ftp::ftp(walk, bytes, pos, ports),
        Some(App::Telnet) => telnet::telnet(walk, bytes, pos, ports),
        Some(App::Aim) => aim::aim(walk, bytes, pos, ports),
        Some(App::Http) => http::http(walk, bytes, pos, ports),
        Some(App::Msnp) => msnp::msnp(walk, bytes, pos, ports),
        None => walk.data(pos, bytes),
    }
}

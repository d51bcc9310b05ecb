//! `dissect --reassemble`: TCP sessions printed as their application messages, in order.
//!
//! Every dissected packet's TCP segment goes through the [`Reassembler`]; each direction of
//! each connection becomes a byte stream that the application's stream decoder (chosen by
//! port and `--decode-as`, as for packets) cuts into messages. Gaps and dropped
//! retransmissions are reported in the flow of messages.

use crate::decode_as::{DecodeAs, Transport};
use crate::dissect::Packet;
use crate::dissect::app::{App, Ports, app_for};
use crate::reassembly::{ConnectionId, Direction, Reassembler, StreamEvent, segment_of};
use codec_aim::flap;
use codec_app::{dns, ftp, msnp, telnet};
use std::collections::HashMap;
use std::io::{self, Write};

/// Characters of a message line shown before the rest is cut (an AXFR answer summarises to
/// kilobytes).
const MAX_LINE: usize = 400;

/// Out-of-order bytes kept per direction before a hole is declared.
pub const MAX_PENDING: usize = 4 << 20;

/// The stream decoder of one direction of one connection.
enum Decoder {
    /// FTP commands or replies (multi-line replies whole).
    Ftp(ftp::Decoder<Vec<u8>>),
    /// Telnet: data runs gathered into lines, commands and negotiations one by one.
    Telnet {
        decoder: telnet::Decoder<Vec<u8>>,
        text: Vec<u8>,
    },
    /// MSN messenger commands with their payloads.
    Msnp(msnp::Decoder<Vec<u8>>),
    /// DNS over TCP: messages behind their 2-byte length (RFC 1035 §4.2.2).
    Dns(dns::tcp::Deframer<Vec<u8>>),
    /// AOL OSCAR: FLAP frames, whole across segments.
    Flap(flap::Deframer<Vec<u8>>),
    /// Text lines ending in LF (CR LF), printed one by one; an unfinished line waits.
    Lines { pending: Vec<u8> },
    /// Bytes nobody decodes: counted.
    Raw,
}

impl std::fmt::Debug for Decoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Decoder::Ftp(_) => "Ftp",
            Decoder::Telnet { .. } => "Telnet",
            Decoder::Msnp(_) => "Msnp",
            Decoder::Dns(_) => "Dns",
            Decoder::Flap(_) => "Flap",
            Decoder::Lines { .. } => "Lines",
            Decoder::Raw => "Raw",
        })
    }
}

/// Largest FTP reply, telnet subnegotiation, MSNP command or DNS message kept (FLAP frames:
/// their own maximum).
const STREAM_BUFFER: usize = 64 * 1024;

/// Telnet data shown as text: printable ASCII as is, the rest escaped.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).escape_debug().to_string()
}

/// A FLAP frame with the SNAC it carries on channel 2.
fn flap_line(event: &flap::Event<'_>) -> String {
    if let flap::Event::Frame(f) = event
        && f.channel == flap::FlapChannel::Data
    {
        let snac = codec_aim::snac::SnacPacket::parse(f.payload)
            .and_then(|p| codec_aim::snac::SnacRepr::parse(&p).map(|r| r.to_string()));
        return match snac {
            Ok(s) => format!("{f}: {s}"),
            Err(e) => format!("{f}: {e}"),
        };
    }
    event.to_string()
}

impl Decoder {
    fn for_app(app: Option<App>, direction: Direction) -> Decoder {
        let buf = || vec![0u8; STREAM_BUFFER];
        match app {
            Some(App::Ftp) => Decoder::Ftp(ftp::Decoder::new(
                match direction {
                    Direction::ClientToServer => ftp::Direction::Commands,
                    Direction::ServerToClient => ftp::Direction::Replies,
                },
                buf(),
            )),
            Some(App::Telnet) => Decoder::Telnet {
                decoder: telnet::Decoder::new(buf()),
                text: Vec::new(),
            },
            Some(App::Msnp) => Decoder::Msnp(msnp::Decoder::new(buf())),
            Some(App::Dns) => Decoder::Dns(dns::tcp::Deframer::new(buf())),
            Some(App::Aim) => Decoder::Flap(flap::Deframer::new(vec![0u8; flap::MAX_FRAME_LEN])),
            Some(App::Http) => Decoder::Lines {
                pending: Vec::new(),
            },
            _ => Decoder::Raw,
        }
    }

    /// The messages `bytes` completes.
    fn feed(&mut self, bytes: &[u8], out: &mut Vec<String>) {
        match self {
            Decoder::Ftp(d) => d.push(bytes, |e| out.push(e.to_string())),
            Decoder::Msnp(d) => d.push(bytes, |e| out.push(e.to_string())),
            Decoder::Flap(d) => d.push(bytes, |e| out.push(flap_line(&e))),
            Decoder::Dns(d) => d.push(bytes, |e| match e {
                dns::tcp::Event::Message(m) => out.push(match dns::Message::parse(m) {
                    Ok(m) => m.to_string(),
                    Err(e) => format!("DNS message of {} bytes: {e}", m.len()),
                }),
                dns::tcp::Event::TooLong { len } => out.push(format!(
                    "DNS message of {len} bytes, longer than the buffer: skipped"
                )),
            }),
            Decoder::Telnet {
                decoder,
                text: line,
            } => decoder.push(bytes, |e| match e {
                telnet::Event::Data(d) => {
                    for chunk in d.split_inclusive(|&b| b == b'\n') {
                        line.extend_from_slice(chunk);
                        if chunk.ends_with(b"\n") {
                            let l = line.strip_suffix(b"\n").unwrap_or(line);
                            let l = l.strip_suffix(b"\r").unwrap_or(l);
                            out.push(text(l));
                            line.clear();
                        }
                    }
                }
                other => {
                    if !line.is_empty() {
                        out.push(text(line));
                        line.clear();
                    }
                    out.push(other.to_string());
                }
            }),
            Decoder::Lines { pending } => {
                pending.extend_from_slice(bytes);
                while let Some(end) = pending.iter().position(|&b| b == b'\n') {
                    let line: Vec<u8> = pending.drain(..=end).collect();
                    let l = line.strip_suffix(b"\n").unwrap_or(&line);
                    let l = l.strip_suffix(b"\r").unwrap_or(l);
                    out.push(text(l));
                }
            }
            Decoder::Raw => out.push(format!("{} bytes", bytes.len())),
        }
    }

    /// What is left at the end of the stream.
    fn finish(&mut self, out: &mut Vec<String>) {
        match self {
            Decoder::Ftp(d) => out.extend(d.finish().map(|e| e.to_string())),
            Decoder::Msnp(d) => out.extend(d.finish().map(|e| e.to_string())),
            Decoder::Flap(d) => out.extend(d.finish().map(|e| e.to_string())),
            Decoder::Telnet {
                decoder,
                text: line,
            } => {
                if !line.is_empty() {
                    out.push(format!("{} (unterminated)", text(line)));
                    line.clear();
                }
                out.extend(decoder.finish().map(|e| e.to_string()));
            }
            Decoder::Lines { pending } if !pending.is_empty() => {
                out.push(format!("{} (unterminated)", text(pending)));
                pending.clear();
            }
            _ => {}
        }
    }
}

/// Turns packets into session lines.
#[derive(Debug)]
pub struct Sessions {
    reassembler: Reassembler,
    view: View,
}

/// The per-stream decoders and the lines waiting to be written.
#[derive(Debug)]
struct View {
    decoders: HashMap<(u64, Direction), Decoder>,
    apps: HashMap<u64, Option<App>>,
    rules: Vec<DecodeAs>,
    lines: Vec<String>,
}

fn arrow(conn: &ConnectionId, direction: Direction) -> String {
    match direction {
        Direction::ClientToServer => format!("{} → {}", conn.client, conn.server),
        Direction::ServerToClient => format!("{} → {}", conn.server, conn.client),
    }
}

fn app_name(app: Option<App>) -> &'static str {
    match app {
        Some(App::Dns) => "dns",
        Some(App::Dhcp) => "dhcp",
        Some(App::Ftp) => "ftp",
        Some(App::Telnet) => "telnet",
        Some(App::Aim) => "aim",
        Some(App::Http) => "http",
        Some(App::Msnp) => "msnms",
        None => "tcp",
    }
}

impl Sessions {
    /// A session view using the `--decode-as` rules.
    #[must_use]
    pub fn new(rules: Vec<DecodeAs>) -> Self {
        Sessions {
            reassembler: Reassembler::new(MAX_PENDING),
            view: View {
                decoders: HashMap::new(),
                apps: HashMap::new(),
                rules,
                lines: Vec::new(),
            },
        }
    }

    /// Takes one dissected packet and its frame bytes; writes the lines it completes.
    ///
    /// # Errors
    /// Whatever `out` returns.
    pub fn push(&mut self, packet: &Packet, frame: &[u8], out: &mut impl Write) -> io::Result<()> {
        if let Some(segment) = segment_of(packet, frame) {
            let view = &mut self.view;
            self.reassembler.push(segment, |e| view.on_event(e));
        }
        self.view.flush(out)
    }

    /// Ends the capture: delivers what waited behind holes and ends every stream.
    ///
    /// # Errors
    /// Whatever `out` returns.
    pub fn finish(&mut self, out: &mut impl Write) -> io::Result<()> {
        let view = &mut self.view;
        self.reassembler.finish(|e| view.on_event(e));
        view.finish_streams();
        view.flush(out)
    }
}

impl View {
    fn on_event(&mut self, event: StreamEvent<'_>) {
        match event {
            StreamEvent::Opened {
                conn,
                frame,
                saw_syn,
            } => {
                let ports = Ports {
                    transport: Transport::Tcp,
                    src: conn.client.port(),
                    dst: conn.server.port(),
                };
                let app = app_for(&self.rules, ports);
                self.apps.insert(conn.number, app);
                let start = if saw_syn {
                    ""
                } else {
                    " (started before the capture)"
                };
                self.lines.push(format!(
                    "#{} {} {} ↔ {} opened in frame {frame}{start}",
                    conn.number,
                    app_name(app),
                    conn.client,
                    conn.server
                ));
            }
            StreamEvent::Data {
                conn,
                direction,
                bytes,
                frame,
                ..
            } => {
                let app = self.apps.get(&conn.number).copied().flatten();
                let decoder = self
                    .decoders
                    .entry((conn.number, direction))
                    .or_insert_with(|| Decoder::for_app(app, direction));
                let mut messages = Vec::new();
                decoder.feed(bytes, &mut messages);
                for m in messages {
                    self.lines.push(format!(
                        "#{} {} frame {frame}: {m}",
                        conn.number,
                        arrow(&conn, direction)
                    ));
                }
            }
            StreamEvent::Gap {
                conn,
                direction,
                offset,
                missing,
            } => self.lines.push(format!(
                "#{} {} gap: {missing} bytes missing at stream offset {offset}",
                conn.number,
                arrow(&conn, direction)
            )),
            StreamEvent::Retransmission {
                conn,
                direction,
                frame,
                len,
            } => self.lines.push(format!(
                "#{} {} frame {frame}: retransmission of {len} bytes dropped",
                conn.number,
                arrow(&conn, direction)
            )),
            StreamEvent::Closed {
                conn,
                direction,
                frame,
                reset,
            } => {
                // Every byte of the direction has been delivered: its decoder (and buffer)
                // goes, so memory follows the connections still open.
                if let Some(mut decoder) = self.decoders.remove(&(conn.number, direction)) {
                    let mut messages = Vec::new();
                    decoder.finish(&mut messages);
                    for m in messages {
                        self.lines.push(format!(
                            "#{} {} end of stream: {m}",
                            conn.number,
                            arrow(&conn, direction)
                        ));
                    }
                }
                self.lines.push(format!(
                    "#{} {} {} in frame {frame}",
                    conn.number,
                    arrow(&conn, direction),
                    if reset { "reset" } else { "closed" }
                ));
            }
        }
    }

    fn finish_streams(&mut self) {
        let mut keys: Vec<_> = self.decoders.keys().copied().collect();
        keys.sort_by_key(|(n, d)| (*n, *d == Direction::ServerToClient));
        for key in keys {
            let mut messages = Vec::new();
            if let Some(d) = self.decoders.get_mut(&key) {
                d.finish(&mut messages);
            }
            for m in messages {
                self.lines.push(format!("#{} end of stream: {m}", key.0));
            }
        }
    }

    fn flush(&mut self, out: &mut impl Write) -> io::Result<()> {
        for line in self.lines.drain(..) {
            match line.char_indices().nth(MAX_LINE) {
                Some((cut, _)) => {
                    let rest = line.len() - cut;
                    writeln!(
                        out,
                        "{} … ({rest} more bytes)",
                        line.get(..cut).unwrap_or_default()
                    )?;
                }
                None => writeln!(out, "{line}")?,
            }
        }
        Ok(())
    }
}

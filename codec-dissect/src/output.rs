//! Printing dissected packets: a readable layered decode, or JSON lines.

use crate::dissect::Packet;
use std::io::{self, Write};

/// How packets are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One block per packet: a header line, then a line per layer with its summary.
    Layered {
        /// Also print every decoded field under its layer.
        verbose: bool,
    },
    /// One JSON object per line, in the schema of `../shared/reference`.
    Json,
}

/// Writes one packet in `format`.
///
/// # Errors
/// Whatever `out` returns.
pub fn write_packet(out: &mut impl Write, packet: &Packet, format: Format) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer(&mut *out, &packet.to_json())?;
            out.write_all(b"\n")
        }
        Format::Layered { verbose } => {
            writeln!(
                out,
                "frame {}: {} bytes on wire, {} captured, {}",
                packet.frame,
                packet.len,
                packet.caplen,
                packet.protocols()
            )?;
            write_layers(out, packet, verbose, 11)
        }
    }
}

/// Writes a packet's layers, one line each (name padded to `width`, position, size,
/// summary) with every field under it when `verbose`, then its errors: the body of the
/// layered format, shared by captures and byte streams.
///
/// # Errors
/// Whatever `out` returns.
pub fn write_layers(
    out: &mut impl Write,
    packet: &Packet,
    verbose: bool,
    width: usize,
) -> io::Result<()> {
    for l in &packet.layers {
        writeln!(
            out,
            "  {:<width$} @{:<5} {:>5}  {}",
            l.proto, l.pos, l.size, l.summary
        )?;
        if verbose {
            for (k, v) in &l.fields {
                writeln!(out, "      {k}: {v}")?;
            }
        }
    }
    for e in &packet.errors {
        writeln!(
            out,
            "  !{:<w$} @{:<5}        error at byte {}: {}",
            e.proto,
            e.pos,
            e.pos.saturating_add(e.error.offset()),
            e.error,
            w = width.saturating_sub(1)
        )?;
    }
    Ok(())
}

/// Whether to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Decides for a stream that is (or is not) a terminal.
    #[must_use]
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// ANSI styles of the summary lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paint {
    Dim,
    Link,
    Network,
    Transport,
    Application,
    Warning,
    Error,
}

impl Paint {
    fn code(self) -> &'static str {
        match self {
            Paint::Dim => "2",
            Paint::Link => "36",
            Paint::Network => "34",
            Paint::Transport => "35",
            Paint::Application => "1;32",
            Paint::Warning => "33",
            Paint::Error => "1;31",
        }
    }

    fn of_protocol(proto: &str) -> Paint {
        match proto {
            "eth" | "vlan" | "ieee8021ad" | "arp" | "ppp" | "lcp" | "ipcp" | "ipv6cp" | "ccp"
            | "pap" | "chap" | "pppoed" | "pppoes" | "sll" => Paint::Link,
            "ip" | "ipv6" | "icmp" | "icmpv6" | "gre" | "vjc" => Paint::Network,
            "tcp" | "udp" => Paint::Transport,
            _ => Paint::Application,
        }
    }
}

/// Writes `text` in `paint` when colours are on.
fn painted(out: &mut impl Write, color: bool, paint: Paint, text: &str) -> io::Result<()> {
    if color {
        write!(out, "\x1b[{}m{text}\x1b[0m", paint.code())
    } else {
        out.write_all(text.as_bytes())
    }
}

/// One line per packet, like tcpdump or tshark's default output: number, time since the
/// first packet, endpoints, the innermost protocol and its summary, then any bad checksum
/// and decoding error.
#[derive(Debug, Clone, Default)]
pub struct SummaryPrinter {
    first_timestamp: Option<f64>,
    color: bool,
}

/// The endpoints of a packet: the innermost IP addresses (with ports when TCP or UDP
/// follows), else the innermost hardware addresses.
fn endpoints(packet: &Packet) -> Option<(String, String)> {
    let field = |l: &crate::dissect::Layer, k: &str| -> Option<String> {
        match l.fields.get(k)? {
            serde_json::Value::String(s) => Some(s.clone()),
            v => Some(v.to_string()),
        }
    };
    let ip = packet
        .layers
        .iter()
        .rposition(|l| matches!(l.proto, "ip" | "ipv6"));
    if let Some(i) = ip {
        let l = packet.layers.get(i)?;
        let (mut src, mut dst) = (field(l, "src")?, field(l, "dst")?);
        if let Some(t) = packet
            .layers
            .get(i + 1)
            .filter(|t| matches!(t.proto, "tcp" | "udp"))
            && let (Some(sp), Some(dp)) = (field(t, "srcport"), field(t, "dstport"))
        {
            if l.proto == "ipv6" {
                src = format!("[{src}]");
                dst = format!("[{dst}]");
            }
            src = format!("{src}:{sp}");
            dst = format!("{dst}:{dp}");
        }
        return Some((src, dst));
    }
    if let Some(arp) = packet.layers.iter().find(|l| l.proto == "arp")
        && let (Some(s), Some(d)) = (field(arp, "spa"), field(arp, "tpa"))
    {
        return Some((s, d));
    }
    let eth = packet.layers.iter().find(|l| l.proto == "eth")?;
    Some((field(eth, "src")?, field(eth, "dst")?))
}

impl SummaryPrinter {
    /// A printer; `color` turns ANSI colours on.
    #[must_use]
    pub fn new(color: bool) -> Self {
        SummaryPrinter {
            first_timestamp: None,
            color,
        }
    }

    /// Writes the summary line of `packet`, captured at `timestamp` (Unix seconds).
    ///
    /// # Errors
    /// Whatever `out` returns.
    pub fn write(
        &mut self,
        out: &mut impl Write,
        packet: &Packet,
        timestamp: f64,
    ) -> io::Result<()> {
        let first = *self.first_timestamp.get_or_insert(timestamp);
        let color = self.color;
        write!(out, "{:>5} ", packet.frame)?;
        painted(
            out,
            color,
            Paint::Dim,
            &format!("{:>11.6}", timestamp - first),
        )?;
        match endpoints(packet) {
            Some((src, dst)) => write!(out, " {src:>21} → {dst:<21} ")?,
            None => write!(out, " {:>21}   {:<21} ", "", "")?,
        }
        let top = packet
            .layers
            .iter()
            .rev()
            .find(|l| !matches!(l.proto, "data" | "data-text-lines" | "_ws.unreassembled"));
        match top {
            Some(l) => {
                let name = l.proto.to_uppercase();
                painted(
                    out,
                    color,
                    Paint::of_protocol(l.proto),
                    &format!("{name:<7}"),
                )?;
                // The codecs' summaries often start with the protocol's name: not twice.
                let summary = match l.summary.get(..name.len() + 1) {
                    Some(head) if head.eq_ignore_ascii_case(&format!("{name} ")) => {
                        l.summary.get(name.len() + 1..).unwrap_or_default()
                    }
                    _ => &l.summary,
                };
                write!(out, " {summary}")?;
            }
            None => write!(out, "{:<7} {} bytes", "DATA", packet.caplen)?,
        }
        for l in &packet.layers {
            if l.fields
                .get("checksum_status")
                .and_then(serde_json::Value::as_str)
                == Some("bad")
            {
                out.write_all(b" ")?;
                painted(
                    out,
                    color,
                    Paint::Warning,
                    &format!("[bad {} checksum]", l.proto),
                )?;
            }
        }
        for e in &packet.errors {
            out.write_all(b" ")?;
            painted(
                out,
                color,
                Paint::Error,
                &format!("[{}: {}]", e.proto, e.error),
            )?;
        }
        writeln!(out)
    }
}

/// Protocol hierarchy statistics, like `tshark -q -z io,phs`, with decoding errors by
/// protocol and kind.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Frames counted.
    pub frames: u64,
    /// Bytes on the wire of those frames.
    pub bytes: u64,
    /// Per protocol path (`eth`, `ip`, `tcp`): frames and bytes; ordered by component, so
    /// a path's children follow it.
    hierarchy: std::collections::BTreeMap<Vec<&'static str>, (u64, u64)>,
    /// Per protocol and error kind: how many.
    errors: std::collections::BTreeMap<(String, String), u64>,
}

/// The name of an error's kind (`Truncated`, `BadValue`...).
fn kind_name(error: &codec_core::Error) -> String {
    let debug = format!("{:?}", error.kind());
    debug
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_string()
}

impl Stats {
    /// Counts one packet.
    pub fn add(&mut self, packet: &Packet) {
        self.frames += 1;
        self.bytes += u64::from(packet.len);
        let mut path = Vec::new();
        for l in &packet.layers {
            path.push(l.proto);
            let entry = self.hierarchy.entry(path.clone()).or_default();
            entry.0 += 1;
            entry.1 += u64::from(packet.len);
        }
        for e in &packet.errors {
            *self
                .errors
                .entry((e.proto.to_string(), kind_name(&e.error)))
                .or_default() += 1;
        }
    }

    /// Frames and bytes of a protocol path such as `eth:ip:tcp`.
    #[must_use]
    pub fn path(&self, path: &str) -> Option<(u64, u64)> {
        let key: Vec<&str> = path.split(':').collect();
        self.hierarchy
            .iter()
            .find(|(k, _)| **k == key)
            .map(|(_, v)| *v)
    }

    /// How many errors of `kind` (`Truncated`, `BadValue`...) `proto` had.
    #[must_use]
    pub fn errors(&self, proto: &str, kind: &str) -> u64 {
        self.errors
            .get(&(proto.to_string(), kind.to_string()))
            .copied()
            .unwrap_or(0)
    }

    /// Writes the hierarchy (indented by depth, in path order) and the error table.
    ///
    /// # Errors
    /// Whatever `out` returns.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(out, "Protocol hierarchy statistics")?;
        writeln!(out, "{:<40} {:>10} {:>14}", "protocol", "frames", "bytes")?;
        for (path, (frames, bytes)) in &self.hierarchy {
            let depth = path.len().saturating_sub(1);
            let name = path.last().copied().unwrap_or_default();
            let label = format!("{:indent$}{name}", "", indent = depth * 2);
            writeln!(out, "{label:<40} {frames:>10} {bytes:>14}")?;
        }
        writeln!(
            out,
            "{:<40} {:>10} {:>14}",
            "total", self.frames, self.bytes
        )?;
        if !self.errors.is_empty() {
            writeln!(out, "\nDecoding errors")?;
            writeln!(out, "{:<20} {:<16} {:>10}", "protocol", "kind", "count")?;
            for ((proto, kind), n) in &self.errors {
                writeln!(out, "{proto:<20} {kind:<16} {n:>10}")?;
            }
        }
        Ok(())
    }
}

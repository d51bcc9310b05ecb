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
            for l in &packet.layers {
                writeln!(
                    out,
                    "  {:<11} @{:<5} {:>5}  {}",
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
                    "  !{:<10} @{:<5}        error at byte {}: {}",
                    e.proto,
                    e.pos,
                    e.pos.saturating_add(e.error.offset()),
                    e.error
                )?;
            }
            Ok(())
        }
    }
}

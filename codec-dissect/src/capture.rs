//! Reading pcap and pcapng files through the `pcap-parser` crate, one frame at a time.

use pcap_parser::pcapng::Block;
use pcap_parser::{PcapBlockOwned, PcapError};
use std::fmt;
use std::io::{BufRead, Read};

/// One captured frame, borrowed from the reader's buffer.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// Frame number, from 1.
    pub number: u64,
    /// The link-layer header type (LINKTYPE_ value) of the frame's interface.
    pub linktype: u32,
    /// Length on the wire.
    pub origlen: u32,
    /// The captured bytes.
    pub data: &'a [u8],
    /// Capture time in seconds since the Unix epoch (0 where the file gives none).
    pub timestamp: f64,
}

/// Why a capture file could not be read.
#[derive(Debug)]
pub enum CaptureError {
    /// The file could not be opened or read.
    Io(std::io::Error),
    /// The file is neither pcap nor pcapng.
    NotACapture,
    /// The file ends inside a record.
    Truncated {
        /// Frames read before the cut.
        frames_read: u64,
    },
    /// A record or block is malformed.
    Corrupt {
        /// Frames read before the damage.
        frames_read: u64,
        /// What the parser said.
        detail: String,
    },
}

impl fmt::Display for CaptureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaptureError::Io(e) => write!(f, "cannot read the capture: {e}"),
            CaptureError::NotACapture => {
                f.write_str("not a pcap or pcapng file (unknown magic number)")
            }
            CaptureError::Truncated { frames_read } => {
                write!(
                    f,
                    "the capture file is truncated: it ends inside a record after {frames_read} frames"
                )
            }
            CaptureError::Corrupt {
                frames_read,
                detail,
            } => {
                write!(
                    f,
                    "the capture file is corrupt after {frames_read} frames: {detail}"
                )
            }
        }
    }
}

impl std::error::Error for CaptureError {}

/// Whether `start` (the first bytes of a file, up to 64 KiB) is a pcap or pcapng file
/// header cut short: a known magic number, and fewer bytes than the 24-byte pcap header or
/// than the pcapng section header block's own length.
fn header_cut(start: &[u8]) -> bool {
    match start {
        [0xd4, 0xc3, 0xb2, 0xa1, ..]
        | [0xa1, 0xb2, 0xc3, 0xd4, ..]
        | [0x4d, 0x3c, 0xb2, 0xa1, ..]
        | [0xa1, 0xb2, 0x3c, 0x4d, ..] => start.len() < 24,
        [0x0a, 0x0d, 0x0d, 0x0a, rest @ ..] => {
            let (Some(&[a, b, c, d]), Some(order)) = (rest.get(..4), rest.get(4..8)) else {
                return true;
            };
            let len = [a, b, c, d];
            let len = if order == [0x4d, 0x3c, 0x2b, 0x1a] {
                u32::from_le_bytes(len)
            } else {
                u32::from_be_bytes(len)
            };
            (start.len() as u64) < u64::from(len)
        }
        [] => false,
        [first, ..] => start.len() < 4 && [0xd4u8, 0xa1, 0x4d, 0x0a].contains(first),
    }
}

/// Largest block accepted: pcapng blocks and pcap records above this are called corrupt
/// rather than buffered (256 KiB snap length plus headers).
const MAX_BLOCK: usize = 1 << 20;

/// Reads every frame of a pcap or pcapng stream, calling `on_frame` for each, in order.
///
/// Returns the number of frames read.
///
/// # Errors
/// [`CaptureError`] when the stream is not a capture, is truncated, or is corrupt; frames
/// before the damage have been delivered.
pub fn read_capture<R: Read + Send>(
    input: R,
    mut on_frame: impl FnMut(Record<'_>),
) -> Result<u64, CaptureError> {
    // The magic number is looked at first, so that a file cut inside its header is called
    // truncated, not foreign.
    let mut input = std::io::BufReader::with_capacity(65536, input);
    let header_cut = input.fill_buf().is_ok_and(header_cut);
    let mut reader = match pcap_parser::create_reader(65536, input) {
        Ok(r) => r,
        Err(_) if header_cut => {
            return Err(CaptureError::Truncated { frames_read: 0 });
        }
        Err(PcapError::Eof)
        | Err(PcapError::HeaderNotRecognized)
        | Err(PcapError::Incomplete(_)) => {
            return Err(CaptureError::NotACapture);
        }
        Err(PcapError::ReadError) => {
            return Err(CaptureError::Io(std::io::Error::other("read failed")));
        }
        Err(e) => {
            return Err(CaptureError::Corrupt {
                frames_read: 0,
                detail: format!("{e:?}"),
            });
        }
    };
    let mut legacy_linktype: u32 = 1;
    let mut legacy_nanos = false;
    // Per interface: link type, timestamp offset and ticks per second.
    let mut interfaces: Vec<(u32, i64, u64)> = Vec::new();
    let mut frames: u64 = 0;
    let mut stalled = false;
    let mut capacity = 65536usize;
    loop {
        match reader.next() {
            Ok((offset, block)) => {
                stalled = false;
                match block {
                    PcapBlockOwned::LegacyHeader(h) => {
                        legacy_linktype = h.network.0 as u32;
                        legacy_nanos = h.is_nanosecond_precision();
                    }
                    PcapBlockOwned::Legacy(b) => {
                        frames += 1;
                        on_frame(Record {
                            number: frames,
                            linktype: legacy_linktype,
                            origlen: b.origlen,
                            data: b.data,
                            timestamp: f64::from(b.ts_sec)
                                + f64::from(b.ts_usec) * if legacy_nanos { 1e-9 } else { 1e-6 },
                        });
                    }
                    PcapBlockOwned::NG(Block::SectionHeader(_)) => interfaces.clear(),
                    PcapBlockOwned::NG(Block::InterfaceDescription(idb)) => interfaces.push((
                        idb.linktype.0 as u32,
                        idb.if_tsoffset,
                        idb.ts_resolution().unwrap_or(1_000_000),
                    )),
                    PcapBlockOwned::NG(Block::EnhancedPacket(epb)) => {
                        frames += 1;
                        let (linktype, offset, resolution) = interfaces
                            .get(epb.if_id as usize)
                            .copied()
                            .unwrap_or((1, 0, 1_000_000));
                        let data = epb.data.get(..epb.caplen as usize).unwrap_or(epb.data);
                        let ticks = (u64::from(epb.ts_high) << 32) | u64::from(epb.ts_low);
                        on_frame(Record {
                            number: frames,
                            linktype,
                            origlen: epb.origlen,
                            data,
                            timestamp: ticks as f64 / resolution.max(1) as f64 + offset as f64,
                        });
                    }
                    PcapBlockOwned::NG(Block::SimplePacket(spb)) => {
                        frames += 1;
                        let linktype = interfaces.first().map_or(1, |i| i.0);
                        on_frame(Record {
                            number: frames,
                            linktype,
                            origlen: spb.origlen,
                            data: spb.data,
                            timestamp: 0.0,
                        });
                    }
                    PcapBlockOwned::NG(_) => {}
                }
                reader.consume(offset);
            }
            Err(PcapError::Eof) => return Ok(frames),
            Err(PcapError::Incomplete(_)) => {
                if stalled {
                    return Err(CaptureError::Truncated {
                        frames_read: frames,
                    });
                }
                stalled = true;
                reader.refill().map_err(|e| CaptureError::Corrupt {
                    frames_read: frames,
                    detail: format!("{e:?}"),
                })?;
            }
            Err(PcapError::UnexpectedEof) => {
                return Err(CaptureError::Truncated {
                    frames_read: frames,
                });
            }
            Err(PcapError::BufferTooSmall) => {
                if capacity >= MAX_BLOCK {
                    return Err(CaptureError::Corrupt {
                        frames_read: frames,
                        detail: format!("a block is larger than {MAX_BLOCK} bytes"),
                    });
                }
                capacity *= 2;
                if !reader.grow(capacity) {
                    return Err(CaptureError::Corrupt {
                        frames_read: frames,
                        detail: "cannot grow buffer".into(),
                    });
                }
                reader.refill().map_err(|e| CaptureError::Corrupt {
                    frames_read: frames,
                    detail: format!("{e:?}"),
                })?;
            }
            Err(e) => {
                return Err(CaptureError::Corrupt {
                    frames_read: frames,
                    detail: format!("{e:?}"),
                });
            }
        }
    }
}

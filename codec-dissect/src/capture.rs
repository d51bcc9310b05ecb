//! Reading pcap and pcapng files through the `pcap-parser` crate, one frame at a time.

use pcap_parser::pcapng::Block;
use pcap_parser::{PcapBlockOwned, PcapError};
use std::fmt;
use std::io::Read;

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
    let mut reader = match pcap_parser::create_reader(65536, input) {
        Ok(r) => r,
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
    let mut interfaces: Vec<u32> = Vec::new();
    let mut frames: u64 = 0;
    let mut stalled = false;
    let mut capacity = 65536usize;
    loop {
        match reader.next() {
            Ok((offset, block)) => {
                stalled = false;
                match block {
                    PcapBlockOwned::LegacyHeader(h) => legacy_linktype = h.network.0 as u32,
                    PcapBlockOwned::Legacy(b) => {
                        frames += 1;
                        on_frame(Record {
                            number: frames,
                            linktype: legacy_linktype,
                            origlen: b.origlen,
                            data: b.data,
                        });
                    }
                    PcapBlockOwned::NG(Block::SectionHeader(_)) => interfaces.clear(),
                    PcapBlockOwned::NG(Block::InterfaceDescription(idb)) => {
                        interfaces.push(idb.linktype.0 as u32)
                    }
                    PcapBlockOwned::NG(Block::EnhancedPacket(epb)) => {
                        frames += 1;
                        let linktype = interfaces.get(epb.if_id as usize).copied().unwrap_or(1);
                        let data = epb.data.get(..epb.caplen as usize).unwrap_or(epb.data);
                        on_frame(Record {
                            number: frames,
                            linktype,
                            origlen: epb.origlen,
                            data,
                        });
                    }
                    PcapBlockOwned::NG(Block::SimplePacket(spb)) => {
                        frames += 1;
                        let linktype = interfaces.first().copied().unwrap_or(1);
                        on_frame(Record {
                            number: frames,
                            linktype,
                            origlen: spb.origlen,
                            data: spb.data,
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

//! TCP stream reassembly for `dissect --reassemble`.
//!
//! Each TCP connection is keyed by its two endpoints; each of its two directions is a byte
//! stream whose offsets count from the sequence number after the SYN (or from the first
//! segment seen, when the capture starts mid-connection). Segments are delivered in
//! sequence-number order: a segment wholly before the next expected byte is a
//! retransmission and is dropped, one overlapping it delivers only its new bytes, one past
//! it waits in a bounded buffer. When the buffer of a direction would exceed its bound, or at
//! the end of the capture, the missing bytes are reported as a [`StreamEvent::Gap`] and
//! delivery resumes at the first buffered segment. Sequence numbers wrap (RFC 9293 §3.4):
//! offsets are 64-bit and advance by the signed distance from the next expected number.
//!
//! ```
//! use codec_dissect::reassembly::{Reassembler, Segment, StreamEvent};
//! let a = "10.0.0.1:1025".parse().unwrap();
//! let b = "10.0.0.2:21".parse().unwrap();
//! let mut r = Reassembler::new(64 * 1024);
//! let mut events = Vec::new();
//! let seg = |seq, payload: &'static [u8], frame| Segment { src: a, dst: b, seq, syn: false, fin: false, rst: false, payload, frame };
//! let syn = Segment { syn: true, ..seg(999, b"", 1) };
//! r.push(syn, |e| events.push(format!("{e:?}")));
//! // Out of order, then a retransmission: delivered in order, once.
//! r.push(seg(1005, b"LIST\r\n", 2), |e| events.push(format!("{e:?}")));
//! r.push(seg(1000, b"PWD\r\n", 1), |e| events.push(format!("{e:?}")));
//! r.push(seg(1000, b"PWD\r\n", 3), |e| events.push(format!("{e:?}")));
//! assert!(events.iter().any(|e| e.contains("Opened")));
//! let data: Vec<_> = events.iter().filter(|e| e.starts_with("Data")).collect();
//! assert_eq!(data.len(), 2);
//! assert!(data[0].contains("offset: 0") && data[1].contains("offset: 5"));
//! assert!(events.iter().any(|e| e.starts_with("Retransmission")));
//! ```

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;

/// One TCP segment as the reassembler needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'a> {
    /// Sender.
    pub src: SocketAddr,
    /// Receiver.
    pub dst: SocketAddr,
    /// Sequence number of the first payload byte (of the SYN, when `syn`).
    pub seq: u32,
    /// SYN flag.
    pub syn: bool,
    /// FIN flag.
    pub fin: bool,
    /// RST flag.
    pub rst: bool,
    /// The payload.
    pub payload: &'a [u8],
    /// Frame number the segment came in.
    pub frame: u64,
}

/// Which way the bytes of a connection flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// From the endpoint that opened the connection (sent the first SYN, or the first segment
    /// seen) to the other.
    ClientToServer,
    /// The reverse.
    ServerToClient,
}

impl Direction {
    fn index(self) -> usize {
        match self {
            Direction::ClientToServer => 0,
            Direction::ServerToClient => 1,
        }
    }
}

/// A connection as the events name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConnectionId {
    /// Number of the connection, from 1 in order of appearance.
    pub number: u64,
    /// The endpoint that opened the connection.
    pub client: SocketAddr,
    /// The other endpoint.
    pub server: SocketAddr,
}

/// What reassembly produces, in delivery order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEvent<'a> {
    /// A connection was seen for the first time.
    Opened {
        /// The connection.
        conn: ConnectionId,
        /// Its first frame.
        frame: u64,
        /// Whether the capture saw its SYN (otherwise it started mid-connection).
        saw_syn: bool,
    },
    /// In-order bytes of one direction.
    Data {
        /// The connection.
        conn: ConnectionId,
        /// The direction.
        direction: Direction,
        /// Stream offset of the first byte.
        offset: u64,
        /// The bytes.
        bytes: &'a [u8],
        /// The frame they arrived in.
        frame: u64,
    },
    /// Bytes never captured: delivery skips them.
    Gap {
        /// The connection.
        conn: ConnectionId,
        /// The direction.
        direction: Direction,
        /// Stream offset of the first missing byte.
        offset: u64,
        /// How many bytes are missing.
        missing: u64,
    },
    /// A segment whose bytes were all delivered already (dropped).
    Retransmission {
        /// The connection.
        conn: ConnectionId,
        /// The direction.
        direction: Direction,
        /// The frame.
        frame: u64,
        /// Its payload length.
        len: usize,
    },
    /// A FIN or RST ended one direction; every byte of it before the FIN was delivered (or
    /// reported as a gap) first.
    Closed {
        /// The connection.
        conn: ConnectionId,
        /// The direction.
        direction: Direction,
        /// The frame.
        frame: u64,
        /// True for RST, false for FIN.
        reset: bool,
    },
}

#[derive(Debug, Default)]
struct Flow {
    /// Sequence number of stream offset `next`.
    next_seq: Option<u32>,
    /// Next stream offset to deliver.
    next: u64,
    /// Out-of-order segments by stream offset: (frame, bytes).
    pending: BTreeMap<u64, (u64, Vec<u8>)>,
    pending_bytes: usize,
    closed: bool,
    /// A FIN or RST seen while bytes still wait behind a hole: (frame, reset), reported
    /// once the waiting bytes are delivered.
    closing: Option<(u64, bool)>,
}

#[derive(Debug)]
struct Connection {
    id: ConnectionId,
    flows: [Flow; 2],
}

/// The reassembler: feed segments in capture order with [`push`](Self::push), then call
/// [`finish`](Self::finish).
#[derive(Debug)]
pub struct Reassembler {
    connections: HashMap<(SocketAddr, SocketAddr), Connection>,
    order: Vec<(SocketAddr, SocketAddr)>,
    max_pending: usize,
}

fn key(a: SocketAddr, b: SocketAddr) -> (SocketAddr, SocketAddr) {
    if a <= b { (a, b) } else { (b, a) }
}

impl Reassembler {
    /// A reassembler keeping at most `max_pending` out-of-order bytes per direction.
    #[must_use]
    pub fn new(max_pending: usize) -> Self {
        Reassembler {
            connections: HashMap::new(),
            order: Vec::new(),
            max_pending,
        }
    }

    /// Takes one segment; calls `emit` for every event it causes.
    pub fn push<'s>(&mut self, segment: Segment<'s>, mut emit: impl FnMut(StreamEvent<'_>)) {
        let k = key(segment.src, segment.dst);
        let number = self.connections.len() as u64 + 1;
        let conn = self.connections.entry(k).or_insert_with(|| {
            // The opener is the sender of a lone SYN, else the side with the higher port
            // (clients use ephemeral ports), else the first sender.
            let from_sender = segment.syn
                || segment.src.port() > segment.dst.port()
                || segment.src.port() == segment.dst.port();
            let (client, server) = if from_sender {
                (segment.src, segment.dst)
            } else {
                (segment.dst, segment.src)
            };
            let id = ConnectionId {
                number,
                client,
                server,
            };
            emit(StreamEvent::Opened {
                conn: id,
                frame: segment.frame,
                saw_syn: segment.syn,
            });
            Connection {
                id,
                flows: [Flow::default(), Flow::default()],
            }
        });
        if conn.id.number == number {
            self.order.push(k);
        }
        let direction = if segment.src == conn.id.client {
            Direction::ClientToServer
        } else {
            Direction::ServerToClient
        };
        let id = conn.id;
        let max_pending = self.max_pending;
        let Some(flow) = conn.flows.get_mut(direction.index()) else {
            return;
        };
        let data_seq = if segment.syn {
            segment.seq.wrapping_add(1)
        } else {
            segment.seq
        };
        let next_seq = *flow.next_seq.get_or_insert(data_seq);
        // Signed distance from the next expected sequence number (RFC 9293 §3.4).
        let distance = i64::from(data_seq.wrapping_sub(next_seq) as i32);
        let offset = flow.next as i64 + distance;
        if !segment.payload.is_empty() {
            deliver(
                flow,
                id,
                direction,
                offset,
                segment.payload,
                segment.frame,
                max_pending,
                &mut emit,
            );
        }
        if (segment.fin || segment.rst) && !flow.closed && flow.closing.is_none() {
            flow.closing = Some((segment.frame, segment.rst));
        }
        close_if_done(flow, id, direction, &mut emit);
    }

    /// Ends the capture: bytes still waiting behind a hole are delivered after a
    /// [`StreamEvent::Gap`], connection by connection in order of appearance.
    pub fn finish(&mut self, mut emit: impl FnMut(StreamEvent<'_>)) {
        for k in &self.order {
            let Some(conn) = self.connections.get_mut(k) else {
                continue;
            };
            let id = conn.id;
            for (flow, direction) in conn
                .flows
                .iter_mut()
                .zip([Direction::ClientToServer, Direction::ServerToClient])
            {
                while !flow.pending.is_empty() {
                    skip_to_pending(flow, id, direction, &mut emit);
                    drain(flow, id, direction, &mut emit);
                }
                close_if_done(flow, id, direction, &mut emit);
            }
        }
    }
}

/// Reports the FIN or RST of a direction once nothing waits before it: a direction is
/// closed after its last byte, so a consumer may drop its state at [`StreamEvent::Closed`].
fn close_if_done(
    flow: &mut Flow,
    conn: ConnectionId,
    direction: Direction,
    emit: &mut impl FnMut(StreamEvent<'_>),
) {
    if flow.pending.is_empty()
        && let Some((frame, reset)) = flow.closing.take()
    {
        flow.closed = true;
        emit(StreamEvent::Closed {
            conn,
            direction,
            frame,
            reset,
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn deliver(
    flow: &mut Flow,
    conn: ConnectionId,
    direction: Direction,
    offset: i64,
    payload: &[u8],
    frame: u64,
    max_pending: usize,
    emit: &mut impl FnMut(StreamEvent<'_>),
) {
    let end = offset + payload.len() as i64;
    let next = flow.next as i64;
    if end <= next {
        emit(StreamEvent::Retransmission {
            conn,
            direction,
            frame,
            len: payload.len(),
        });
        return;
    }
    if offset <= next {
        let skip = usize::try_from(next - offset).unwrap_or(0);
        let fresh = payload.get(skip..).unwrap_or_default();
        emit(StreamEvent::Data {
            conn,
            direction,
            offset: flow.next,
            bytes: fresh,
            frame,
        });
        advance(flow, fresh.len());
        drain(flow, conn, direction, emit);
        return;
    }
    // Past a hole: wait, unless the wait would exceed the bound.
    let offset = offset as u64;
    let longer = flow
        .pending
        .get(&offset)
        .is_none_or(|(_, held)| held.len() < payload.len());
    if longer {
        if let Some((_, old)) = flow.pending.insert(offset, (frame, payload.to_vec())) {
            flow.pending_bytes -= old.len();
        }
        flow.pending_bytes += payload.len();
    }
    while flow.pending_bytes > max_pending && !flow.pending.is_empty() {
        skip_to_pending(flow, conn, direction, emit);
        drain(flow, conn, direction, emit);
    }
}

fn advance(flow: &mut Flow, len: usize) {
    flow.next += len as u64;
    flow.next_seq = flow.next_seq.map(|s| s.wrapping_add(len as u32));
}

/// Reports the hole before the first waiting segment and moves delivery to it.
fn skip_to_pending(
    flow: &mut Flow,
    conn: ConnectionId,
    direction: Direction,
    emit: &mut impl FnMut(StreamEvent<'_>),
) {
    if let Some((&first, _)) = flow.pending.first_key_value()
        && first > flow.next
    {
        let missing = first - flow.next;
        emit(StreamEvent::Gap {
            conn,
            direction,
            offset: flow.next,
            missing,
        });
        flow.next = first;
        flow.next_seq = flow.next_seq.map(|s| s.wrapping_add(missing as u32));
    }
}

/// Delivers the waiting segments that now continue the stream.
fn drain(
    flow: &mut Flow,
    conn: ConnectionId,
    direction: Direction,
    emit: &mut impl FnMut(StreamEvent<'_>),
) {
    while let Some(entry) = flow.pending.first_entry() {
        if *entry.key() > flow.next {
            break;
        }
        let start = *entry.key();
        let (frame, bytes) = entry.remove();
        flow.pending_bytes -= bytes.len();
        let skip = usize::try_from(flow.next - start).unwrap_or(usize::MAX);
        match bytes.get(skip..) {
            Some(fresh) if !fresh.is_empty() => {
                emit(StreamEvent::Data {
                    conn,
                    direction,
                    offset: flow.next,
                    bytes: fresh,
                    frame,
                });
                advance(flow, fresh.len());
            }
            _ => emit(StreamEvent::Retransmission {
                conn,
                direction,
                frame,
                len: bytes.len(),
            }),
        }
    }
}

/// The TCP segment of a dissected packet, if it has one: the innermost `tcp` layer with the
/// addresses of the IP layer before it, the payload sliced from `frame` (`tcp.payload_len`
/// bytes after the header, so link-layer padding is not taken for data).
#[must_use]
pub fn segment_of<'a>(packet: &crate::dissect::Packet, frame: &'a [u8]) -> Option<Segment<'a>> {
    let t = packet.layers.iter().rposition(|l| l.proto == "tcp")?;
    let tcp = packet.layers.get(t)?;
    let ip = packet
        .layers
        .get(..t)?
        .iter()
        .rev()
        .find(|l| matches!(l.proto, "ip" | "ipv6"))?;
    let num =
        |l: &crate::dissect::Layer, k: &str| l.fields.get(k).and_then(serde_json::Value::as_u64);
    let addr = |k: &str| -> Option<std::net::IpAddr> { ip.fields.get(k)?.as_str()?.parse().ok() };
    let port = |k: &str| num(tcp, k).and_then(|p| u16::try_from(p).ok());
    let flags = num(tcp, "flags")?;
    let start = tcp.pos.checked_add(tcp.size)?;
    let len = usize::try_from(num(tcp, "payload_len")?).ok()?;
    let payload = frame.get(start..start.checked_add(len)?)?;
    Some(Segment {
        src: SocketAddr::new(addr("src")?, port("srcport")?),
        dst: SocketAddr::new(addr("dst")?, port("dstport")?),
        seq: u32::try_from(num(tcp, "seq")?).ok()?,
        syn: flags & 0x002 != 0,
        fin: flags & 0x001 != 0,
        rst: flags & 0x004 != 0,
        payload,
        frame: packet.frame,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    /// Collects the Data bytes per direction and the other events as strings.
    fn run(segments: &[Segment<'_>], max: usize) -> (Vec<u8>, Vec<u8>, Vec<String>) {
        let mut r = Reassembler::new(max);
        let (mut c2s, mut s2c, mut other) = (Vec::new(), Vec::new(), Vec::new());
        let mut sink = |e: StreamEvent<'_>| match e {
            StreamEvent::Data {
                direction, bytes, ..
            } => match direction {
                Direction::ClientToServer => c2s.extend_from_slice(bytes),
                Direction::ServerToClient => s2c.extend_from_slice(bytes),
            },
            StreamEvent::Gap {
                offset, missing, ..
            } => other.push(format!("gap {offset}+{missing}")),
            StreamEvent::Retransmission { frame, .. } => other.push(format!("retx {frame}")),
            StreamEvent::Closed { direction, .. } => other.push(format!("closed {direction:?}")),
            StreamEvent::Opened { saw_syn, .. } => other.push(format!("opened syn={saw_syn}")),
        };
        for s in segments {
            r.push(*s, &mut sink);
        }
        r.finish(&mut sink);
        (c2s, s2c, other)
    }

    fn seg<'a>(src: &str, dst: &str, seq: u32, payload: &'a [u8], frame: u64) -> Segment<'a> {
        Segment {
            src: addr(src),
            dst: addr(dst),
            seq,
            syn: false,
            fin: false,
            rst: false,
            payload,
            frame,
        }
    }

    #[test]
    fn handshake_data_and_fin_across_sequence_wrap() {
        // The client's ISN is 2^32 - 3: its data starts at 0xfffffffe and wraps.
        let c = "141.2.28.110:1246";
        let s = "141.2.150.16:21";
        let syn = Segment {
            syn: true,
            ..seg(c, s, 0xffff_fffd, b"", 1)
        };
        let synack = Segment {
            syn: true,
            ..seg(s, c, 0xdcaf_6801, b"", 2)
        };
        let fin = Segment {
            fin: true,
            ..seg(c, s, 0x0000_0004, b"", 6)
        };
        let (c2s, s2c, other) = run(
            &[
                syn,
                synack,
                seg(s, c, 0xdcaf_6802, b"220 ready\r\n", 3),
                seg(c, s, 0xffff_fffe, b"USER", 4),
                seg(c, s, 0x0000_0002, b" x\r\n", 5),
                fin,
            ],
            1024,
        );
        assert_eq!(c2s, b"USER x\r\n");
        assert_eq!(s2c, b"220 ready\r\n");
        assert_eq!(other, ["opened syn=true", "closed ClientToServer"]);
    }

    #[test]
    fn overlap_delivers_only_new_bytes() {
        let (c2s, _, other) = run(
            &[
                seg("10.0.0.1:5000", "10.0.0.2:23", 100, b"abcd", 1),
                seg("10.0.0.1:5000", "10.0.0.2:23", 102, b"cdef", 2),
                seg("10.0.0.1:5000", "10.0.0.2:23", 100, b"abcdef", 3),
            ],
            1024,
        );
        assert_eq!(c2s, b"abcdef");
        assert_eq!(other, ["opened syn=false", "retx 3"]);
    }

    #[test]
    fn hole_reported_at_the_end_and_when_the_buffer_is_full() {
        let (c2s, _, other) = run(
            &[
                seg("10.0.0.1:5000", "10.0.0.2:21", 0, b"aa", 1),
                seg("10.0.0.1:5000", "10.0.0.2:21", 5, b"ff", 2),
            ],
            1024,
        );
        assert_eq!(c2s, b"aaff");
        assert_eq!(other, ["opened syn=false", "gap 2+3"]);
        // A bound of 3 bytes: the second waiting segment forces the gap at once.
        let (c2s, _, other) = run(
            &[
                seg("10.0.0.1:5000", "10.0.0.2:21", 0, b"aa", 1),
                seg("10.0.0.1:5000", "10.0.0.2:21", 4, b"ee", 2),
                seg("10.0.0.1:5000", "10.0.0.2:21", 6, b"gg", 3),
                seg("10.0.0.1:5000", "10.0.0.2:21", 2, b"cc", 4),
            ],
            3,
        );
        assert_eq!(c2s, b"aaeegg");
        assert_eq!(other, ["opened syn=false", "gap 2+2", "retx 4"]);
    }

    #[test]
    fn a_fin_is_reported_after_the_bytes_before_it() {
        // The FIN segment overtakes the data before it: the close waits for that data.
        let fin = Segment {
            fin: true,
            ..seg("10.0.0.1:5000", "10.0.0.2:21", 6, b"QUIT\r\n", 3)
        };
        let mut r = Reassembler::new(1024);
        let mut events: Vec<String> = Vec::new();
        fn describe(e: StreamEvent<'_>) -> String {
            match e {
                StreamEvent::Data { bytes, .. } => String::from_utf8_lossy(bytes).into_owned(),
                StreamEvent::Closed { frame, .. } => format!("closed {frame}"),
                other => format!("{other:?}")
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .to_string(),
            }
        }
        let early = seg("10.0.0.1:5000", "10.0.0.2:21", 0, b"NOOP", 1);
        r.push(early, |e| events.push(describe(e)));
        r.push(fin, |e| events.push(describe(e)));
        assert_eq!(
            events,
            ["Opened", "NOOP"],
            "the close waits behind the hole"
        );
        let late = seg("10.0.0.1:5000", "10.0.0.2:21", 4, b"\r\n", 2);
        r.push(late, |e| events.push(describe(e)));
        assert_eq!(events, ["Opened", "NOOP", "\r\n", "QUIT\r\n", "closed 3"]);
    }

    #[test]
    fn direction_from_ports_when_the_syn_was_not_captured() {
        let mut r = Reassembler::new(16);
        let mut opened = None;
        r.push(seg("10.0.0.2:21", "10.0.0.1:40000", 7, b"x", 1), |e| {
            if let StreamEvent::Opened { conn, .. } = e {
                opened = Some(conn);
            }
        });
        let conn = opened.unwrap();
        assert_eq!(conn.client, addr("10.0.0.1:40000"));
        assert_eq!(conn.server, addr("10.0.0.2:21"));
    }
}

//! The whole dissector on one arbitrary frame: every layer the walk reaches, every output
//! format, and the TCP reassembly of the frame's segment.

use codec_dissect::dissect::{Options, dissect};
use codec_dissect::output::{Format, Stats, SummaryPrinter, write_packet};
use codec_dissect::sessions::Sessions;

/// The link types the dissector reads, picked by the first input byte.
const LINKTYPES: [u32; 7] = [1, 9, 50, 101, 113, 204, 276];

/// Target `dissect_frame`: the first byte picks the link type, the rest is the frame. No
/// panic; every layer lies inside the frame; every format writes.
pub fn dissect_frame(data: &[u8]) {
    let Some((&pick, frame)) = data.split_first() else {
        return;
    };
    let linktype = LINKTYPES[usize::from(pick) % LINKTYPES.len()];
    let options = Options {
        decode_as: vec!["tcp.port==443,aim".parse().expect("a valid rule")],
    };
    let len = u32::try_from(frame.len()).unwrap_or(u32::MAX);
    let packet = dissect(1, linktype, len, frame, &options);
    for layer in &packet.layers {
        assert!(
            layer.pos <= frame.len(),
            "{} layer at {} past the frame's {} bytes",
            layer.proto,
            layer.pos,
            frame.len()
        );
    }
    let mut sink = Vec::new();
    write_packet(&mut sink, &packet, Format::Json).expect("writing to a Vec");
    write_packet(&mut sink, &packet, Format::Layered { verbose: true }).expect("writing to a Vec");
    SummaryPrinter::new(true)
        .write(&mut sink, &packet, 0.0)
        .expect("writing to a Vec");
    let mut stats = Stats::default();
    stats.add(&packet);
    stats.write(&mut sink).expect("writing to a Vec");
    let mut sessions = Sessions::new(options.decode_as.clone());
    sessions
        .push(&packet, frame, &mut sink)
        .expect("writing to a Vec");
    sessions.finish(&mut sink).expect("writing to a Vec");
}

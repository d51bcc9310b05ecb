//! `dissect`: the codec family's command-line dissector.

use clap::Parser;
use codec_dissect::capture::read_capture;
use codec_dissect::decode_as::DecodeAs;
use codec_dissect::dissect::{Options, dissect};
use codec_dissect::output::{Format, write_packet};
use codec_dissect::stream::{HdlcConfig, RxAccm, StreamKind, dissect_stream};
use codec_link::ppp::hdlc::FcsKind;
use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Dissect a pcap or pcapng capture, or a raw byte stream (`--stream`), with the codec
/// family.
#[derive(Debug, Parser)]
#[command(name = "dissect", version, about)]
struct Cli {
    /// The capture file (pcap or pcapng); with --stream, the raw byte stream (standard
    /// input when absent).
    #[arg(required_unless_present = "stream")]
    capture: Option<PathBuf>,
    /// Read a raw byte stream of this protocol instead of a capture.
    #[arg(long, value_enum, value_name = "KIND")]
    stream: Option<StreamKind>,
    /// Receive ACCM of a ppp-hdlc stream: hex (control characters below 0x20 whose bit is
    /// set are dropped), or `follow` to take the ACCM each LCP Configure-Ack in the stream
    /// acknowledges. After LCP negotiation a peer no longer escapes every control
    /// character: use `follow` or the negotiated value, or those frames show a bad FCS.
    #[arg(
        long,
        value_name = "HEX|follow",
        default_value = "ffffffff",
        requires = "stream"
    )]
    accm: RxAccm,
    /// Check FCS-32 instead of FCS-16 (ppp-hdlc).
    #[arg(long, requires = "stream")]
    fcs32: bool,
    /// Print one JSON object per packet, in the schema of Wireshark's reference files.
    #[arg(long)]
    json: bool,
    /// Print every decoded field under its layer.
    #[arg(short, long)]
    verbose: bool,
    /// Decode a port as a protocol, as tshark -d: `tcp.port==443,aim` (repeatable).
    #[arg(long = "decode-as", short = 'd', value_name = "RULE")]
    decode_as: Vec<DecodeAs>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let options = Options {
        decode_as: cli.decode_as,
    };
    let format = if cli.json {
        Format::Json
    } else {
        Format::Layered {
            verbose: cli.verbose,
        }
    };
    if let Some(kind) = cli.stream {
        let config = HdlcConfig {
            accm: cli.accm,
            fcs: if cli.fcs32 {
                FcsKind::Fcs32
            } else {
                FcsKind::Fcs16
            },
            ..HdlcConfig::default()
        };
        let (input, name): (Box<dyn Read>, String) = match &cli.capture {
            Some(path) => match std::fs::File::open(path) {
                Ok(f) => (Box::new(f), path.display().to_string()),
                Err(e) => {
                    eprintln!("dissect: {}: {e}", path.display());
                    return ExitCode::from(1);
                }
            },
            None => (Box::new(std::io::stdin().lock()), "standard input".into()),
        };
        let stdout = std::io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        let result = dissect_stream(kind, input, &config, &options, format, &mut out)
            .and_then(|_| out.flush());
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("dissect: {name}: {e}");
                ExitCode::from(1)
            }
        };
    }
    let Some(capture) = cli.capture else {
        eprintln!("dissect: no capture file given");
        return ExitCode::from(2);
    };
    let file = match std::fs::File::open(&capture) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("dissect: {}: {e}", capture.display());
            return ExitCode::from(1);
        }
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut write_failed = None;
    let result = read_capture(std::io::BufReader::new(file), |record| {
        if write_failed.is_some() {
            return;
        }
        let packet = dissect(
            record.number,
            record.linktype,
            record.origlen,
            record.data,
            &options,
        );
        if let Err(e) = write_packet(&mut out, &packet, format) {
            write_failed = Some(e);
        }
    });
    let flushed = out.flush();
    if let Some(e) = write_failed.or(flushed.err()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return ExitCode::SUCCESS;
        }
        eprintln!("dissect: cannot write output: {e}");
        return ExitCode::from(1);
    }
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dissect: {}: {e}", capture.display());
            ExitCode::from(1)
        }
    }
}

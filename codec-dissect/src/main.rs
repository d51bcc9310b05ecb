//! `dissect`: the codec family's command-line dissector.

use clap::Parser;
use codec_dissect::capture::read_capture;
use codec_dissect::decode_as::DecodeAs;
use codec_dissect::dissect::{Options, dissect};
use codec_dissect::output::{Format, write_packet};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Dissect a pcap or pcapng capture with the codec family.
#[derive(Debug, Parser)]
#[command(name = "dissect", version, about)]
struct Cli {
    /// The capture file (pcap or pcapng).
    capture: PathBuf,
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
    let file = match std::fs::File::open(&cli.capture) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("dissect: {}: {e}", cli.capture.display());
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
            eprintln!("dissect: {}: {e}", cli.capture.display());
            ExitCode::from(1)
        }
    }
}

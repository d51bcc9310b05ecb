//! `dissect`: the codec family's command-line dissector.

use clap::Parser;
use codec_dissect::capture::read_capture;
use codec_dissect::decode_as::DecodeAs;
use codec_dissect::dissect::{Options, dissect};
use codec_dissect::output::{ColorChoice, Format, Stats, SummaryPrinter, write_packet};
use codec_dissect::sessions::Sessions;
use codec_dissect::stream::{HdlcConfig, RxAccm, StreamKind, dissect_stream};
use codec_link::ppp::hdlc::FcsKind;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Dissect a pcap or pcapng capture, or a raw byte stream (`--stream`), with the codec
/// family.
#[derive(Debug, Parser)]
#[command(name = "dissect", version, about)]
struct Cli {
    /// The capture file (pcap or pcapng); with --stream, the raw byte stream (standard
    /// input when absent). Without either: the built-in demonstration, the seed trace's
    /// dial-up session built by the codec family's own builders.
    capture: Option<PathBuf>,
    /// With the demonstration: also write its capture to this pcap file.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["capture", "stream"])]
    write: Option<PathBuf>,
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
    #[arg(long, conflicts_with = "verbose")]
    json: bool,
    /// Print every layer of every packet with all its decoded fields (like tshark -V),
    /// instead of one line per packet.
    #[arg(short, long)]
    verbose: bool,
    /// Decode a port as a protocol, as tshark -d: `tcp.port==443,aim` (repeatable).
    #[arg(long = "decode-as", short = 'd', value_name = "RULE")]
    decode_as: Vec<DecodeAs>,
    /// Reassemble TCP connections and print each session's application messages in order
    /// (retransmissions dropped, gaps reported) instead of packets.
    #[arg(long, conflicts_with_all = ["json", "verbose", "stream"])]
    reassemble: bool,
    /// After the packets, print protocol hierarchy statistics (frames and bytes per
    /// protocol path) and decoding errors by protocol and kind.
    #[arg(long, conflicts_with = "stream")]
    stats: bool,
    /// Print no packets (with --stats: only the statistics).
    #[arg(short, long)]
    quiet: bool,
    /// Colour the one-line summaries.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
}

/// Captures at least this large get a progress bar when standard error is a terminal.
const PROGRESS_THRESHOLD: u64 = 8 << 20;

/// Counts the bytes read, for the progress bar.
struct Counting<R> {
    inner: R,
    bar: Option<ProgressBar>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
        }
        Ok(n)
    }
}

fn progress_bar(len: u64) -> Option<ProgressBar> {
    if len < PROGRESS_THRESHOLD || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

fn run_stream(cli: &Cli, kind: StreamKind, options: &Options, format: Format) -> ExitCode {
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
    let result =
        dissect_stream(kind, input, &config, options, format, &mut out).and_then(|_| out.flush());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dissect: {name}: {e}");
            ExitCode::from(1)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let options = Options {
        decode_as: cli.decode_as.clone(),
    };
    if let Some(kind) = cli.stream {
        let format = if cli.json {
            Format::Json
        } else {
            Format::Layered {
                verbose: cli.verbose,
            }
        };
        return run_stream(&cli, kind, &options, format);
    }
    let (input, len, name): (Box<dyn Read + Send>, u64, String) = match &cli.capture {
        Some(capture) => match std::fs::File::open(capture) {
            Ok(f) => {
                let len = f.metadata().map(|m| m.len()).unwrap_or(0);
                (Box::new(f), len, capture.display().to_string())
            }
            Err(e) => {
                eprintln!("dissect: {}: {e}", capture.display());
                return ExitCode::from(1);
            }
        },
        None => match demonstration(cli.write.as_deref()) {
            Ok(pcap) => (
                Box::new(std::io::Cursor::new(pcap)),
                0,
                "the demonstration".into(),
            ),
            Err(e) => {
                eprintln!("dissect: {e}");
                return ExitCode::from(1);
            }
        },
    };
    let bar = progress_bar(len);
    let input = Counting {
        inner: input,
        bar: bar.clone(),
    };
    let stdout = std::io::stdout();
    let color = cli.color.enabled(stdout.is_terminal());
    let mut out = BufWriter::new(stdout.lock());
    let mut summary = SummaryPrinter::new(color);
    let mut stats = Stats::default();
    let mut sessions = cli.reassemble.then(|| Sessions::new(cli.decode_as.clone()));
    let mut write_failed = None;
    let result = read_capture(std::io::BufReader::new(input), |record| {
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
        if cli.stats {
            stats.add(&packet);
        }
        let written = if cli.quiet {
            Ok(())
        } else if let Some(sessions) = &mut sessions {
            sessions.push(&packet, record.data, &mut out)
        } else if cli.json {
            write_packet(&mut out, &packet, Format::Json)
        } else if cli.verbose {
            write_packet(&mut out, &packet, Format::Layered { verbose: true })
        } else {
            summary.write(&mut out, &packet, record.timestamp)
        };
        if let Err(e) = written {
            write_failed = Some(e);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if write_failed.is_none() {
        let mut tail = Ok(());
        if let (Some(sessions), false) = (&mut sessions, cli.quiet) {
            tail = sessions.finish(&mut out);
        }
        if cli.stats && tail.is_ok() {
            if !cli.quiet {
                tail = writeln!(out);
            }
            tail = tail.and_then(|()| stats.write(&mut out));
        }
        write_failed = tail.err();
    }
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
            eprintln!("dissect: {name}: {e}");
            ExitCode::from(1)
        }
    }
}

/// Builds the seed story, writes it to `path` if given, and returns it as a pcap file.
fn demonstration(path: Option<&std::path::Path>) -> Result<Vec<u8>, String> {
    let story = codec_dissect::demo::seed_story()
        .map_err(|e| format!("building the demonstration: {e}"))?;
    let mut pcap = Vec::new();
    codec_dissect::demo::write_pcap(&story, &mut pcap).map_err(|e| e.to_string())?;
    let placeholders = story.iter().filter(|m| m.placeholder.is_some()).count();
    eprintln!(
        "dissect: no capture given, so here is the demonstration: \"A short story of TCP\", a 1990s \
         dial-up session (PPP negotiation, DNS lookups, an FTP download) rebuilt by the codec \
         family's builders: {} messages, {placeholders} with placeholders for bytes the log elides. \
         Pass a capture file to dissect your own (--help for the options).",
        story.len()
    );
    if let Some(path) = path {
        std::fs::write(path, &pcap).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("dissect: wrote {}", path.display());
    }
    Ok(pcap)
}

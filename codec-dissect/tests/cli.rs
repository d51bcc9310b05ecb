//! The `dissect` command line: the demonstration, the summary lines, statistics, JSON.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

mod common;
use common::shared_dir;

use std::process::{Command, Output};

fn dissect(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dissect"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn without_arguments_the_demonstration_is_dissected() {
    let o = dissect(&[]);
    assert!(o.status.success());
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 100);
    assert!(lines[0].contains("LCP") && lines[0].contains("Configure-Request id=1"));
    assert!(lines[20].contains("141.2.28.110:1107 → 141.2.22.74:53"));
    assert!(lines[27].contains("CNAME diamant.vsb.cs.uni-frankfurt.de"));
    assert!(lines[33].contains("USER anonymous"));
    assert!(!out.contains('\x1b'), "no colours when not a terminal");
    assert!(String::from_utf8_lossy(&o.stderr).contains("A short story of TCP"));
}

#[test]
fn the_demonstration_is_written_as_a_pcap() {
    let dir = std::env::temp_dir().join(format!("dissect-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("story.pcap");
    let o = dissect(&["--write", path.to_str().unwrap(), "-q"]);
    assert!(o.status.success());
    let pcap = std::fs::read(&path).unwrap();
    // Written, then read back by the dissector like any capture.
    let again = dissect(&["--json", path.to_str().unwrap()]);
    assert_eq!(stdout(&again).lines().count(), 100);
    assert_eq!(&pcap[..4], &[0xd4, 0xc3, 0xb2, 0xa1]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stats_count_the_protocol_hierarchy_and_errors() {
    let capture = shared_dir().join("captures/dns/ndpi_dns_vlan_pppoe.pcap");
    let o = dissect(&["-q", "--stats", capture.to_str().unwrap()]);
    assert!(o.status.success());
    let out = stdout(&o);
    // tshark -q -z io,phs on this capture: 5 frames; 2 in QinQ PPPoE sessions.
    let row = |name: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in {out}"))
            .split_whitespace()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(row("eth")[1..], ["5", "536"]);
    assert_eq!(row("pppoes")[1..], ["2", "310"]);
    assert_eq!(row("total")[1..], ["5", "536"]);
    assert_eq!(
        out.matches("dns").count(),
        2,
        "dns under ip:udp and under pppoes: {out}"
    );
    // A malformed capture shows its decoding errors by kind.
    let bad = shared_dir().join("captures/dns/tcpdump_dns_fwdptr.pcap");
    let o = dissect(&["-q", "--stats", bad.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(out.contains("Decoding errors"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("dns") && l.contains("ForwardPointer")),
        "{out}"
    );
}

#[test]
fn json_lines_follow_the_reference_schema() {
    let capture =
        shared_dir().join("captures/ethernet_vlan_arp/packetnet_arp_request_response.pcap");
    let o = dissect(&["--json", capture.to_str().unwrap()]);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(first["frame"], 1);
    assert_eq!(first["protocols"], "eth:arp");
    assert_eq!(first["layers"][1]["tpa"], "192.168.1.214");
}

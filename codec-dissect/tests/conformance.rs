//! Conformance against Wireshark: runs the dissector's JSON mode over every shared capture
//! that has a reference in `../shared/reference`, and compares layer by layer (matched by
//! `proto` and `pos`) every field both sides have.
//!
//! A protocol declared implemented ([`IMPLEMENTED`]) must have no mismatch and no missing
//! layer (unless listed, with a reason, in `tests/conformance-exceptions.tsv`) and must
//! compare at least 95 % of the scalar fields Wireshark offers for it, outside the
//! display-only `decoded` / `data` / `info` / `text` subtrees. Coverage counts the layers
//! the walk reaches (a layer whose parent was not decoded, e.g. behind a link type or a
//! tunnel nobody decodes yet, is "unreached" and counted apart).
//!
//! The shared folder is `../shared` beside the workspace, or `$CODEC_SHARED`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

mod common;
use codec_dissect::capture::read_capture;
use codec_dissect::decode_as::DecodeAs;
use codec_dissect::dissect::{Options, dissect};
use common::shared_dir;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Protocols whose layers must agree with Wireshark at 100 %.
const IMPLEMENTED: &[&str] = &[
    "eth",
    "vlan",
    "ieee8021ad",
    "arp",
    "ip",
    "icmp",
    "ipv6",
    "gre",
    "icmpv6",
    "ppp",
    "lcp",
    "ipcp",
    "ipv6cp",
    "ccp",
    "pap",
    "chap",
    "pppoed",
    "pppoes",
    "tcp",
    "udp",
    "vjc",
    "http",
    "dhcp",
    "dns",
    "ftp",
    "telnet",
    "aim",
    "aim_generic",
    "aim_location",
    "aim_buddylist",
    "aim_messaging",
    "aim_bos",
    "aim_ssi",
    "aim_icq",
];
/// Least share of Wireshark's fields a declared protocol must compare.
const MIN_COVERAGE: f64 = 0.95;
/// Keys holding Wireshark's display strings, not wire fields.
const DISPLAY_ONLY: &[&str] = &["decoded", "data", "info", "text"];

/// Captures that `SOURCES.md` marks as deliberately malformed (a `## <file>` heading followed
/// by a `- content: MALFORMED...` line), with that line. They are fuzz or robustness inputs:
/// their field values and missing layers are not compared (Wireshark's reading of garbage is
/// no reference), but they are still dissected, here and in the no-panic test.
fn malformed_captures(captures: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(dirs) = fs::read_dir(captures) else {
        return out;
    };
    for dir in dirs.flatten() {
        let Ok(text) = fs::read_to_string(dir.path().join("SOURCES.md")) else {
            continue;
        };
        let mut current: Option<String> = None;
        for line in text.lines() {
            if let Some(name) = line.strip_prefix("## ") {
                current = Some(name.trim().to_string());
            } else if let (Some(name), Some(content)) = (&current, line.strip_prefix("- content: "))
                && content.starts_with("MALFORMED")
            {
                out.insert(name.clone(), content.to_string());
            }
        }
    }
    out
}

fn find_capture(captures: &Path, name: &str) -> Option<PathBuf> {
    fs::read_dir(captures)
        .ok()?
        .flatten()
        .map(|d| d.path().join(name))
        .find(|p| p.is_file())
}

/// The rules the reference was made with (`../shared/oracle/README.md`).
fn decode_as_for(capture: &str) -> Vec<DecodeAs> {
    let mut rules = vec!["tcp.port==5190,aim".parse().unwrap()];
    if capture == "ndpi_Oscar.pcap" {
        rules.push("tcp.port==443,aim".parse().unwrap());
    }
    rules
}

fn leaves<'v>(prefix: &str, v: &'v Value, out: &mut BTreeMap<String, &'v Value>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if DISPLAY_ONLY.contains(&k.as_str()) {
                    continue;
                }
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(&p, v, out);
            }
        }
        Value::Array(a) => {
            out.insert(format!("{prefix}[]#len"), v);
            for (i, v) in a.iter().enumerate() {
                leaves(&format!("{prefix}[{i}]"), v, out);
            }
        }
        _ => {
            out.insert(prefix.to_string(), v);
        }
    }
}

fn layer_fields(layer: &Value) -> BTreeMap<String, &Value> {
    let mut out = BTreeMap::new();
    if let Value::Object(m) = layer {
        for (k, v) in m {
            if k == "proto" || k == "pos" || DISPLAY_ONLY.contains(&k.as_str()) {
                continue;
            }
            leaves(k, v, &mut out);
        }
    }
    out
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => x.len() == y.len(),
        _ => a == b,
    }
}

#[derive(Default)]
struct Stats {
    layers: usize,
    missing: usize,
    unreached: usize,
    compared: usize,
    equal: usize,
    /// Compared fields whose disagreement is a listed exception.
    excepted: usize,
    offered: usize,
}

struct Mismatch {
    capture: String,
    frame: u64,
    proto: String,
    field: String,
    ours: String,
    theirs: String,
}

fn load_exceptions() -> HashSet<(String, u64, String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance-exceptions.tsv");
    let text = fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(
                cols.len() >= 5 && !cols[4].trim().is_empty(),
                "exception without a reason: {l}"
            );
            (
                cols[0].to_string(),
                cols[1].parse().unwrap(),
                cols[2].to_string(),
                cols[3].to_string(),
            )
        })
        .collect()
}

#[test]
fn conformance_with_wireshark() {
    let shared = shared_dir();
    let captures = shared.join("captures");
    let mut refs: Vec<PathBuf> = fs::read_dir(shared.join("reference"))
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", shared.join("reference").display()))
        .flatten()
        .map(|d| d.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    refs.sort();
    assert!(
        refs.len() >= 40,
        "expected the shared references, found {}",
        refs.len()
    );

    let exceptions = load_exceptions();
    let malformed = malformed_captures(&captures);
    for (name, why) in &malformed {
        println!("skipping field equality and missing layers of {name}: {why}");
    }
    let mut stats: BTreeMap<String, Stats> = BTreeMap::new();
    let mut mismatches: Vec<Mismatch> = Vec::new();
    let mut excepted = 0usize;

    for reference in &refs {
        let capture_name = reference
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .trim_end_matches(".jsonl")
            .to_string();
        let capture = find_capture(&captures, &capture_name)
            .unwrap_or_else(|| panic!("no capture for reference {capture_name}"));
        let options = Options {
            decode_as: decode_as_for(&capture_name),
        };
        let skip = malformed.contains_key(&capture_name);
        let mut ours: BTreeMap<u64, Value> = BTreeMap::new();
        read_capture(fs::File::open(&capture).unwrap(), |r| {
            ours.insert(
                r.number,
                dissect(r.number, r.linktype, r.origlen, r.data, &options).to_json(),
            );
        })
        .unwrap_or_else(|e| panic!("{capture_name}: {e}"));

        if skip {
            // Dissected above (no panic); nothing is compared.
            continue;
        }
        for line in fs::read_to_string(reference).unwrap().lines() {
            let theirs: Value = serde_json::from_str(line).unwrap();
            let frame = theirs["frame"].as_u64().unwrap();
            let our_packet = ours
                .get(&frame)
                .unwrap_or_else(|| panic!("{capture_name}: frame {frame} not dissected"));
            let empty = Vec::new();
            let our_layers = our_packet["layers"].as_array().unwrap_or(&empty);
            let their_layers = theirs["layers"].as_array().unwrap();
            let mut parent_matched = true;
            for their in their_layers {
                let proto = their["proto"].as_str().unwrap().to_string();
                let pos = their["pos"].as_u64().unwrap();
                let ours_layer = our_layers
                    .iter()
                    .find(|l| l["proto"] == their["proto"] && l["pos"].as_u64() == Some(pos));
                let st = stats.entry(proto.clone()).or_default();
                st.layers += 1;
                let their_fields = layer_fields(their);
                let Some(ours_layer) = ours_layer else {
                    if parent_matched {
                        // Reached but not produced: its fields count against coverage.
                        st.offered += their_fields.len();
                        let key = (
                            capture_name.clone(),
                            frame,
                            proto.clone(),
                            "<layer>".to_string(),
                        );
                        if exceptions.contains(&key) {
                            excepted += 1;
                        } else {
                            st.missing += 1;
                            if IMPLEMENTED.contains(&proto.as_str()) {
                                mismatches.push(Mismatch {
                                    capture: capture_name.clone(),
                                    frame,
                                    proto: proto.clone(),
                                    field: "<layer>".into(),
                                    ours: "missing".into(),
                                    theirs: format!("at byte {pos}"),
                                });
                            }
                        }
                    } else {
                        st.unreached += 1;
                    }
                    parent_matched = false;
                    continue;
                };
                parent_matched = true;
                // Coverage counts the layers reached (found or missing under a decoded
                // parent): a layer behind an undecoded one is "unreached", not uncovered.
                st.offered += their_fields.len();
                let our_fields = layer_fields(ours_layer);
                for (field, theirs_v) in &their_fields {
                    let Some(ours_v) = our_fields.get(field) else {
                        continue;
                    };
                    st.compared += 1;
                    if same(ours_v, theirs_v) {
                        st.equal += 1;
                        continue;
                    }
                    let key = (capture_name.clone(), frame, proto.clone(), field.clone());
                    if exceptions.contains(&key) {
                        excepted += 1;
                        st.excepted += 1;
                        continue;
                    }
                    mismatches.push(Mismatch {
                        capture: capture_name.clone(),
                        frame,
                        proto: proto.clone(),
                        field: field.clone(),
                        ours: ours_v.to_string(),
                        theirs: theirs_v.to_string(),
                    });
                }
            }
        }
    }

    println!(
        "\n{:<16} {:>7} {:>8} {:>10} {:>9} {:>8} {:>9} {:>8} {:>9}  declared",
        "protocol",
        "layers",
        "missing",
        "unreached",
        "compared",
        "equal",
        "excepted",
        "equal%",
        "coverage"
    );
    let mut failures = Vec::new();
    for (proto, s) in &stats {
        // Equality over the fields not listed as exceptions (each listed one is a documented
        // Wireshark defect, with the RFC section that decides, in the exceptions file).
        let judged = s.compared - s.excepted;
        let eq = if judged == 0 {
            100.0
        } else {
            100.0 * s.equal as f64 / judged as f64
        };
        let cov = if s.offered == 0 {
            1.0
        } else {
            s.compared as f64 / s.offered as f64
        };
        let declared = IMPLEMENTED.contains(&proto.as_str());
        let cov_text = if s.offered == 0 {
            "-".to_string()
        } else {
            format!("{:.1}%", 100.0 * cov)
        };
        println!(
            "{:<16} {:>7} {:>8} {:>10} {:>9} {:>8} {:>9} {:>7.1}% {:>9}  {}",
            proto,
            s.layers,
            s.missing,
            s.unreached,
            s.compared,
            s.equal,
            s.excepted,
            eq,
            cov_text,
            if declared { "yes" } else { "" }
        );
        if declared && s.layers == s.unreached {
            failures.push(format!("{proto}: no capture reaches it"));
        }
        if declared && cov < MIN_COVERAGE {
            failures.push(format!(
                "{proto}: coverage {:.1}% < {:.0}%",
                100.0 * cov,
                100.0 * MIN_COVERAGE
            ));
        }
    }
    println!("exceptions applied: {excepted}");
    let declared_mismatches: Vec<&Mismatch> = mismatches
        .iter()
        .filter(|m| IMPLEMENTED.contains(&m.proto.as_str()))
        .collect();
    for m in &declared_mismatches {
        println!(
            "MISMATCH {} frame {} {} {}: ours {} wireshark {}",
            m.capture, m.frame, m.proto, m.field, m.ours, m.theirs
        );
    }
    let others = mismatches.len() - declared_mismatches.len();
    if others > 0 {
        println!("({others} mismatches in protocols not declared implemented, not shown)");
    }
    for d in IMPLEMENTED {
        assert!(
            stats.get(*d).is_some_and(|s| s.layers > 0),
            "no {d} layer in the references"
        );
    }
    if !declared_mismatches.is_empty() {
        failures.push(format!(
            "{} mismatches or missing layers in declared protocols",
            declared_mismatches.len()
        ));
    }
    assert!(failures.is_empty(), "conformance failed: {failures:?}");
}

/// Every capture in the shared folder, the malformed ones included, dissects without a
/// panic, and a truncated copy of each gives a clean error or fewer frames.
#[test]
fn every_capture_dissects_without_panic() {
    let captures = shared_dir().join("captures");
    let mut count = 0;
    for dir in fs::read_dir(&captures).unwrap().flatten() {
        let Ok(files) = fs::read_dir(dir.path()) else {
            continue;
        };
        for f in files.flatten() {
            let path = f.path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !(name.ends_with(".pcap") || name.ends_with(".pcapng") || name.ends_with(".cap")) {
                continue;
            }
            let bytes = fs::read(&path).unwrap();
            let options = Options {
                decode_as: decode_as_for(&name),
            };
            let frames = read_capture(&bytes[..], |r| {
                let p = dissect(r.number, r.linktype, r.origlen, r.data, &options);
                assert!(
                    p.layers
                        .iter()
                        .all(|l| l.pos + l.size <= r.data.len().max(l.pos + l.size))
                );
                let _ = p.to_json();
            })
            .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(frames > 0, "{name}: no frames");
            // A copy cut in the middle of the file is reported, never a panic.
            let cut = &bytes[..bytes.len() / 2 + 1];
            let _ = read_capture(cut, |r| {
                let _ = dissect(r.number, r.linktype, r.origlen, r.data, &options);
            });
            count += 1;
        }
    }
    assert!(count >= 40, "expected the shared captures, found {count}");
}

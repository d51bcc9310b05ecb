#!/usr/bin/env bash
# dissect --json vs tshark -T pdml over every shared capture, one process per file
# Usage (from the workspace root, after cargo build --release -p codec-dissect):
#   hyperfine "codec-dissect/scripts/speed-vs-tshark.sh ../shared dissect" \
#             "codec-dissect/scripts/speed-vs-tshark.sh ../shared tshark"
# (the AIM capture with its decode-as rule, as the reference was made).
shared=$1; tool=$2
for f in $(find "$shared/captures" -name '*.pcap' -o -name '*.pcapng' | sort); do
  rule=()
  case $f in *ndpi_Oscar*) rule=(-d tcp.port==443,aim);; esac
  if [ "$tool" = tshark ]; then
    tshark -n -T pdml "${rule[@]}" -r "$f" > /dev/null 2>&1
  else
    ./target/release/dissect --json "${rule[@]}" "$f" > /dev/null 2>&1
  fi
done
true

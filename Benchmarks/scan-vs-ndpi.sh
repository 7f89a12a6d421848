#!/usr/bin/env bash
# Scan throughput and peak memory of a release build of `paicha scan`, next to ndpiReader
# (Debian libndpi-bin) on the same generated capture, both single-threaded.
#
#   Benchmarks/scan-vs-ndpi.sh [SIZE_BYTES] [FILE]
#
# SIZE_BYTES defaults to 1 GiB; FILE to /tmp/paicha-bench.pcap (kept for re-runs when it exists
# with the right size). Needs: libndpi-bin, time (both installed on demand when root).
# Targets (issue 2): packets/s at least 3x ndpiReader's; peak memory under 64 MB whatever the size.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1073741824}
file=${2:-/tmp/paicha-bench.pcap}

if ! command -v ndpiReader >/dev/null || [ ! -x /usr/bin/time ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq libndpi-bin time
fi

swift build -c release --product paicha >&2
bin=.build/release/paicha

if [ ! -f "$file" ] || [ "$(stat -c %s "$file")" -lt "$size" ]; then
    echo "generating $file ($size bytes)..." >&2
    "$bin" sample --benchmark "$file" --benchmark-bytes "$size" >&2
fi
bytes=$(stat -c %s "$file")

measure() { # name, command...: prints "seconds maxrss_kb"
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o /tmp/paicha-bench-time "$@" >/tmp/paicha-bench-$name.out 2>/tmp/paicha-bench-$name.err
    cat /tmp/paicha-bench-time
}

# Warm the page cache so that both read from memory.
cat "$file" >/dev/null

read -r p_sec p_kb < <(measure paicha "$bin" scan --format json --no-progress "$file")
packets=$(python3 -c 'import json,sys; print(json.load(open("/tmp/paicha-bench-paicha.out"))["statistics"]["packets"])')
read -r q_sec q_kb < <(measure paicha-nohash "$bin" scan --no-hash --format json --no-progress "$file")
read -r n_sec n_kb < <(measure ndpi ndpiReader -q -n 1 -i "$file")

python3 - "$bytes" "$packets" "$p_sec" "$p_kb" "$q_sec" "$q_kb" "$n_sec" "$n_kb" <<'PY'
import sys
b, pk = int(sys.argv[1]), int(sys.argv[2])
ps, pkb, qs, qkb, ns, nkb = float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8])
def row(name, s, kb):
    return f"{name:<26} {s:>8.2f} s {pk/s/1e6:>8.2f} Mpkt/s {b/s/1e6:>8.1f} MB/s {kb/1024:>8.1f} MiB peak"
print(f"capture: {b/1e9:.2f} GB, {pk/1e6:.2f} M packets")
print(row("paicha (SHA-256 of input)", ps, pkb))
print(row("paicha --no-hash", qs, qkb))
print(row("ndpiReader -n 1", ns, nkb))
print(f"packets per second against ndpiReader: {ns/ps:.2f}x with hashing, {ns/qs:.2f}x without (target >= 3x); "
      f"peak memory {max(pkb, qkb)/1024:.1f} MiB (target < 64 MiB)")
PY

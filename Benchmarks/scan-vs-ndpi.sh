#!/usr/bin/env bash
# Scan throughput and peak memory of a release build of `paicha scan`, next to ndpiReader
# (Debian libndpi-bin) on the same generated capture, both single-threaded.
#
#   Benchmarks/scan-vs-ndpi.sh [SIZE_BYTES] [FILE]
#
# SIZE_BYTES defaults to 1 GiB; FILE to /tmp/paicha-bench.pcap (kept for re-runs when it exists
# with the right size); SCRATCH (environment) to .build, the build directory. Needs: libndpi-bin, time
# (both installed on demand when root).
# Besides wall time, each row shows the CPU time (user + system): on a shared machine wall time is
# meaningless and CPU time the figure to compare.
# Targets (issue 2): packets/s at least 3x ndpiReader's; peak memory under 64 MB whatever the size.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1073741824}
file=${2:-/tmp/paicha-bench.pcap}

if ! command -v ndpiReader >/dev/null || [ ! -x /usr/bin/time ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq libndpi-bin time
fi

scratch=${SCRATCH:-.build}
swift build -c release --product paicha --scratch-path "$scratch" >&2
bin=$scratch/release/paicha

if [ ! -f "$file" ] || [ "$(stat -c %s "$file")" -lt "$size" ]; then
    echo "generating $file ($size bytes)..." >&2
    "$bin" sample --benchmark "$file" --benchmark-bytes "$size" >&2
fi
bytes=$(stat -c %s "$file")

measure() { # name, command...: prints "seconds maxrss_kb cpu_seconds"
    local name=$1; shift
    /usr/bin/time -f "%e %M %U %S" -o /tmp/paicha-bench-time "$@" >/tmp/paicha-bench-$name.out 2>/tmp/paicha-bench-$name.err
    awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' /tmp/paicha-bench-time
}

# Warm the page cache so that both read from memory.
cat "$file" >/dev/null

read -r p_sec p_kb p_cpu < <(measure paicha "$bin" scan --format json --no-progress "$file")
packets=$(python3 -c 'import json,sys; print(json.load(open("/tmp/paicha-bench-paicha.out"))["statistics"]["packets"])')
read -r q_sec q_kb q_cpu < <(measure paicha-nohash "$bin" scan --no-hash --format json --no-progress "$file")
read -r n_sec n_kb n_cpu < <(measure ndpi ndpiReader -q -n 1 -i "$file")

python3 - "$bytes" "$packets" "$p_sec" "$p_kb" "$q_sec" "$q_kb" "$n_sec" "$n_kb" "$p_cpu" "$q_cpu" "$n_cpu" <<'PY'
import sys
b, pk = int(sys.argv[1]), int(sys.argv[2])
ps, pkb, qs, qkb, ns, nkb = float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8])
pc, qc, nc = float(sys.argv[9]), float(sys.argv[10]), float(sys.argv[11])
def row(name, s, kb, cpu):
    return f"{name:<26} {s:>8.2f} s {pk/s/1e6:>8.2f} Mpkt/s {b/s/1e6:>8.1f} MB/s {kb/1024:>8.1f} MiB peak {cpu:>6.2f} s CPU"
print(f"capture: {b/1e9:.2f} GB, {pk/1e6:.2f} M packets")
print(row("paicha (SHA-256 of input)", ps, pkb, pc))
print(row("paicha --no-hash", qs, qkb, qc))
print(row("ndpiReader -n 1", ns, nkb, nc))
print(f"packets per second against ndpiReader: {ns/ps:.2f}x with hashing, {ns/qs:.2f}x without (target >= 3x); "
      f"peak memory {max(pkb, qkb)/1024:.1f} MiB (target < 64 MiB)")
print(f"CPU time against ndpiReader: {nc/pc:.2f}x with hashing, {nc/qc:.2f}x without")
PY

#!/usr/bin/env bash
# Scan throughput and peak memory of a release build of `paicha scan`, next to ndpiReader
# (Debian libndpi-bin) on the same generated capture, both single-threaded.
#
#   Benchmarks/scan-vs-ndpi.sh [SIZE_BYTES] [FILE]
#
# SIZE_BYTES defaults to 1 GiB; FILE to /tmp/paicha-bench.pcap (kept for re-runs when it exists
# with the right size). Environment: SCRATCH, the build directory (.build/benchmark); ROUNDS, how many
# interleaved rounds (5); STATIC=0 to link the Swift runtime dynamically. Needs: libndpi-bin, python3
# (ndpiReader installed on demand when root).
# Besides wall time, each row shows the CPU time (user + system): on a shared machine wall time is
# meaningless and CPU time the figure to compare.
# Targets (issue 2): packets/s at least 3x ndpiReader's; peak memory under 64 MB whatever the size.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1073741824}
file=${2:-/tmp/paicha-bench.pcap}

if ! command -v ndpiReader >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq libndpi-bin
fi

scratch=${SCRATCH:-.build/benchmark}
rounds=${ROUNDS:-5}
# The Swift runtime linked in (as the tool would be shipped to a sensor: one file, nothing to install);
# STATIC=0 for the usual dynamically linked build.
static_flag=--static-swift-stdlib
[ "${STATIC:-1}" = 0 ] && static_flag=
swift build -c release $static_flag --product paicha --scratch-path "$scratch" >&2
bin=$scratch/release/paicha

if [ ! -f "$file" ] || [ "$(stat -c %s "$file")" -lt "$size" ]; then
    echo "generating $file ($size bytes)..." >&2
    "$bin" sample --benchmark "$file" --benchmark-bytes "$size" >&2
fi
bytes=$(stat -c %s "$file")

# Both tools read the file from the page cache, as a capture on disk is read the first time.
Benchmarks/reset-page-cache.sh "$file"

# ROUNDS rounds, each running every command once in turn (a change of load hits all alike); medians.
python3 - "$bytes" "$rounds" "$bin" "$file" <<'PY'
import json, os, statistics, sys, time
size, rounds, binary, capture = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
commands = {
    "paicha --no-hash -f json": [binary, "scan", "--no-hash", "--no-progress", "-f", "json", capture],
    "paicha --no-hash (text)": [binary, "scan", "--no-hash", "--no-progress", capture],
    "paicha -f json (SHA-256)": [binary, "scan", "--no-progress", "-f", "json", capture],
    "ndpiReader -q -n 1": ["ndpiReader", "-q", "-n", "1", "-i", capture],
}
def run(argv, keep):
    out = os.open(keep if keep else os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.dup2(out, 1)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.execvp(argv[0], argv)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    os.close(out)
    if status != 0:
        sys.exit(f"{argv[0]} failed with status {status}")
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss / 1024
samples = {name: [] for name in commands}
for round in range(rounds):
    for name, argv in commands.items():
        keep = "/tmp/paicha-bench-scan.json" if round == 0 and name.endswith("json") else None
        samples[name].append(run(argv, keep))
packets = json.load(open("/tmp/paicha-bench-scan.json"))["statistics"]["packets"]
print(f"capture: {size / 1e9:.2f} GB, {packets / 1e6:.2f} M packets; {rounds} rounds, medians")
ndpi = statistics.median(w for w, _, _ in samples["ndpiReader -q -n 1"])
ndpi_cpu = statistics.median(c for _, c, _ in samples["ndpiReader -q -n 1"])
for name, runs in samples.items():
    wall = statistics.median(w for w, _, _ in runs)
    cpu = statistics.median(c for _, c, _ in runs)
    peak = max(m for _, _, m in runs)
    print(f"{name:<26} {wall:7.0f} ms ({min(w for w, _, _ in runs):.0f}–{max(w for w, _, _ in runs):.0f}) "
          f"{packets / wall / 1e3:6.2f} Mpkt/s {size / wall / 1e3:7.0f} MB/s {cpu:6.0f} ms CPU "
          f"{peak:6.1f} MiB peak   {ndpi / wall:4.2f}x packets/s, {ndpi_cpu / cpu:4.2f}x CPU against ndpiReader")
with open("/proc/loadavg") as load:
    print("load average:", load.read().strip(), "(target: >= 3x ndpiReader's packets/s; peak < 64 MiB)")
PY

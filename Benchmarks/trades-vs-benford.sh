#!/usr/bin/env bash
# Benchmark (not a test): a full `paicha trades audit` (parsing included) of a Binance-style trades CSV of ROWS rows
# (default 10 million, about 635 MB), release build, next to pandas `read_csv` plus benford_py's `Benford` class on
# the same file (Benchmarks/trades-reference.py). Target from issue 6: at least 8x faster end to end, both cores.
#
#   Benchmarks/trades-vs-benford.sh [ROWS] [SCRATCH]     (needs python3 with pandas and benford_py)
#
# Environment: ROUNDS, how many interleaved rounds (5); STATIC=0 to link the Swift runtime dynamically.
# Each round runs, in turn: the default audit (the tape's SHA-256 computed beside the tally, for evidence), the audit
# with `--no-hash` (the reference hashes nothing: the like-for-like comparison), and the reference once (its own
# read + tests time, as it prints it: interpreter start-up and imports are not counted). Medians at the end.
set -euo pipefail
ROWS=${1:-10000000}
SCRATCH=${2:-/tmp/paicha-trades-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-5}
mkdir -p "$SCRATCH"
# The Swift runtime linked in, as the tool would be shipped (and as the scan benchmark builds it).
static_flag=--static-swift-stdlib
[ "${STATIC:-1}" = 0 ] && static_flag=
swift build -c release $static_flag --package-path "$ROOT" --scratch-path "$SCRATCH/build" --product paicha >&2
PAICHA="$SCRATCH/build/release/paicha"
TAPE="$SCRATCH/binance-$ROWS.csv"
[ -f "$TAPE" ] || python3 "$ROOT/Scripts/trades-generate-binance.py" "$ROWS" "$TAPE"
# Both read the tape from the page cache as a file on disk is read the first time.
"$ROOT/Benchmarks/reset-page-cache.sh" "$TAPE"
echo "== $(wc -c <"$TAPE") bytes, $ROWS rows ($(uptime | sed 's/.*load/load/'))"

python3 - "$rounds" "$PAICHA" "$TAPE" "$SCRATCH" "$ROOT/Benchmarks/trades-reference.py" <<'PY'
import os, re, statistics, subprocess, sys, time
rounds, binary, tape, scratch, reference = int(sys.argv[1]), *sys.argv[2:]
audits = {
    "paicha trades audit (SHA-256)": [binary, "trades", "audit", tape, "-f", "json", "--deterministic",
                                      "-o", f"{scratch}/audit.json"],
    "paicha trades audit --no-hash": [binary, "trades", "audit", tape, "-f", "json", "--deterministic", "--no-hash",
                                      "-o", f"{scratch}/audit-no-hash.json"],
}
def run(argv):
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execvp(argv[0], argv)
    _, status, usage = os.wait4(pid, 0)
    if status != 0:
        sys.exit(f"{argv[0]} failed with status {status}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
samples = {name: [] for name in audits}
totals = []
for round in range(rounds):
    for name, argv in audits.items():
        samples[name].append(run(argv))
    out = subprocess.run([sys.executable, reference, tape, "--repeat", "1"], capture_output=True, text=True,
                         check=True).stdout
    totals.append(float(re.search(r"total ([0-9.]+) s", out).group(1)))
    print(f"round {round + 1}: " + ", ".join(f"{name} {samples[name][-1][0]:.2f} s" for name in audits)
          + f", pandas + benford_py {totals[-1]:.2f} s", flush=True)
ref = statistics.median(totals)
print(f"pandas + benford_py, a fresh process each round: median {ref:.2f} s ({min(totals):.2f}–{max(totals):.2f})")
# The reference again, ROUNDS times in one process: later runs find pandas' memory already mapped and are faster, so
# this is the figure least favourable to paicha.
out = subprocess.run([sys.executable, reference, tape, "--repeat", str(rounds)], capture_output=True, text=True,
                     check=True).stdout
warm = float(re.search(r"total ([0-9.]+) s", out).group(1))
print(f"pandas + benford_py, {rounds} runs in one process: median {warm:.2f} s")
for name, runs in samples.items():
    wall = statistics.median(w for w, _, _ in runs)
    cpu = statistics.median(c for _, c, _ in runs)
    print(f"{name:<31} median {wall:.2f} s ({min(w for w, _, _ in runs):.2f}–{max(w for w, _, _ in runs):.2f}), "
          f"CPU {cpu:.2f} s, peak RSS {max(m for _, _, m in runs):.0f} MiB: {ref / wall:.1f}x the reference "
          f"(fresh), {warm / wall:.1f}x (one process)")
PY

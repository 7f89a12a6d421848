#!/bin/sh
# Benchmark (not a test): generate a ledger of N transfers (default 10 million), then time
# `paicha funds scan` (every pattern) and a trace on it, and compare the time-respecting cycle
# search and fan-in with networkx (search CPU time, repeated) on the AMLSim ledger and on a
# 1-million-transfer ledger.
# Usage: Scripts/funds-bench.sh [TRANSFERS] [SCRATCH]   (needs python3 with networkx for the comparison)
set -eu
N=${1:-10000000}
SCRATCH=${2:-/tmp/paicha-funds-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$SCRATCH"
swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH/build" --product paicha >/dev/null
PAICHA="$SCRATCH/build/release/paicha"
LEDGER="$SCRATCH/ledger-$N.csv"
[ -f "$LEDGER" ] || python3 "$ROOT/Scripts/funds-generate-ledger.py" "$N" $((N / 10)) "$LEDGER"
# CPU time (perf stat's task-clock, and each pattern's thread CPU time from --timings) is the figure
# to compare on a shared machine; wall-clock is printed beside it with the load average.
STAT=""
command -v perf >/dev/null 2>&1 && STAT="perf stat -e task-clock"
echo "== scan, every pattern, $N transfers ($(uptime | sed 's/.*load/load/'))"
$STAT /usr/bin/time -f "wall %e s, user %U s, sys %S s, max RSS %M KB" "$PAICHA" funds scan "$LEDGER" --timings -f json --deterministic -o "$SCRATCH/scan.json"
echo "== trace forward from a0, every policy"
$STAT /usr/bin/time -f "wall %e s, user %U s, sys %S s, max RSS %M KB" "$PAICHA" funds trace "$LEDGER" --from a0 --timings -f json --deterministic -o "$SCRATCH/trace.json" --html "$SCRATCH/trace.html"
AMLSIM="$ROOT/../shared/corpus/aml/amlsim-typologies/transactions.csv"
if [ -f "$AMLSIM" ]; then
    echo "== networkx comparison on AMLSim"
    python3 "$ROOT/Scripts/funds-networkx-compare.py" "$AMLSIM" --paicha "$PAICHA" --repeat 11
fi
SMALL="$SCRATCH/ledger-1000000.csv"
[ -f "$SMALL" ] || python3 "$ROOT/Scripts/funds-generate-ledger.py" 1000000 100000 "$SMALL"
echo "== networkx comparison on 1,000,000 transfers"
python3 "$ROOT/Scripts/funds-networkx-compare.py" "$SMALL" --paicha "$PAICHA" --repeat 3

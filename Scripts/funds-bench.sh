#!/bin/sh
# Benchmark (not a test): generate a ledger of N transfers (default 10 million), then time
# `paicha funds scan` (every pattern) and a trace on it, and compare the time-respecting cycle
# search and fan-in with networkx on the AMLSim ledger and on a 1-million-transfer ledger.
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
echo "== scan, every pattern, $N transfers"
/usr/bin/time -f "wall %e s, max RSS %M KB" "$PAICHA" funds scan "$LEDGER" --timings -f json --deterministic -o "$SCRATCH/scan.json"
echo "== trace forward from a0, every policy"
/usr/bin/time -f "wall %e s, max RSS %M KB" "$PAICHA" funds trace "$LEDGER" --from a0 --timings -f json --deterministic -o "$SCRATCH/trace.json"
AMLSIM="$ROOT/../shared/corpus/aml/amlsim-typologies/transactions.csv"
if [ -f "$AMLSIM" ]; then
    echo "== networkx comparison on AMLSim"
    python3 "$ROOT/Scripts/funds-networkx-compare.py" "$AMLSIM" --paicha "$PAICHA"
fi
SMALL="$SCRATCH/ledger-1000000.csv"
[ -f "$SMALL" ] || python3 "$ROOT/Scripts/funds-generate-ledger.py" 1000000 100000 "$SMALL"
echo "== networkx comparison on 1,000,000 transfers"
python3 "$ROOT/Scripts/funds-networkx-compare.py" "$SMALL" --paicha "$PAICHA"

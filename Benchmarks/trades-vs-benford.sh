#!/bin/sh
# Benchmark (not a test): a full `paicha trades audit` (parsing included) of a Binance-style trades CSV of ROWS rows
# (default 10 million, about 635 MB), release build, next to pandas `read_csv` plus benford_py's `Benford` class on
# the same file (Benchmarks/trades-reference.py). Target from issue 6: at least 8x faster end to end.
#
#   Benchmarks/trades-vs-benford.sh [ROWS] [SCRATCH]     (needs python3 with pandas and benford_py)
set -eu
ROWS=${1:-10000000}
SCRATCH=${2:-/tmp/paicha-trades-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$SCRATCH"
swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH/build" --product paicha >/dev/null
PAICHA="$SCRATCH/build/release/paicha"
TAPE="$SCRATCH/binance-$ROWS.csv"
[ -f "$TAPE" ] || python3 "$ROOT/Scripts/trades-generate-binance.py" "$ROWS" "$TAPE"
# Both read the tape from the page cache as a file on disk is read the first time.
"$ROOT/Benchmarks/reset-page-cache.sh" "$TAPE"
echo "== $(wc -c <"$TAPE") bytes, $ROWS rows ($(uptime | sed 's/.*load/load/'))"
# Each round: the default audit (the tape's SHA-256 computed beside the tally, for evidence) and one without it
# (`--no-hash`; the reference hashes nothing).
for round in 1 2 3 4 5; do
    /usr/bin/time -f "paicha trades audit, round $round: wall %e s, user %U s, sys %S s, max RSS %M KB" \
        "$PAICHA" trades audit "$TAPE" -f json --deterministic -o "$SCRATCH/audit.json"
    /usr/bin/time -f "paicha trades audit --no-hash, round $round: wall %e s, user %U s, sys %S s, max RSS %M KB" \
        "$PAICHA" trades audit "$TAPE" -f json --deterministic --no-hash -o "$SCRATCH/audit-no-hash.json"
done
python3 "$ROOT/Benchmarks/trades-reference.py" "$TAPE" --repeat 5 2>/dev/null

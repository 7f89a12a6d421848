#!/usr/bin/env python3
"""Check `paicha trades audit` statistics against the reference package benford_py.

For developers, not CI. Needs: pip install benford_py pandas scipy

    paicha trades audit TAPE.csv -f json --deterministic -o paicha.json [--venue V --symbol S]
    python3 Scripts/benford-reference.py TAPE.csv paicha.json [--tolerance 1e-9]

What it does, per venue/symbol found in the JSON, for trade sizes:

1. Reads TAPE.csv itself (csv + decimal.Decimal, so the digits are the digits written, never a binary
   float) and derives each value's digits independently of Paicha.
2. Feeds benford_py integers whose digits are those digits:
   - first, second and first-two digit tests: the first two significant digits as an integer 10..99
     (a value with one significant digit, 0.008, is 80: its second digit is 0). benford_py's own
     preprocessing (`decimals=2`, values * 100 truncated) would drop or distort values below 1, which
     Paicha deliberately keeps; feeding the digits makes both count the same values.
   - last-two-digit test: the value written as a whole number of lots at the lot precision Paicha
     reports (`lotPrecisionExponent`); values finer than it are left out; benford_py keeps those of at
     least 1000 lots, as Paicha does.
3. Compares, to a relative tolerance (default 1e-9): digit counts (exactly), chi-square, KS statistic,
   MAD, and the per-digit Z. Two documented differences are bridged, not hidden:
   - benford_py's last-two-digits expectation is 1/99 per pair (its `_gen_last_two_digits_`), which sums
     to 100/99; Paicha uses 1/100. For that test the script recomputes benford_py's own statistics
     (`benford.stats.chi_sq_2`, `kolmogorov_smirnov_2`, `Z_score`, the AbsDif mean) on its frame with the
     expectation set to 1/100.
   - benford_py always subtracts the continuity correction 1/(2N) in Z; Paicha follows Nigrini and
     subtracts it only when it is smaller than |found - expected|. Digits where it is not are compared
     with the uncorrected formula.
4. Checks Paicha's chi-square p-values against scipy.stats.chi2.sf and its expected MAD against the
   formula sqrt(2/(pi n)) * mean sqrt(p(1-p)).

Exit status 0 when everything agrees, 1 otherwise.
"""

import argparse
import csv
import json
import math
import sys
from decimal import Decimal

import numpy as np
import pandas as pd

import warnings

import benford
from benford import stats as bstats

warnings.filterwarnings("ignore", category=UserWarning)

TEST_COLUMNS = {"firstDigit": "F1D", "secondDigit": "SD", "firstTwoDigits": "F2D", "lastTwoDigits": "L2D"}

SIZE_NAMES = ["amount", "size", "qty", "quantity", "base_amount", "volume", "trade_size"]
PRICE_NAMES = ["price", "px", "trade_price"]


def digits_of(text):
    """The significant digits (no leading or trailing zeros) and the exponent of the last one."""
    value = Decimal(text.strip().strip('"'))
    if value == 0:
        return None
    sign, digits, exponent = value.as_tuple()
    digits = "".join(map(str, digits)).lstrip("0")
    stripped = digits.rstrip("0")
    exponent += len(digits) - len(stripped)
    return stripped, exponent


def read_markets(path, venue, symbol):
    """{(venue, symbol): [size text, ...]} read from the tape."""
    markets = {}
    with open(path, newline="") as handle:
        rows = csv.reader(handle)
        first = next(rows)
        names = [name.strip().lower() for name in first]
        header = any(name in names for name in SIZE_NAMES)
        if header:
            size = next(names.index(n) for n in SIZE_NAMES if n in names)
            ven = next((names.index(n) for n in ["exchange", "venue"] if n in names), None)
            sym = next((names.index(n) for n in ["symbol", "pair", "instrument", "market"] if n in names), None)
            body = rows
        else:  # headerless Binance trades / aggTrades: size is the third column
            size, ven, sym = 2, None, None
            body = [first] + list(rows)
        for row in body:
            if not row or len(row) <= size:
                continue
            key = (row[ven] if ven is not None else venue, row[sym] if sym is not None else symbol)
            markets.setdefault(key, []).append(row[size])
    return markets


class Comparison:
    def __init__(self, tolerance):
        self.tolerance = tolerance
        self.worst = {}
        self.failures = []

    def close(self, label, ours, theirs):
        scale = max(abs(ours), abs(theirs), 1e-300)
        error = abs(ours - theirs) / scale if scale > 0 else 0.0
        key = label.split(" ")[-1]
        self.worst[key] = max(self.worst.get(key, 0.0), error)
        if not error <= self.tolerance:
            self.failures.append(f"{label}: paicha {ours!r} benford_py {theirs!r} (relative {error:.3g})")

    def equal(self, label, ours, theirs):
        if ours != theirs:
            self.failures.append(f"{label}: paicha {ours} benford_py {theirs}")


def benford_frame(values, test):
    """benford_py's Test frame for `test` over integer `values` (no output, no plots)."""
    series = pd.Series(np.array(values, dtype=np.int64))
    base = benford.Base(series, decimals=0)
    column = TEST_COLUMNS[test]
    kept = base.loc[base[column] != -1]
    digs = {"F1D": 1, "F2D": 2, "SD": 22, "L2D": -2}[column]
    return benford.Test(kept, digs=digs, confidence=95)


def compare_test(cmp, label, ours, frame, n):
    digits = [cell["digit"] for cell in ours["cells"]]
    counts = {cell["digit"]: cell["count"] for cell in ours["cells"]}
    theirs = {int(d): int(c) for d, c in frame.Counts.items()}
    cmp.equal(f"{label} counts", [counts[d] for d in digits], [theirs.get(d, 0) for d in digits])
    if n == 0:
        return
    if ours["kind"] == "lastTwoDigits":
        frame = frame.copy()
        frame["Expected"] = 0.01
        frame["Dif"] = frame.Found - frame.Expected
        frame["AbsDif"] = frame.Dif.abs()
        frame["Z_score"] = bstats.Z_score(frame, n)
        chi = bstats.chi_sq_2(frame)
        ks = bstats.kolmogorov_smirnov_2(frame)
        mad = frame.AbsDif.mean()
    else:
        chi, ks, mad = frame.chi_square, frame.KS, frame.MAD
    cmp.close(f"{label} chiSquare", ours["chiSquare"], float(chi))
    cmp.close(f"{label} kolmogorovSmirnov", ours["kolmogorovSmirnov"], float(ks))
    cmp.close(f"{label} mad", ours["mad"], float(mad))
    for cell in ours["cells"]:
        d = cell["digit"]
        expected = float(frame.Expected[d])
        absdif = float(frame.AbsDif[d])
        if 1 / (2 * n) < absdif:
            z = float(frame.Z_score[d])
        else:
            z = absdif / math.sqrt(expected * (1 - expected) / n)
        cmp.close(f"{label} digit {d} z", cell["z"], z)
    try:
        from scipy.stats import chi2

        p = float(chi2.sf(ours["chiSquare"], ours["degreesOfFreedom"]))
        if p > 1e-290:
            cmp.close(f"{label} chiSquarePValue", ours["chiSquarePValue"], p)
    except ImportError:
        pass
    expected = [cell["expected"] for cell in ours["cells"]]
    formula = math.sqrt(2 / (math.pi * n)) * sum(math.sqrt(p * (1 - p)) for p in expected) / len(expected)
    cmp.close(f"{label} expectedMAD", ours["expectedMAD"], formula)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tape")
    parser.add_argument("paicha_json")
    parser.add_argument("--venue", default="unknown", help="the venue of rows naming none (as given to paicha)")
    parser.add_argument("--symbol", default="unknown", help="the symbol of rows naming none (as given to paicha)")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    args = parser.parse_args()

    document = json.load(open(args.paicha_json))
    markets = read_markets(args.tape, args.venue, args.symbol)
    if len(document["venues"]) == 1 and len(markets) == 1:
        only = document["venues"][0]
        markets = {(only["venue"], only["symbol"]): next(iter(markets.values()))}
    cmp = Comparison(args.tolerance)
    checked = 0
    for card in document["venues"]:
        key = (card["venue"], card["symbol"])
        if key not in markets:
            cmp.failures.append(f"{key}: in Paicha's output, not found in the tape")
            continue
        parsed = [digits_of(text) for text in markets[key]]
        values = [p for p in parsed if p is not None]
        leading = [int(d[:2].ljust(2, "0")) for d, _ in values]
        precision = card["size"].get("lotPrecisionExponent")
        lots = []
        if precision is not None:
            for d, e in values:
                if e >= precision and len(d) + (e - precision) >= 4:
                    count = int(d) * 10 ** (e - precision)
                    # Beyond int64 for float-noise tapes; only the last two digits and ">= 1000" matter.
                    lots.append(count if count < 10**18 else count % 10**6 + 10**6)
        for test in card["size"]["digitTests"]:
            source = lots if test["kind"] == "lastTwoDigits" else leading
            label = f"{card['venue']}/{card['symbol']} size {test['kind']}"
            if test["count"] == 0 and not source:
                continue
            frame = benford_frame(source, test["kind"])
            compare_test(cmp, label, test, frame, test["count"])
            checked += 1
    print(f"compared {checked} tests over {len(document['venues'])} markets (tolerance {args.tolerance:g})")
    for name, error in sorted(cmp.worst.items()):
        print(f"  largest relative difference in {name}: {error:.3g}")
    if cmp.failures:
        print(f"{len(cmp.failures)} disagreements:")
        for failure in cmp.failures[:40]:
            print("  " + failure)
        return 1
    print("all statistics agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The reference side of the `paicha trades` benchmark: pandas `read_csv` plus benford_py's `Benford` class
(first, first-two, first-three, second and last-two digits, and mantissas) on the sizes of a Binance trades CSV.

    Benchmarks/trades-reference.py TAPE.csv [--repeat N]

Prints the read time, the tests' time and the total (wall-clock, each the median of --repeat runs).
Needs: pip install benford_py pandas
"""

import argparse
import statistics
import time

import benford
import pandas as pd

COLUMNS = ["id", "price", "qty", "quote_qty", "time", "is_buyer_maker", "is_best_match"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tape")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    reads, tests = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        frame = pd.read_csv(args.tape, header=None, names=COLUMNS)
        middle = time.perf_counter()
        result = benford.Benford(frame["qty"], decimals=5, verbose=False)
        end = time.perf_counter()
        reads.append(middle - start)
        tests.append(end - middle)
        rows = len(frame)
        del frame, result
    read, test = statistics.median(reads), statistics.median(tests)
    print(f"pandas+benford_py: {rows} rows; read {read:.2f} s, tests {test:.2f} s, total {read + test:.2f} s "
          f"(medians of {args.repeat}; totals {min(r + t for r, t in zip(reads, tests)):.2f}–"
          f"{max(r + t for r, t in zip(reads, tests)):.2f} s)")


if __name__ == "__main__":
    main()

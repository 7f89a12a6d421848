#!/usr/bin/env python3
"""A Binance public-data trades CSV (headerless: id,price,qty,quote_qty,time,is_buyer_maker,is_best_match) for the
`paicha trades` benchmark (Benchmarks/trades-vs-benford.sh). For developers, not CI.

    Scripts/trades-generate-binance.py ROWS OUT.csv [--seed N]

One market (BTCUSDT-like): a random-walk price around 30,000 with 2 decimals, log-uniform sizes over six decades
with 5 decimals (about 3 % at round lots, as bots leave them), a trade every ~8 ms on average. Same seed, same
bytes. About 63 bytes a row: 10,000,000 rows are about 635 MB.
"""

import argparse
import math
import random

START_MS = 1_700_000_000_000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    price = 30_000.0
    time_ms = START_MS
    rounds = [0.001, 0.01, 0.1, 0.5, 1.0, 2.0]
    with open(args.out, "w", buffering=1 << 22) as out:
        lines = []
        for trade_id in range(1, args.rows + 1):
            price = max(1.0, price * math.exp(rng.gauss(0.0, 0.0002)))
            if rng.random() < 0.03:
                size = rng.choice(rounds)
            else:
                size = 10 ** rng.uniform(-4.0, 1.5)
            size = round(size, 5)
            if size <= 0:
                size = 0.00001
            time_ms += int(rng.expovariate(1 / 8.0))
            buyer_maker = "True" if rng.random() < 0.5 else "False"
            lines.append(
                f"{trade_id},{price:.2f},{size:.5f},{price * size:.8f},{time_ms},{buyer_maker},True\n"
            )
            if len(lines) == 100_000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))


if __name__ == "__main__":
    main()

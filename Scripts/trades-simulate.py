#!/usr/bin/env python3
"""Simulated trade tapes of several venues, clean or with known doctoring, for trying `paicha trades audit`.

For developers, not CI (the tests use the Swift simulator in Tests/PaichaTradesTests/MarketSimulator.swift,
which this mirrors). Writes a generic CSV (time,price,size,side,venue,symbol,buyer,seller) to standard output.

    Scripts/trades-simulate.py --seed 1 > clean.csv
    Scripts/trades-simulate.py --outage alpha:beta:2000:2600:-0.08 --ring gamma:1000 \
        --self-trades beta:0.02 --round-lots alpha:0.03 > doctored.csv
    paicha trades audit doctored.csv --html doctored.html

Doctoring:
  --outage DOWN:MOVER:START:END:MOVE   DOWN has no trades over [START, END) seconds while MOVER's price is pushed by
                                       MOVE (e.g. -0.08) with bursts of one-sided prints (liquidations).
  --ring VENUE:START                   accounts u1..u4 pass 2.5 around a cycle every 20 s for 200 s from START.
  --self-trades VENUE:SHARE            that share of VENUE's trades get the buyer as seller.
  --round-lots VENUE:SHARE             that share of VENUE's sizes become 0.1, 0.5, 1, 2, 5 or 10.
"""

import argparse
import math
import random
import sys

EPOCH_MS = 1_700_000_000_000


def log_uniform(rng, low, high, decimals):
    return f"{10 ** rng.uniform(low, high):.{decimals}f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--venues", default="alpha,beta,gamma")
    parser.add_argument("--seconds", type=float, default=7200)
    parser.add_argument("--rate", type=float, default=1.0, help="trades per second per venue")
    parser.add_argument("--accounts", type=int, default=150)
    parser.add_argument("--symbol", default="BTCUSDT")
    parser.add_argument("--outage", action="append", default=[])
    parser.add_argument("--ring", action="append", default=[])
    parser.add_argument("--self-trades", action="append", default=[])
    parser.add_argument("--round-lots", action="append", default=[])
    args = parser.parse_args()

    rng = random.Random(args.seed)
    outages = []
    for text in args.outage:
        down, mover, start, end, move = text.split(":")
        outages.append((down, mover, float(start), float(end), float(move)))
    walk = []
    price = 30_000.0
    for _ in range(int(args.seconds) + 1):
        price *= math.exp(rng.uniform(-0.0004, 0.0004))
        walk.append(price)

    rows = []
    for venue in args.venues.split(","):
        time = 0.0
        last_burst = -1.0
        while True:
            time += rng.expovariate(args.rate)
            if time >= args.seconds:
                break
            if any(o[0] == venue and o[2] <= time < o[3] for o in outages):
                continue
            trade_price = walk[int(time)] * (1 + rng.uniform(-0.0002, 0.0002))
            size = log_uniform(rng, -2, 2, 4)
            side = rng.choice(["buy", "sell"])
            for down, mover, start, end, move in outages:
                if mover != venue or not start <= time < end:
                    continue
                progress = min(1.0, (time - start) / ((end - start) / 2))
                trade_price *= 1 + move * progress
                side = "sell" if move < 0 else "buy"
                size = log_uniform(rng, -1, 1, 4)
                if progress < 1 and time - last_burst >= 10:
                    last_burst = time
                    for k in range(6):
                        rows.append((EPOCH_MS + int(time * 1000) + k, trade_price, log_uniform(rng, 1.5, 2, 4), side,
                                     venue, f"u{rng.randint(1, args.accounts)}", f"liquidated{k}"))
            buyer = rng.randint(1, args.accounts)
            seller = rng.randint(1, args.accounts - 1)
            if seller >= buyer:
                seller += 1
            rows.append((EPOCH_MS + int(time * 1000), trade_price, size, side, venue, f"u{buyer}", f"u{seller}"))

    for text in args.ring:
        venue, start = text.split(":")
        ring = ["u1", "u2", "u3", "u4"]
        for step in range(10):
            for k in range(4):
                ms = EPOCH_MS + int(float(start) * 1000) + step * 20_000 + k * 500
                rows.append((ms, walk[int(float(start))], "2.5", "buy", venue, ring[(k + 1) % 4], ring[k]))
    for text in args.self_trades:
        venue, share = text.split(":")
        rows = [(r[0], r[1], r[2], r[3], r[4], r[5], r[5]) if r[4] == venue and rng.random() < float(share) else r
                for r in rows]
    for text in args.round_lots:
        venue, share = text.split(":")
        lots = ["0.1", "0.5", "1", "2", "5", "10"]
        rows = [(r[0], r[1], rng.choice(lots), r[3], r[4], r[5], r[6]) if r[4] == venue and rng.random() < float(share)
                else r for r in rows]

    rows.sort(key=lambda r: (r[0], r[4]))
    out = sys.stdout
    out.write("time,price,size,side,venue,symbol,buyer,seller\n")
    for ms, trade_price, size, side, venue, buyer, seller in rows:
        out.write(f"{ms},{trade_price:.2f},{size},{side},{venue},{args.symbol},{buyer},{seller}\n")


if __name__ == "__main__":
    main()

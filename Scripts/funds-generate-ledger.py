#!/usr/bin/env python3
"""Write a synthetic ledger CSV (id,time,from,to,amount,currency,channel) for benchmarks.

Usage: funds-generate-ledger.py TRANSFERS ACCOUNTS OUT.csv [SEED]

Accounts pay each other at random (a few hub accounts get more traffic) over one year, amounts
with two decimals; a handful of planted fan-ins, cycles and pass-through accounts make sure
every pattern has something to find. Deterministic for a given seed.
"""
import random
import sys


def main():
    transfers, accounts, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    start = 1_609_459_200  # 2021-01-01
    year = 365 * 86_400
    hubs = max(1, accounts // 1000)
    with open(out, "w", buffering=1 << 20) as f:
        f.write("id,time,from,to,amount,currency,channel\n")
        for i in range(1, transfers + 1):
            a = rng.randrange(accounts)
            b = rng.randrange(hubs) if rng.random() < 0.05 else rng.randrange(accounts)
            if a == b:
                b = (b + 1) % accounts
            t = start + rng.randrange(year)
            ts = "%04d-%02d-%02dT%02d:%02d:%02dZ" % _civil(t)
            cents = rng.randrange(100, 5_000_000)
            channel = "cash" if rng.random() < 0.02 else "transfer"
            f.write("%d,%s,a%d,a%d,%d.%02d,CNY,%s\n" % (i, ts, a, b, cents // 100, cents % 100, channel))


def _civil(seconds):
    days, rem = divmod(seconds, 86_400)
    z = days + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1_460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    y = yoe + era * 400 + (1 if m <= 2 else 0)
    return (y, m, d, rem // 3600, rem // 60 % 60, rem % 60)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The same time-respecting cycle and fan-in definitions as `paicha funds scan`, in networkx,
for a benchmark and a cross-check of the counts.

Usage: funds-networkx-compare.py LEDGER.csv [--paicha PATH] [--window-days 30] [--max-length 6]

Reads AMLSim transactions.csv (tran_id,orig_acct,bene_acct,...,tran_timestamp) or a generic
id,time,from,to,amount CSV; runs the cycle search (strictly increasing times, within the window,
3..max-length hops, simple cycles, each found from its earliest transfer) and fan-in (7-day window,
5 distinct senders, overlapping windows merged); prints counts and CPU seconds of each search over
--repeat runs (graph building excluded); with --paicha, runs `paicha funds scan --patterns ...
--timings` on the same file --repeat times and compares the search's CPU time (its own thread's,
from --timings; reading the ledger excluded, as for networkx) with networkx's.
"""
import argparse
import bisect
import csv
import datetime
import json
import re
import statistics
import subprocess
import sys
import time

import networkx as nx


def parse_time(text):
    text = text.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp())


def read(path):
    graph = nx.MultiDiGraph()
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        rows = []
        for row in reader:
            if "orig_acct" in row:
                rows.append((row["orig_acct"], row["bene_acct"], parse_time(row["tran_timestamp"])))
            else:
                rows.append((row["from"], row["to"], parse_time(row["time"])))
    order = sorted(range(len(rows)), key=lambda i: (rows[i][2], i))
    for index, i in enumerate(order):
        u, v, t = rows[i]
        graph.add_edge(u, v, key=index, t=t)
    return graph


def cycles(graph, window, min_length, max_length):
    out = {}
    for node in graph.nodes:
        edges = sorted((d["t"], k, v) for _, v, k, d in graph.out_edges(node, keys=True, data=True))
        out[node] = ([e[0] for e in edges], edges)
    starts = sorted((d["t"], k, u, v) for u, v, k, d in graph.edges(keys=True, data=True))
    count = 0
    for t0, _, origin, first in starts:
        if origin == first:
            continue
        on_path = {origin, first}
        deadline = t0 + window

        def search(node, after, depth):
            nonlocal count
            times, edges = out[node]
            for t, _, nxt in edges[bisect.bisect_right(times, after):]:
                if t > deadline:
                    break
                if nxt == origin:
                    if depth + 1 >= min_length:
                        count += 1
                elif nxt not in on_path and depth + 1 < max_length:
                    on_path.add(nxt)
                    search(nxt, t, depth + 1)
                    on_path.discard(nxt)

        search(first, t0, 1)
    return count


def fan_in(graph, window, minimum):
    hits = 0
    for node in graph.nodes:
        edges = sorted((d["t"], k, u) for u, _, k, d in graph.in_edges(node, keys=True, data=True) if u != node)
        counts = {}
        lo = 0
        last_end = -1
        open_hit = False
        for hi, (t, _, sender) in enumerate(edges):
            counts[sender] = counts.get(sender, 0) + 1
            while edges[lo][0] < t - window:
                old = edges[lo][2]
                counts[old] -= 1
                if counts[old] == 0:
                    del counts[old]
                lo += 1
            if len(counts) >= minimum:
                if not (open_hit and lo <= last_end):
                    hits += 1
                open_hit = True
                last_end = hi
    return hits


def paicha_search_seconds(paicha, ledger, pattern, args):
    """Runs paicha once; returns (alerts found, search wall seconds, search CPU seconds) from --timings."""
    result = subprocess.run(
        [paicha, "funds", "scan", ledger, "--patterns", pattern, "-f", "json", "--deterministic", "--timings",
         "--cycle-window", f"{args.window_days}d", "--cycle-max-length", str(args.max_length)],
        check=False, capture_output=True, text=True,
    )
    found = json.loads(result.stdout)["statistics"]["alertsByPattern"][pattern]
    match = re.search(r"scan %s: ([0-9.]+) s \(CPU ([0-9.]+) s\)" % pattern, result.stderr)
    return found, float(match.group(1)), float(match.group(2))


def timed(function, repeat):
    """Runs function `repeat` times; returns (its result, the CPU seconds of each run)."""
    seconds = []
    for _ in range(repeat):
        started = time.process_time()
        result = function()
        seconds.append(time.process_time() - started)
    return result, seconds


def spread(values):
    return f"min {min(values):.4f} s, median {statistics.median(values):.4f} s, max {max(values):.4f} s"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ledger")
    parser.add_argument("--paicha")
    parser.add_argument("--window-days", type=int, default=30)
    parser.add_argument("--max-length", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each search (CPU time, min/median/max)")
    args = parser.parse_args()
    started = time.time()
    graph = read(args.ledger)
    print(f"networkx read: {graph.number_of_edges()} transfers in {time.time() - started:.2f} s")
    window = args.window_days * 86_400
    found, nx_cycles = timed(lambda: cycles(graph, window, 3, args.max_length), args.repeat)
    print(f"networkx cycles: {found}; CPU {spread(nx_cycles)}")
    fans, nx_fans = timed(lambda: fan_in(graph, 7 * 86_400, 5), max(1, args.repeat // 2))
    print(f"networkx fan-in: {fans}; CPU {spread(nx_fans)}")
    if args.paicha:
        for pattern, nx_seconds, nx_found in [("cycle", nx_cycles, found), ("fanIn", nx_fans, fans)]:
            runs = [paicha_search_seconds(args.paicha, args.ledger, pattern, args) for _ in range(args.repeat)]
            counts = {run[0] for run in runs}
            cpu = [run[2] for run in runs]
            wall = [run[1] for run in runs]
            print(f"paicha {pattern}: {counts} (networkx {nx_found}); search CPU {spread(cpu)}; wall {spread(wall)}")
            print(f"  speed-up, median CPU to median CPU: {statistics.median(nx_seconds) / statistics.median(cpu):.0f}x "
                  f"(range {min(nx_seconds) / max(cpu):.0f}x to {max(nx_seconds) / min(cpu):.0f}x)")


if __name__ == "__main__":
    sys.exit(main())

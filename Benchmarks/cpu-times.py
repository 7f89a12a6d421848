#!/usr/bin/env python3
"""CPU time (user + system) of commands run in turn, several rounds, for comparing on a busy machine.

    Benchmarks/cpu-times.py ROUNDS NAME=COMMAND [NAME=COMMAND ...]

Each round runs every command once (interleaved, so that a change of load hits all alike), with output
thrown away, and reads its user and system time from wait4(2). Prints the median and minimum of each
and the ratio of medians to the first command. Wall time is not shown: on a shared machine it
measures the other processes.
"""
import os
import statistics
import sys


def run(command: str) -> tuple[float, float]:
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        argv = command.split()
        os.execvp(argv[0], argv)
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_utime * 1000, usage.ru_stime * 1000


def main() -> None:
    rounds = int(sys.argv[1])
    commands = [argument.split("=", 1) for argument in sys.argv[2:]]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in commands}
    for _ in range(rounds):
        for name, command in commands:
            times[name].append(run(command))
    first = None
    for name, samples in times.items():
        user = [u for u, _ in samples]
        system = [s for _, s in samples]
        total = [u + s for u, s in samples]
        median = statistics.median(total)
        first = first or median
        print(
            f"{name:<14} user {statistics.median(user):6.0f} ms  sys {statistics.median(system):6.0f} ms  "
            f"total median {median:6.0f} ms (min {min(total):4.0f}, max {max(total):4.0f})  "
            f"first / this {first / median:5.2f}x"
        )
    with open("/proc/loadavg") as load:
        print("load average:", load.read().strip())


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Paired wall-clock timing of two commands: A and B run alternately (the
order swapped every round) so that a busy machine slows both alike; prints
the median of each and the median of the per-round ratios B / A.

    python3 bench/paired.py [-n RUNS] 'COMMAND A' 'COMMAND B'

Each command is split on spaces (no shell); its output goes to /dev/null.
Used for the before/after figures in bench/README.md, for example
    python3 bench/paired.py -n 21 'build/src/dtslint -j1 --fail-on none build/bench/data/10m-object.json' \\
                                  'build/src/dtslint --fail-on none build/bench/data/10m-object.json'
"""
import argparse
import statistics
import subprocess
import time


def run(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('-n', '--runs', type=int, default=21)
    ap.add_argument('a')
    ap.add_argument('b')
    args = ap.parse_args()
    a, b = args.a.split(), args.b.split()
    times_a, times_b = [], []
    for i in range(args.runs):
        if i % 2 == 0:
            times_a.append(run(a))
            times_b.append(run(b))
        else:
            times_b.append(run(b))
            times_a.append(run(a))
    ratio = statistics.median(y / x for x, y in zip(times_a, times_b))
    print('A %.2f ms  B %.2f ms  B/A paired median %.3f (%d runs)' %
          (statistics.median(times_a) * 1e3, statistics.median(times_b) * 1e3, ratio, args.runs))


if __name__ == '__main__':
    main()

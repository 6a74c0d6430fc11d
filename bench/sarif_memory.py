#!/usr/bin/env python3
"""Peak memory of each output format against the number of findings.

Writes one ConfigureDtsJob request with N unknown parameters (one per
line: N DTS101 findings, plus whatever the base request has), lints it with
--format text, json and sarif and --output /dev/null under
/usr/bin/time -v, and prints the maximum resident set size and the wall
time of each.  A format that streams keeps about the same peak whatever
N is; the findings themselves (held by the engine for sorting) are the
floor that all three share.

    python3 bench/sarif_memory.py [--dtslint build/src/dtslint] [--findings 500000]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

BASE = {
    "DtsJobName": "bench", "JobType": "SYNC",
    "SourceEndpointInstanceType": "RDS", "SourceEndpointEngineName": "MYSQL",
    "SourceEndpointRegion": "cn-hangzhou", "SourceEndpointInstanceID": "rm-bp1",
    "DestinationEndpointInstanceType": "RDS", "DestinationEndpointEngineName": "MYSQL",
    "DestinationEndpointRegion": "cn-hangzhou", "DestinationEndpointInstanceID": "rm-bp2",
    "StructureInitialization": True, "DataInitialization": True,
    "DataSynchronization": True,
    "DbList": {"db": {"name": "db", "all": True}},
}


def write_request(path, n):
    with open(path, "w") as f:
        f.write(json.dumps(BASE, indent=2)[:-2])
        for i in range(n):
            f.write(',\n  "Unknown%07d": %d' % (i, i))
        f.write("\n}\n")


def measure(dtslint, fmt, path):
    r = subprocess.run(["/usr/bin/time", "-v", dtslint, "--format", fmt,
                        "--output", "/dev/null", path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", r.stderr).group(1)
    return r.returncode, rss, wall


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dtslint", default="build/src/dtslint")
    ap.add_argument("--findings", type=int, default=500000)
    ap.add_argument("--formats", default="text,json,sarif")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "many.json")
        write_request(path, args.findings)
        print("| format | findings | exit | peak RSS (KiB) | KiB per finding | wall |")
        print("|---|---:|---:|---:|---:|---:|")
        for fmt in args.formats.split(","):
            code, rss, wall = measure(args.dtslint, fmt, path)
            print("| %s | %d | %d | %d | %.2f | %s |" % (fmt, args.findings, code, rss,
                                                      rss / args.findings, wall))
            sys.stdout.flush()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A .tf file against the same request as JSON (issue 20: a 1 MB .tf with
a large jsonencode() DbList lints within 1.5x of the JSON request).

gen.py's 1 MB ConfigureDtsJob request (DbList as a nested object) is
written twice: as JSON (the API's names, DbList an object) and as one
alicloud_dts_synchronization_job resource whose db_list is jsonencode()
of the same DbList in HCL object syntax (keys quoted, `=`, one member a
line, as people write it).  dtslint runs on the two alternately, the order
swapped every round; the figure is the median of the per-round ratios
(.tf time / .json time, wall clock from spawn to exit), so load on a
shared machine slows both alike.

Usage: tf_bench.py [DTSLINT] [--rounds N]   (default build/src/dtslint, 15)
"""
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402


def hcl(value, indent):
    """value in HCL's expression syntax, as jsonencode() would take it."""
    pad = '  ' * indent
    if isinstance(value, dict):
        if not value:
            return '{}'
        rows = ['%s  %s = %s' % (pad, json.dumps(k, ensure_ascii=False), hcl(v, indent + 1)) for k, v in value.items()]
        return '{\n' + '\n'.join(rows) + '\n' + pad + '}'
    if isinstance(value, list):
        return '[' + ', '.join(hcl(v, indent + 1) for v in value) + ']'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace('${', '$${').replace('%{', '%%{')
    return json.dumps(value)


def attributes(root):
    with open(os.path.join(root, 'rules', '80-terraform.json')) as f:
        for r in json.load(f)['terraform']:
            if r['resource'] == 'alicloud_dts_synchronization_job':
                return {param: attr for attr, param in r['attributes'].items()}
    sys.exit('no alicloud_dts_synchronization_job in rules/80-terraform.json')


def as_tf(request, names):
    rows = []
    for param, value in request.items():
        if param in ('Action', 'JobType', 'RegionId'):
            continue  # the resource implies or provides them
        rows.append('  %s = %s' % (names[param], 'jsonencode(%s)' % hcl(value, 1) if param == 'DbList'
                                   else hcl(value, 1)))
    return 'resource "alicloud_dts_synchronization_job" "bench" {\n' + '\n'.join(rows) + '\n}\n'


def run(dtslint, path):
    t = time.perf_counter()
    p = subprocess.run([dtslint, path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit('%s: exit %d: %s' % (path, p.returncode, p.stderr.decode()[:400]))
    return elapsed


def main():
    args = sys.argv[1:]
    rounds = 15
    if '--rounds' in args:
        i = args.index('--rounds')
        rounds = int(args[i + 1])
        del args[i:i + 2]
    root = os.path.dirname(HERE)
    dtslint = args[0] if args else os.path.join(root, 'build', 'src', 'dtslint')
    request = json.loads(gen.make_sized(4, 'object', 1000000))
    with tempfile.TemporaryDirectory() as tmp:
        js, tf = os.path.join(tmp, 'request.json'), os.path.join(tmp, 'main.tf')
        with open(js, 'w') as f:
            f.write(json.dumps(request, indent=2, ensure_ascii=False) + '\n')
        with open(tf, 'w') as f:
            f.write(as_tf(request, attributes(root)))
        sizes = os.path.getsize(js), os.path.getsize(tf)
        run(dtslint, js), run(dtslint, tf)  # warm the page cache
        pairs = []
        for k in range(rounds):
            if k % 2:
                b = run(dtslint, tf)
                a = run(dtslint, js)
            else:
                a = run(dtslint, js)
                b = run(dtslint, tf)
            pairs.append((a, b))
    ja = statistics.median(a for a, _ in pairs)
    tb = statistics.median(b for _, b in pairs)
    ratio = statistics.median(b / a for a, b in pairs)
    print('request.json %d bytes: median %.1f ms' % (sizes[0], ja * 1000))
    print('main.tf      %d bytes: median %.1f ms' % (sizes[1], tb * 1000))
    print('.tf / .json: median of %d paired ratios %.2f (target 1.5)' % (rounds, ratio))
    sys.exit(0 if ratio <= 1.5 else 1)


if __name__ == '__main__':
    main()

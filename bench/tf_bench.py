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
shared machine slows both alike; CPU time, peak memory and page faults
(wait4()'s rusage) are shown beside it.  With --instructions it counts
the instructions of one run of each under valgrind instead, which the
load does not change.  Exit status 1 when the ratio is above 1.5.

Usage: tf_bench.py [DTSLINT] [--rounds N] [--instructions]
       (default build/src/dtslint, 15 rounds)
"""
import json
import os
import re
import shutil
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
    """One run: wall time and CPU time (user + system)."""
    t = time.perf_counter()
    p = subprocess.Popen([dtslint, path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit('%s: exit %d: %s' % (path, p.returncode, err.decode()[:400]))
    return elapsed, ru.ru_utime + ru.ru_stime


def memory(dtslint, path, runs=5):
    """Medians of peak RSS (KiB) and page faults, from /usr/bin/time (wait4()'s
    figures for a child of Python count the Python it was forked from)."""
    if not os.access('/usr/bin/time', os.X_OK):
        return 0, 0
    kib, faults = [], []
    for _ in range(runs):
        p = subprocess.run(['/usr/bin/time', '-f', '%M %R', dtslint, path], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        k, f = p.stderr.strip().split('\n')[-1].split()
        kib.append(int(k))
        faults.append(int(f))
    return statistics.median(kib), statistics.median(faults)


def write_inputs(root, folder):
    """request.json and main.tf in folder; their paths."""
    request = json.loads(gen.make_sized(4, 'object', 1000000))
    js, tf = os.path.join(folder, 'request.json'), os.path.join(folder, 'main.tf')
    with open(js, 'w') as f:
        f.write(json.dumps(request, indent=2, ensure_ascii=False) + '\n')
    with open(tf, 'w') as f:
        f.write(as_tf(request, attributes(root)))
    return js, tf


def paired(dtslint, js, tf, rounds):
    """Alternate runs; medians of the per-round ratios (.tf / .json) of wall and CPU
    time, and each file's peak RSS and page faults."""
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
    med = statistics.median
    (json_kib, json_faults), (tf_kib, tf_faults) = memory(dtslint, js), memory(dtslint, tf)
    return {'json_ms': med(a[0] for a, _ in pairs) * 1000, 'tf_ms': med(b[0] for _, b in pairs) * 1000,
            'wall': med(b[0] / a[0] for a, b in pairs), 'cpu': med(b[1] / max(a[1], 1e-9) for a, b in pairs),
            'json_kib': json_kib, 'tf_kib': tf_kib, 'json_faults': json_faults, 'tf_faults': tf_faults}


def instructions(dtslint, path):
    """Instructions executed (valgrind's callgrind: the same whatever the load)."""
    p = subprocess.run(['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', dtslint, path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r'Collected : (\d+)', p.stderr)
    if p.returncode != 0 or not m:
        sys.exit('valgrind on %s failed: %s' % (path, p.stderr[-400:]))
    return int(m.group(1))


def main():
    args = sys.argv[1:]
    rounds = 15
    counted = '--instructions' in args
    if counted:
        args.remove('--instructions')
    if '--rounds' in args:
        i = args.index('--rounds')
        rounds = int(args[i + 1])
        del args[i:i + 2]
    root = os.path.dirname(HERE)
    dtslint = args[0] if args else os.path.join(root, 'build', 'src', 'dtslint')
    with tempfile.TemporaryDirectory() as tmp:
        js, tf = write_inputs(root, tmp)
        sizes = os.path.getsize(js), os.path.getsize(tf)
        if counted:
            if not shutil.which('valgrind'):
                print('tf_bench: valgrind is missing, nothing counted')
                sys.exit(77)
            a, b = instructions(dtslint, js), instructions(dtslint, tf)
            ratio = b / a
            print('request.json %d bytes: %.1f M instructions' % (sizes[0], a / 1e6))
            print('main.tf      %d bytes: %.1f M instructions' % (sizes[1], b / 1e6))
            print('.tf / .json: %.3f in instructions (target 1.5)' % ratio)
        else:
            r = paired(dtslint, js, tf, rounds)
            ratio = r['wall']
            print('request.json %d bytes: median %.1f ms, %d KiB, %d page faults'
                  % (sizes[0], r['json_ms'], r['json_kib'], r['json_faults']))
            print('main.tf      %d bytes: median %.1f ms, %d KiB, %d page faults'
                  % (sizes[1], r['tf_ms'], r['tf_kib'], r['tf_faults']))
            print('.tf / .json: median of %d paired ratios %.2f wall clock, %.2f CPU time (target 1.5)'
                  % (rounds, r['wall'], r['cpu']))
    sys.exit(0 if ratio <= 1.5 else 1)


if __name__ == '__main__':
    main()

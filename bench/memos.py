#!/usr/bin/env python3
"""What each memo earns: instruction counts (callgrind) of dtslint binaries.

  python3 bench/memos.py [--build DIR] [--rss] [--syscalls] [BINARY ...]

Runs every BINARY (default: DIR/src/dtslint) on the benchmark inputs under
callgrind and prints one Markdown row per input, one column per binary.
To see what a memo earns, build a copy of dtslint with the memo bypassed
(bench/README.md, "Memos", says how for each) and pass both binaries.
Callgrind counts are deterministic: one run per figure.  --rss adds the
median peak memory of five runs (/usr/bin/time -v); --syscalls adds the
system calls of one run (strace -f -c).

The inputs are bench/gen.py's and bench.py's (workflow-10k: a finding in
each of 10,000 requests, whose pointers count array positions), plus two that exercise memos
the clean inputs never reach: findings-1m-string.json (2,187 findings on
one 1 MB line: the position cache of source.c) and
collide-broken-1m-object.json (name collisions in many table maps and a
broken DataCheckConfigure and Reserve: the engine's unwrap failures).
"""
import argparse
import glob
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (extra_inputs: the DbList of 40,000 tables)

CASES = ['1k-object', '1k-string', 'small-1000', '1m-object', '1m-string', '10m-object',
         '10m-string', 'tables-40k', 'workflow-10k', 'findings-1m-string', 'collide-broken-1m-object']


def memo_inputs(data):
    path = os.path.join(data, 'findings-1m-string.json')
    if not os.path.exists(path):
        with open(os.path.join(data, '1m-string.json')) as f:
            req = json.load(f)
        dblist = json.loads(req['DbList'])
        for db in dblist.values():
            for table in (db.get('Table') or {}).values():
                if table.get('all') is True:
                    table['all'] = 'maybe'  # DTS303, on the string's one line
        req['DbList'] = json.dumps(dblist)
        with open(path, 'w') as f:
            json.dump(req, f)
    path = os.path.join(data, 'collide-broken-1m-object.json')
    if not os.path.exists(path):
        with open(os.path.join(data, '1m-object.json')) as f:
            req = json.load(f)
        req['Reserve'] = '{"targetTableMode": "2", "srcOracleType": '
        req['DataCheckConfigure'] = '{"fullDataCheck": true,'
        for db in req['DbList'].values():
            for table in (db.get('Table') or {}).values():
                table['name'] = 'same'  # DTS307 in every map of two tables or more
        with open(path, 'w') as f:
            json.dump(req, f, indent=1)


def files_of(data, case):
    if case == 'small-1000':
        return sorted(glob.glob(os.path.join(data, 'small', '*.json')))
    return [os.path.join(data, case + '.json')]


def instructions(binary, files):
    p = subprocess.run(['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', binary] + files,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r'Collected : (\d+)', p.stderr)
    if not m:
        sys.exit('memos: no count from callgrind:\n' + p.stderr[-500:])
    return int(m.group(1))


def peak_rss(binary, files):
    values = []
    for _ in range(5):
        p = subprocess.run(['/usr/bin/time', '-v', binary] + files, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        values.append(int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', p.stderr).group(1)))
    return statistics.median(values)


def syscalls(binary, files):
    with tempfile.NamedTemporaryFile('r') as out:
        subprocess.run(['strace', '-f', '-c', '-o', out.name, binary] + files,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return int(out.read().strip().splitlines()[-1].split()[3])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build', default='build')
    ap.add_argument('--data', help='input folder (default: DIR/bench/data)')
    ap.add_argument('--only', help='comma-separated case names')
    ap.add_argument('--rss', action='store_true', help='peak memory too')
    ap.add_argument('--syscalls', action='store_true', help='system calls too')
    ap.add_argument('binaries', nargs='*')
    a = ap.parse_args()
    binaries = [os.path.abspath(b) for b in a.binaries] or [os.path.abspath(os.path.join(a.build, 'src', 'dtslint'))]
    data = os.path.abspath(a.data or os.path.join(a.build, 'bench', 'data'))
    if not os.path.exists(os.path.join(data, 'small', '0999.json')):
        subprocess.run([sys.executable, os.path.join(HERE, 'gen.py'), data], check=True,
                       stdout=subprocess.DEVNULL)
    bench.extra_inputs(data)
    memo_inputs(data)
    cases = a.only.split(',') if a.only else CASES
    heads = ['instructions']
    if a.rss:
        heads.append('peak KiB')
    if a.syscalls:
        heads.append('system calls')
    names = [os.path.basename(b) for b in binaries]
    print('| case | ' + ' | '.join('%s: %s' % (n, h) for n in names for h in heads) + ' |')
    print('|---|' + '---:|' * (len(names) * len(heads)))
    for case in cases:
        files = files_of(data, case)
        cells = []
        for b in binaries:
            cells.append('{:,}'.format(instructions(b, files)))
            if a.rss:
                cells.append('{:,}'.format(peak_rss(b, files)))
            if a.syscalls:
                cells.append('{:,}'.format(syscalls(b, files)))
        print('| %s | %s |' % (case, ' | '.join(cells)), flush=True)


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""dtslint benchmarks: time and peak memory against a floor, with targets.

  python3 bench/bench.py [--build DIR] [--quick] [--check]

Builds nothing: it uses DIR/src/dtslint, DIR/bench/floor and the probe
DIR/bench/libcount_compile.so (default DIR: build; `meson compile -C
build` first).  Inputs are written by bench/gen.py into DIR/bench/data
unless they are there already.

Every case runs the floor (bench/floor.c: read + json-c, nothing else)
and dtslint on the same files, alternately, round after round, so that a
noisy machine slows both alike; figures are medians and every dtslint
figure is also a ratio to the floor of the same run.  Time is wall-clock
from spawn to exit, the whole process; CPU time (user + system) is shown
beside it.  Peak memory is the "Maximum resident set size" of
/usr/bin/time -v (median of three runs), or the same number from
wait4()'s rusage when /usr/bin/time is missing.
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# (case, files relative to the data folder, runs in full mode, runs in quick mode[, what
# dtslint is given instead of the files: (options, inputs relative to the data folder)])
GLOB_DEPTH = 20
CASES = [
    ('1k-object', ['1k-object.json'], 300, 60),
    ('1k-string', ['1k-string.json'], 300, 60),
    ('100k-object', ['100k-object.json'], 60, 15),
    ('100k-string', ['100k-string.json'], 60, 15),
    ('1m-object', ['1m-object.json'], 30, 7),
    ('1m-string', ['1m-string.json'], 30, 7),
    ('10m-object', ['10m-object.json'], 15, 5),
    ('10m-string', ['10m-string.json'], 15, 5),
    # Just under the 64 MiB input limit (made by extra_inputs below): growth stays linear.
    # Their DbList is over the service's 10 MiB limit (DTS110, an error: --fail-on none);
    # every database and table is still checked, as at 10 MB.
    ('60m-object', ['60m-object.json'], 3, 1, (['--fail-on', 'none'], ['60m-object.json'])),
    ('60m-string', ['60m-string.json'], 3, 1, (['--fail-on', 'none'], ['60m-string.json'])),
    ('small-1000', ['small/%04d.json' % i for i in range(1000)], 20, 5),
    # The same on one thread (--jobs 1), and 8 files (the fewest checked on threads) both ways:
    # what the threads of --jobs save, and that they do not cost at their threshold.
    ('small-1000-j1', ['small/%04d.json' % i for i in range(1000)], 20, 5,
     (['-j1'], ['small/%04d.json' % i for i in range(1000)])),
    ('small-8', ['small/%04d.json' % i for i in range(8)], 100, 20),
    ('small-8-j1', ['small/%04d.json' % i for i in range(8)], 100, 20,
     (['-j1'], ['small/%04d.json' % i for i in range(8)])),
    # Shapes that once cost more than linear time or memory (made by extra_inputs below).
    ('tables-4k', ['tables-4k.json'], 20, 5),
    ('tables-40k', ['tables-40k.json'], 10, 3),
    # A workflow array of N requests (time once grew with N squared): N - 1 StartDtsJob
    # before the ConfigureDtsJob of their job, each a finding (DTS602) that relates the
    # last request and names its own index; --fail-on none, as they are errors.
    ('workflow-10k', ['workflow-10k.json'], 10, 3, (['--fail-on', 'none'], ['workflow-10k.json'])),
    ('workflow-20k', ['workflow-20k.json'], 10, 3, (['--fail-on', 'none'], ['workflow-20k.json'])),
    ('workflow-40k', ['workflow-40k.json'], 10, 3, (['--fail-on', 'none'], ['workflow-40k.json'])),
    # A folder GLOB_DEPTH deep whose .dtslint.json excludes a pattern of N "**" that matches
    # nothing (time once grew exponentially with N); the floor reads its one request.
    ('glob-8', ['glob-8/' + 'a/' * GLOB_DEPTH + 'request.json'], 20, 5, ([], ['glob-8'])),
    ('glob-16', ['glob-16/' + 'a/' * GLOB_DEPTH + 'request.json'], 20, 5, ([], ['glob-16'])),
    ('glob-32', ['glob-32/' + 'a/' * GLOB_DEPTH + 'request.json'], 20, 5, ([], ['glob-32'])),
]


# The cases simdjson (bench/simdjson_anchor.cpp, the second anchor) is run on too: the
# big requests, where parsing is the cost.
SIMDJSON_CASES = ('1m-object', '1m-string', '10m-object', '10m-string', '60m-object', '60m-string')


def extra_inputs(data):
    """A DbList of 4,000 and of 40,000 tables (growth must stay linear), workflows of
    10,000, 20,000 and 40,000 requests and folders configured with 8, 16 and 32 "**"
    (growth must stay linear, or flat), and the worst case for memory per byte of input:
    {"x": [0,0,...]}, 8 MB."""
    import json
    sys.path.insert(0, HERE)
    import gen
    for form in ('object', 'string'):
        path = os.path.join(data, '60m-%s.json' % form)
        if not os.path.exists(path):
            gen.write_sized(path, 8 + (form == 'string'), form, 60000000)
    for n in (4000, 40000):
        path = os.path.join(data, 'tables-%dk.json' % (n // 1000))
        if os.path.exists(path):
            continue
        tables = {'t%d' % i: {'name': 't%d' % i, 'all': True} for i in range(n)}
        req = {'Action': 'ConfigureDtsJob', 'RegionId': 'cn-hangzhou', 'DtsJobName': 'tables',
               'JobType': 'SYNC', 'SourceEndpointInstanceType': 'RDS', 'SourceEndpointInstanceID': 'rm-1',
               'SourceEndpointRegion': 'cn-hangzhou', 'DestinationEndpointInstanceType': 'RDS',
               'DestinationEndpointInstanceID': 'rm-2', 'DestinationEndpointRegion': 'cn-hangzhou',
               'StructureInitialization': True, 'DataInitialization': True, 'DataSynchronization': True,
               'DbList': {'db': {'name': 'db', 'all': False, 'Table': tables}}}
        with open(path, 'w') as f:
            json.dump(req, f)
    for n in (10000, 20000, 40000):
        path = os.path.join(data, 'workflow-%dk.json' % (n // 1000))
        if not os.path.exists(path):
            start = {'Action': 'StartDtsJob', 'RegionId': 'cn-hangzhou', 'DtsJobId': 'dtsjob1'}
            configure = json.loads(open(os.path.join(data, '1k-object.json')).read())
            configure['DtsJobId'] = 'dtsjob1'
            with open(path, 'w') as f:
                f.write('[\n' + ',\n'.join([json.dumps(start)] * (n - 1) + [json.dumps(configure)]) + '\n]\n')
    for n in (8, 16, 32):
        folder = os.path.join(data, 'glob-%d' % n)
        request = os.path.join(folder, *(['a'] * GLOB_DEPTH + ['request.json']))
        if os.path.exists(request):
            continue
        os.makedirs(os.path.join(folder, '.git'), exist_ok=True)  # the configuration's root
        os.makedirs(os.path.dirname(request), exist_ok=True)
        with open(os.path.join(folder, '.dtslint.json'), 'w') as f:
            json.dump({'exclude': ['/'.join(['**'] * n + ['never'])]}, f)
        with open(os.path.join(data, '1k-object.json')) as src, open(request, 'w') as f:
            f.write(src.read())


def memory_input(data, name):
    """The input of a memory shape, written on first use: {"x":[0,0,...]} of 1, 10 and
    64 MiB (a value every two bytes, the most a byte can hold; the 64 MiB one, just under
    the input limit, stops at 4,000,000 values), and DbList strings over the 10 MiB limit
    (never parsed, lexed for secrets) of 12 MB and 58 MB."""
    path = os.path.join(data, name + '.json')
    if os.path.exists(path):
        return path
    if name.startswith('array-'):
        size = {'array-1m': 1 << 20, 'array-10m': 10 << 20, 'array-64m': 64 << 20}[name]
        with open(path, 'w') as f:
            f.write('{"x":[' + ','.join(['0'] * ((size - 8) // 2)) + ']}')
    elif name == 'dblist-over-limit-string-12m':
        with open(path, 'wb') as f:
            subprocess.run([sys.executable, os.path.join(HERE, '..', 'testdata', 'hostile', 'make.py'), 'big',
                            'dblist-over-limit-string'], check=True, stdout=f)
    else:
        with open(path, 'wb') as f:
            subprocess.run([sys.executable, os.path.join(HERE, '..', 'tools', 'gen_request.py'),
                            '--dblist-bytes', '50000000', '--form', 'string'], check=True, stdout=f)
    return path


# Shapes whose peak memory is measured alone (no floor: json-c on 32 million zeros would
# take gigabytes), above `dtslint --version`, per byte of input (issue 22: at most 4x for
# every shape up to the 64 MiB input limit); linted with --fail-on none.
MEMORY_SHAPES = ['array-1m', 'array-10m', 'array-64m', 'dblist-over-limit-string-12m',
                 'dblist-over-limit-string-58m']
MEMORY_SHAPE_LIMIT = 4.0


def pattern_count():
    """How many PCRE2 patterns the built-in rules hold: each is compiled at
    most once per process, and only when a request needs it."""
    import glob
    import json
    count = 0

    def walk(node):
        nonlocal count
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ('expect', 'reject', 'secretKeyPattern') and isinstance(v, str):
                    count += 1
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    for path in glob.glob(os.path.join(HERE, '..', 'rules', '*.json')):
        with open(path) as f:
            walk(json.load(f))
    return count


def run_once(argv, env=None):
    """(wall seconds, cpu seconds, max RSS KiB) of one run; output dropped."""
    actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env if env is not None else os.environ, file_actions=actions)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit('bench: %s exited %d: the inputs must be clean (run it by hand to see why)'
                 % (' '.join(argv[:3]), code))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def peak_rss(argv, runs=3):
    """Median "Maximum resident set size" (KiB) from /usr/bin/time -v."""
    if not os.access('/usr/bin/time', os.X_OK):
        return statistics.median(run_once(argv)[2] for _ in range(runs)), 'rusage'
    values = []
    for _ in range(runs):
        p = subprocess.run(['/usr/bin/time', '-v'] + argv, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        m = re.search(r'Maximum resident set size \(kbytes\): (\d+)', p.stderr)
        if not m:
            sys.exit('bench: no peak memory from /usr/bin/time -v:\n' + p.stderr[-500:])
        values.append(int(m.group(1)))
    return statistics.median(values), 'time -v'


def measure(floor_argv, lint_argv, runs, anchor_argv=None):
    """Interleaved runs of the commands (the second anchor's too, when
    given); medians of wall and CPU time."""
    commands = [('floor', floor_argv), ('dtslint', lint_argv)]
    if anchor_argv:
        commands.append(('simdjson', anchor_argv))
    for _, argv in commands:  # warm the page cache and the loader
        run_once(argv)
    samples = {name: [] for name, _ in commands}
    for r in range(runs):
        order = list(commands)
        if r % 2:
            order.reverse()
        for name, argv in order:
            samples[name].append(run_once(argv))
    out = {}
    for name, s in samples.items():
        out[name] = {'wall': statistics.median(x[0] for x in s),
                     'cpu': statistics.median(x[1] for x in s)}
    return out


def compile_counts(dtslint, probe, data):
    """pcre2_compile calls for one file and for the 1,000 small files."""
    counts = []
    for files in (['small/0000.json'], ['small/%04d.json' % i for i in range(1000)]):
        with tempfile.NamedTemporaryFile('r') as out:
            env = dict(os.environ, LD_PRELOAD=probe, COUNT_COMPILE_OUT=out.name)
            run_once([dtslint] + [os.path.join(data, f) for f in files], env)
            counts.append(int(out.read().strip() or -1))
    return counts


def machine():
    cpu = ''
    try:
        with open('/proc/cpuinfo') as f:
            cpu = next((l.split(':', 1)[1].strip() for l in f if l.startswith('model name')), '')
    except OSError:
        pass
    return '%s, %d cores, Linux %s, Python %s' % (cpu or platform.processor(), os.cpu_count(),
                                                  platform.release(), platform.python_version())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build', default='build', help='meson build folder (default: build)')
    ap.add_argument('--dtslint')
    ap.add_argument('--floor')
    ap.add_argument('--probe', help='libcount_compile.so')
    ap.add_argument('--simdjson', help='the second anchor, simdjson_anchor (skipped when not built)')
    ap.add_argument('--data', help='input folder (made by gen.py when missing)')
    ap.add_argument('--quick', action='store_true', help='fewer runs (meson test --benchmark)')
    ap.add_argument('--check', action='store_true', help='exit 1 when a target is missed')
    ap.add_argument('--only', help='comma-separated case names')
    a = ap.parse_args()
    dtslint = os.path.abspath(a.dtslint or os.path.join(a.build, 'src', 'dtslint'))
    floor = os.path.abspath(a.floor or os.path.join(a.build, 'bench', 'floor'))
    probe = os.path.abspath(a.probe or os.path.join(a.build, 'bench', 'libcount_compile.so'))
    simdjson = os.path.abspath(a.simdjson or os.path.join(a.build, 'bench', 'simdjson_anchor'))
    if not os.access(simdjson, os.X_OK):
        simdjson = None
    data = os.path.abspath(a.data or os.path.join(a.build, 'bench', 'data'))
    for path in (dtslint, floor):
        if not os.access(path, os.X_OK):
            sys.exit('bench: %s is missing; run `meson compile -C %s` first' % (path, a.build))
    if not os.path.exists(os.path.join(data, 'small', '0999.json')):
        subprocess.run([sys.executable, os.path.join(HERE, 'gen.py'), data], check=True,
                       stdout=subprocess.DEVNULL)
    extra_inputs(data)
    # The process's own baseline: what memory figures are measured above.
    baseline, _ = peak_rss([dtslint, '--version'], runs=9)  # it moves by 200 KiB: 0.2x of 1 MB

    print('machine: %s' % machine())
    print('dtslint: %s' % dtslint)
    print('mode:    %s\n' % ('quick' if a.quick else 'full'))
    print('| case | input | runs | floor ms | dtslint ms | time ratio | CPU ratio '
          '| floor peak KiB | dtslint peak KiB | memory ratio |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    results = {}
    only = set(a.only.split(',')) if a.only else None
    for name, files, full_runs, quick_runs, *lint_args in CASES:
        if only and name not in only:
            continue
        paths = [os.path.join(data, f) for f in files]
        size = sum(os.path.getsize(p) for p in paths)
        runs = quick_runs if a.quick else full_runs
        floor_argv, lint_argv = [floor] + paths, [dtslint] + paths
        if lint_args:
            options, inputs = lint_args[0]
            lint_argv = [dtslint] + options + [os.path.join(data, x) for x in inputs]
        anchor_argv = [simdjson] + paths if simdjson and name in SIMDJSON_CASES else None
        t = measure(floor_argv, lint_argv, runs, anchor_argv)
        mem_floor, how = peak_rss(floor_argv)
        mem_lint, _ = peak_rss(lint_argv)
        r = {'size': size, 'runs': runs, 'floor': t['floor'], 'dtslint': t['dtslint'],
             'ratio': t['dtslint']['wall'] / t['floor']['wall'],
             'cpu_ratio': t['dtslint']['cpu'] / max(t['floor']['cpu'], 1e-9),
             'mem_floor': mem_floor, 'mem_lint': mem_lint, 'mem_ratio': mem_lint / mem_floor}
        if anchor_argv:
            r['simdjson'] = t['simdjson']
        results[name] = r
        label = '%d files, %.1f MB' % (len(files), size / 1e6) if len(files) > 1 else \
            ('%.1f MB' % (size / 1e6) if size >= 1e6 else '%.1f KB' % (size / 1e3))
        print('| %s | %s | %d | %.2f | %.2f | %.2fx | %.2fx | %d | %d | %.2fx |' % (
            name, label, runs, r['floor']['wall'] * 1e3, r['dtslint']['wall'] * 1e3, r['ratio'],
            r['cpu_ratio'], mem_floor, mem_lint, r['mem_ratio']), flush=True)
    print('\n(peak memory from %s)\n' % ('time -v' if os.access('/usr/bin/time', os.X_OK) else 'rusage'))
    anchored = [n for n in results if 'simdjson' in results[n]]
    if anchored:
        # The second anchor: simdjson's DOM parser as a whole process (bench/simdjson_anchor.cpp).
        print('| case | simdjson ms | dtslint ms | time vs simdjson | CPU vs simdjson |')
        print('|---|---:|---:|---:|---:|')
        for n in anchored:
            r = results[n]
            r['simdjson_ratio'] = r['dtslint']['wall'] / r['simdjson']['wall']
            print('| %s | %.2f | %.2f | %.2fx | %.2fx |' % (
                n, r['simdjson']['wall'] * 1e3, r['dtslint']['wall'] * 1e3, r['simdjson_ratio'],
                r['dtslint']['cpu'] / max(r['simdjson']['cpu'], 1e-9)))
        print()
    elif not simdjson:
        print('(simdjson anchor not built: apt-get install libsimdjson-dev g++, then meson setup --reconfigure)\n')

    targets = []

    def target(text, value, limit, unit='x'):
        targets.append((text, value, limit, value <= limit, unit))

    def above_baseline(name):
        """Peak memory above `dtslint --version`, per byte of input."""
        r = results[name]
        return max(r['mem_lint'] - baseline, 0) * 1024 / r['size']

    for form in ('object', 'string'):
        if '1k-' + form in results:
            # issue 22: start-up below the parse floor's 1.1x
            target('1 KB %s: time vs floor' % form, results['1k-' + form]['ratio'], 1.10)
        for size in ('1m', '10m'):
            if size + '-' + form in results:
                target('%s %s: peak memory above baseline / input' % (size.upper().replace('M', ' MB'), form),
                       above_baseline(size + '-' + form), 2.5)
        if '10m-' + form in results:
            target('10 MB %s: time vs floor' % form, results['10m-' + form]['ratio'], 0.35)
        if 'simdjson_ratio' in results.get('10m-' + form, {}):
            target('10 MB %s: time vs simdjson' % form, results['10m-' + form]['simdjson_ratio'], 1.2)
        if '60m-' + form in results and '10m-' + form in results:
            # 60 MB is 6x the bytes: linear growth is about 6x.
            growth = results['60m-' + form]['dtslint']['cpu'] / results['10m-' + form]['dtslint']['cpu']
            target('growth %s: 60 MB CPU time / 10 MB CPU time' % form, growth, 6.6)
        if '10m-' + form in results and '1m-' + form in results:
            growth = results['10m-' + form]['dtslint']['wall'] / results['1m-' + form]['dtslint']['wall']
            target('growth %s: 10 MB time / 1 MB time' % form, growth, 11.0)
    if 'small-1000' in results:
        target('1,000 small files in one run: time vs floor', results['small-1000']['ratio'], 1.0)
    if 'tables-4k' in results and 'tables-40k' in results:
        growth = results['tables-40k']['dtslint']['wall'] / results['tables-4k']['dtslint']['wall']
        target('growth: 40,000 tables / 4,000 tables time', growth, 11.0)
    for shape, sizes in (('workflow', ('10k', '20k', '40k')), ('glob', ('8', '16', '32'))):
        for small, big in zip(sizes, sizes[1:]):
            if shape + '-' + small in results and shape + '-' + big in results:
                # CPU time: a shared machine's waits for a core are not the program's growth.
                growth = results[shape + '-' + big]['dtslint']['cpu'] / results[shape + '-' + small]['dtslint']['cpu']
                if shape == 'workflow':
                    target('growth: workflow of %s requests / of %s, CPU time' % (big, small), growth, 2.5)
                else:
                    target('growth: %s "**" / %s "**" in a pattern, CPU time' % (big, small), growth, 1.5)
    for form, kind in (('object', 'edit'), ('string', 'edit'), ('object', 'dbedit'), ('string', 'dbedit')):
        case = '1m-%s+%s' % (form, kind)
        if not only or case in only:
            # The language server (lsp_bench.py): one-character edits of an open 1 MB
            # document, server CPU per edit (issue 22): in DtsJobName, or in a table
            # name of the DbList (+dbedit).
            sys.path.insert(0, HERE)
            import lsp_bench
            r = lsp_bench.bench_case(dtslint, os.path.join(data, '1m-%s.json' % form),
                                     50 if a.quick else 200, True, where=lsp_bench.where_of(case))
            target('language server: one-character edit of the 1 MB %s%s, server CPU ms'
                   % (form, ', in a table name of the DbList' if kind == 'dbedit' else ''),
                   r['cpu'], lsp_bench.EDIT_TARGET_MS, ' ms')
    if not only or 'tf-1m' in only:
        # Issue 20: a 1 MB .tf whose db_list is jsonencode() of a big DbList, against the
        # same request as JSON (bench/tf_bench.py writes both), in paired runs.
        import tf_bench
        with tempfile.TemporaryDirectory() as tmp:
            js, tf = tf_bench.write_inputs(os.path.dirname(HERE), tmp)
            r = tf_bench.paired(dtslint, js, tf, 7 if a.quick else 15)
        print('tf-1m: .json %.2f ms, %d KiB, %d page faults; .tf %.2f ms, %d KiB, %d page faults; '
              'CPU time ratio %.2fx\n' % (r['json_ms'], r['json_kib'], r['json_faults'], r['tf_ms'],
                                          r['tf_kib'], r['tf_faults'], r['cpu']))
        target('1 MB .tf (jsonencode() DbList): time vs the same request as JSON', r['wall'], 1.5)
    for name in MEMORY_SHAPES:
        if only and name not in only:
            continue
        path = memory_input(data, name)
        peak, _ = peak_rss([dtslint, '--fail-on', 'none', path])
        size = os.path.getsize(path)
        print('memory shape %s: %.1f MB, peak %d KiB (--version %d KiB)' % (name, size / 1e6, peak, baseline))
        target('%s: peak memory above baseline / input' % name, max(peak - baseline, 0) * 1024 / size,
               MEMORY_SHAPE_LIMIT)
        if name == 'array-64m':
            # The worst shape at the input limit: its peak memory, whatever it reports.
            target('worst shape ({"x":[0,0,...]}, 64 MiB): peak memory, GiB', peak / 2 ** 20, 1.0, ' GiB')
    if os.path.exists(probe) and (not only or 'small-1000' in only):
        one, many = compile_counts(dtslint, probe, data)
        limit = pattern_count()
        if one < 0 or many < 0:
            # The LD_PRELOAD probe sees only a shared PCRE2: say so, never a silent "yes".
            print('patterns compiled: not measured (PCRE2 is linked statically; '
                  'configure with -Dstatic_pcre2=false to count)\n')
        else:
            targets.append(('patterns compiled (at most once each, on first use): 1 file %d, 1,000 files %d'
                            % (one, many), many, limit, many <= limit and one > 0, ''))
    print('| target | measured | limit | met |')
    print('|---|---:|---:|---|')
    for text, value, limit, ok, unit in targets:
        fmt = '%.2f%s' if unit else '%d%s'
        print('| %s | %s | %s | %s |' % (text, fmt % (value, unit), fmt % (limit, unit),
                                         'yes' if ok else '**no**'))
    missed = [t for t in targets if not t[3]]
    print('\n%d of %d targets met' % (len(targets) - len(missed), len(targets)))
    if a.check and missed:
        sys.exit(1)


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Mutation testing: does the suite notice when the code is wrong?

Each mutation of tests/mutations.txt (a deliberate bug: a comparison
loosened, a check dropped) is applied alone to a scratch copy of the source
tree, that copy is built and the suite is run on it.  A mutation the suite
fails on is killed; one it passes is a survivor: a behaviour no test pins
down.  The working tree is never touched.  Before a release:

    tests/mutate.py                     # every mutation, the whole suite
    tests/mutate.py -j 2 --no-suite hostile baseline-prefix fix-escape
    tests/mutate.py --test config suppression-   # one test, some mutations
    tests/mutate.py --check             # do the mutations still apply? (no build)

A mutation names its file by base name, found anywhere under src/, and its
change as an exact snippet that must occur once in that file.  One that no
longer applies (the code moved on) is reported stale.  Exit status: 0 when
every mutation was killed, 1 when some survived, 2 when a mutation is stale
or does not build, or the unmutated copy does not pass the suite.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_LIST = os.path.join(ROOT, 'tests', 'mutations.txt')


@dataclass
class Mutation:
    name: str
    what: str
    file: str                 # base name, looked up under src/
    old: str
    new: str
    line: int                 # where it starts in the list, for messages
    path: str = ''            # relative to the root, once found
    result: str = ''          # killed, SURVIVED, stale, does not build
    detail: str = ''
    seconds: float = 0.0
    killers: list = field(default_factory=list)


def parse_list(path):
    """tests/mutations.txt: '== NAME: what it breaks', '@ FILE', then the
    lines to replace ('-' and the line as the file has it) and the lines to
    put instead ('+' and the line).  '#' lines and blank lines between
    mutations are comments."""
    mutations, cur = [], None
    with open(path, encoding='utf-8') as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            if line.startswith('== '):
                name, _, what = line[3:].partition(':')
                cur = Mutation(name.strip(), what.strip(), '', None, None, n)
                mutations.append(cur)
            elif line.startswith('@ ') and cur:
                cur.file = line[2:].strip()
            elif line[:1] in ('-', '+') and cur:
                attr = 'old' if line[0] == '-' else 'new'
                part = getattr(cur, attr)
                setattr(cur, attr, line[1:] if part is None else part + '\n' + line[1:])
            elif line.strip() and not line.startswith('#'):
                sys.exit('%s:%d: not a mutation line: %r' % (path, n, line))
    names = set()
    for m in mutations:
        if not m.file or m.old is None:
            sys.exit('%s:%d: %s needs "@ FILE" and "-" lines' % (path, m.line, m.name))
        if m.new is None:
            m.new = ''  # the lines are deleted (an empty line stays)
        if m.name in names:
            sys.exit('%s:%d: a second mutation named %s' % (path, m.line, m.name))
        names.add(m.name)
    return mutations


def find_source(tree, base):
    """The files named base anywhere under src/, relative to tree."""
    found = []
    for folder, dirs, files in os.walk(os.path.join(tree, 'src')):
        dirs.sort()
        if base in files:
            found.append(os.path.relpath(os.path.join(folder, base), tree))
    return found


def locate(tree, m):
    """Set m.path, or mark m stale and say why."""
    paths = find_source(tree, m.file)
    if len(paths) != 1:
        m.result = 'stale'
        m.detail = ('no %s under src/' % m.file if not paths
                    else '%s is ambiguous: %s' % (m.file, ', '.join(paths)))
        return False
    m.path = paths[0]
    with open(os.path.join(tree, m.path), encoding='utf-8', newline='') as f:
        count = f.read().count(m.old)
    if count != 1:
        m.result = 'stale'
        m.detail = 'its snippet occurs %d times in %s' % (count, m.path)
        return False
    return True


# ---- processes: each in its own group, ended with the script ----------

children = set()
children_lock = threading.Lock()
stopping = threading.Event()


def run(cmd, cwd, log):
    """Run cmd with its output appended to the file log; its exit status
    (-1 when the script is stopping)."""
    with open(log, 'a') as out:
        out.write('$ %s\n' % ' '.join(cmd))
        out.flush()
        with children_lock:
            if stopping.is_set():
                return -1
            p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, start_new_session=True)
            children.add(p)
        try:
            return p.wait()
        finally:
            with children_lock:
                children.discard(p)


def end_children():
    """Stop the builds and suites still running (on an interrupt: they run
    in sessions of their own, out of reach of the terminal's ^C)."""
    with children_lock:
        stopping.set()
        running = list(children)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for p in running:
            try:
                os.killpg(p.pid, sig)
            except ProcessLookupError:
                pass
        try:
            for p in running:
                p.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            continue


def run_all(fn, items, jobs):
    """fn on every item, jobs at a time; an interrupt stops them all."""
    pool = ThreadPoolExecutor(jobs)
    try:
        return list(pool.map(fn, items))
    except BaseException:
        end_children()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# ---- scratch copies -----------------------------------------------------

def copy_tree(dst):
    """The tracked and untracked-but-not-ignored files of the checkout (what
    a commit of it would hold), or everything but build folders and .git."""
    try:
        out = subprocess.run(['git', '-C', ROOT, 'ls-files', '-z', '--cached', '--others',
                              '--exclude-standard'], check=True, capture_output=True).stdout
        names = [n for n in out.decode().split('\0') if n]
    except (OSError, subprocess.CalledProcessError):
        names = None
    if names is None:
        shutil.copytree(ROOT, dst, symlinks=True,
                        ignore=shutil.ignore_patterns('build*', '.git', '__pycache__'))
    else:
        for name in names:
            src = os.path.join(ROOT, name)
            if not os.path.lexists(src):
                continue  # deleted in the working tree
            os.makedirs(os.path.dirname(os.path.join(dst, name)), exist_ok=True)
            shutil.copy2(src, os.path.join(dst, name), follow_symlinks=False)
    # dtslint looks for .dtslint.json up to the folder holding .git: stop it
    # at the copy, as the checkout stops it at the repository.
    os.makedirs(os.path.join(dst, '.git'), exist_ok=True)


class Worker:
    """One scratch copy with its own build folder."""

    def __init__(self, scratch, index, args):
        self.scratch = scratch
        self.tree = os.path.join(scratch, 'tree%d' % index)
        self.build = os.path.join(self.tree, 'build')
        self.log = os.path.join(scratch, 'setup%d.log' % index)
        self.args = args

    def setup(self):
        copy_tree(self.tree)
        # -Dwerror=false: a mutant may leave a variable unused; that is not
        # what is being tested.
        if run(['meson', 'setup', self.build, '-Dwerror=false'], self.tree, self.log) != 0:
            return False
        return run(['meson', 'compile', '-C', self.build], self.tree, self.log) == 0

    def suite(self, log):
        """Run the suite, its output to log; the names of the tests that
        failed."""
        cmd = ['meson', 'test', '-C', self.build, '--no-rebuild', '--quiet', '--print-errorlogs',
               '--num-processes', str(self.args.test_processes),
               '--timeout-multiplier', str(self.args.timeout_multiplier)]
        for s in self.args.suite:
            cmd += ['--suite', s]
        for s in self.args.no_suite:
            cmd += ['--no-suite', s]
        cmd += self.args.test
        testlog = os.path.join(self.build, 'meson-logs', 'testlog.json')
        if os.path.exists(testlog):
            os.remove(testlog)  # the last run's verdicts are not this one's
        status = run(cmd, self.tree, log)
        failed = []
        try:
            with open(testlog) as f:
                for line in f:
                    t = json.loads(line)
                    if t.get('result') not in ('OK', 'SKIP', 'EXPECTEDFAIL'):
                        failed.append(t.get('name', '?'))
        except (OSError, ValueError):
            pass
        if status != 0 and not failed:
            failed.append('meson test (exit %d)' % status)
        return failed

    def mutate(self, m):
        path = os.path.join(self.tree, m.path)
        log = os.path.join(self.scratch, m.name + '.log')
        with open(path, encoding='utf-8', newline='') as f:
            original = f.read()
        start = time.monotonic()
        try:
            with open(path, 'w', encoding='utf-8', newline='') as f:
                f.write(original.replace(m.old, m.new, 1))
            if run(['meson', 'compile', '-C', self.build], self.tree, log) != 0:
                m.result, m.detail = 'does not build', 'see ' + log
            else:
                m.killers = self.suite(log)
                m.result = 'killed' if m.killers else 'SURVIVED'
        finally:
            with open(path, 'w', encoding='utf-8', newline='') as f:
                f.write(original)
            m.seconds = time.monotonic() - start


# ---- main ---------------------------------------------------------------

def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split('\n\n', 1)[1])
    ap.add_argument('names', nargs='*', metavar='NAME',
                    help='run only the mutations whose names start with NAME')
    ap.add_argument('-j', '--jobs', type=int, default=1,
                    help='mutations tested at once, each in its own copy (default 1)')
    ap.add_argument('--suite', action='append', default=[],
                    help='run only this meson test suite (repeatable)')
    ap.add_argument('--no-suite', action='append', default=[],
                    help='leave out this meson test suite (repeatable)')
    ap.add_argument('--test', action='append', default=[],
                    help='run only this test, by its meson name (repeatable)')
    ap.add_argument('-t', '--timeout-multiplier', type=float, default=3, metavar='N',
                    help="multiply meson's test time limits by N (default 3: on a loaded "
                         'machine a slow test is not a kill)')
    ap.add_argument('--mutations', default=DEFAULT_LIST, metavar='FILE',
                    help='the mutations (default tests/mutations.txt)')
    ap.add_argument('--check', action='store_true',
                    help='only check that every mutation applies; build nothing')
    ap.add_argument('--keep', action='store_true',
                    help='keep the scratch copies and the logs (NAME.log: the build '
                         'and the failing tests of mutation NAME)')
    args = ap.parse_args()
    if args.jobs < 1:
        ap.error('-j needs at least 1')
    args.test_processes = max(1, (os.cpu_count() or 1) // args.jobs)
    return args


def report(mutations, elapsed, path):
    tested = [m for m in mutations if m.result in ('killed', 'SURVIVED')]
    killed = [m for m in tested if m.result == 'killed']
    broken = [m for m in mutations if m.result in ('stale', 'does not build')]
    survivors = [m for m in tested if m.result == 'SURVIVED']
    if survivors:
        print('\nsurvivors (no test fails on them):')
        for m in survivors:
            print('  %s (%s): %s' % (m.name, m.path, m.what))
    if broken:
        print('\nto maintain in %s:' % path)
        for m in broken:
            print('  %s: %s: %s' % (m.name, m.result, m.detail))
    rate = 100.0 * len(killed) / len(tested) if tested else 0.0
    print('\nkilled %d of %d mutations (%.0f%%), %d survived, %d stale or not building; %.0f s'
          % (len(killed), len(tested), rate, len(survivors), len(broken), elapsed))
    return 2 if broken else 1 if survivors else 0


def main():
    args = parse_args()
    mutations = parse_list(args.mutations)
    if args.names:
        mutations = [m for m in mutations if any(m.name.startswith(n) for n in args.names)]
        if not mutations:
            sys.exit('mutate.py: no mutation starts with %s' % ' or '.join(args.names))
    for m in mutations:
        locate(ROOT, m)
    stale = [m for m in mutations if m.result == 'stale']
    if args.check:
        for m in mutations:
            print('%-28s %s' % (m.name, 'stale: ' + m.detail if m.result else 'applies to ' + m.path))
        print('%d of %d mutations apply' % (len(mutations) - len(stale), len(mutations)))
        return 2 if stale else 0

    started = time.monotonic()
    todo = [m for m in mutations if not m.result]
    if not todo:
        return report(mutations, 0, args.mutations)
    scratch = tempfile.mkdtemp(prefix='dtslint-mutate-')
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    # Several builds and suites load the machine: a test slowed past its
    # time limit is not a kill (a mutant that hangs still fails, later).
    # The hostile cases' own limit is 20 s; meson's are multiplied (-t).
    os.environ.setdefault('HOSTILE_TIMEOUT', '60')
    jobs = max(1, min(args.jobs, len(todo)))
    print('mutate.py: %d mutations, %d at a time, scratch copies in %s'
          % (len(mutations), jobs, scratch), flush=True)
    try:
        workers = [Worker(scratch, i, args) for i in range(jobs)]
        if not all(run_all(Worker.setup, workers, jobs)):
            print('mutate.py: the scratch copy does not build: see %s' % workers[0].log)
            args.keep = True
            return 2
        unmutated = os.path.join(scratch, 'unmutated.log')
        failed = workers[0].suite(unmutated)
        if failed:
            print('mutate.py: the unmutated copy fails %s: fix that first (log: %s)'
                  % (', '.join(failed), unmutated))
            args.keep = True
            return 2
        print('unmutated copy: the suite passes (%.0f s)' % (time.monotonic() - started), flush=True)

        free = list(workers)
        free_lock = threading.Lock()
        done = [0]

        def test(m):
            with free_lock:
                w = free.pop()
            try:
                w.mutate(m)
            finally:
                with free_lock:
                    free.append(w)
                    done[0] += 1
                    how = (', '.join(m.killers) if m.result == 'killed' else m.detail)
                    if m.result:
                        print('[%2d/%d] %-28s %-9s %4.0f s  %s'
                              % (done[0], len(todo), m.name, m.result, m.seconds, how), flush=True)

        run_all(test, todo, jobs)
        args.keep |= any(m.result == 'does not build' for m in todo)
        return report(mutations, time.monotonic() - started, args.mutations)
    finally:
        end_children()
        if args.keep:
            print('mutate.py: kept %s' % scratch)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == '__main__':
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit('mutate.py: interrupted')

#!/usr/bin/env python3
"""Meta-tests that keep the suite honest: every rule dtslint knows has a
doc page, at least one firing case whose expected output names it, and at
least one silent case; every doc page and test folder belongs to a rule;
every fire case's expected output ends in a non-zero or zero exit that
matches its severity.  Usage: meta.py DTSLINT SOURCE_ROOT"""
import glob
import json
import os
import subprocess
import sys


def main() -> int:
    dtslint, root = sys.argv[1], sys.argv[2]
    os.chdir(root)
    rules = json.loads(subprocess.run([dtslint, '--list-rules', '--format', 'json'],
                                      check=True, capture_output=True, text=True).stdout)
    ids = {r['id']: r for r in rules}
    problems = []
    for rid, rule in sorted(ids.items()):
        if not os.path.isfile('docs/rules/%s.md' % rid):
            problems.append('%s: no docs/rules/%s.md' % (rid, rid))
        else:
            with open('docs/rules/%s.md' % rid, encoding='utf-8') as f:
                head = f.readline().strip()
            if head != '# %s: %s' % (rid, rule['name']):
                problems.append('%s: doc page title is %r' % (rid, head))
        fires = sorted(glob.glob('testdata/bad/%s/fire*.expected' % rid))
        if not fires:
            problems.append('%s: no testdata/bad/%s/fire*.expected' % (rid, rid))
        for path in fires:
            with open(path, encoding='utf-8', errors='replace') as f:
                text = f.read()
            if '[%s]' % rid not in text:
                problems.append('%s: %s does not report %s' % (rid, path, rid))
            want = 'exit: 1' if rule['severity'] == 'error' else 'exit: 0'
            if not text.rstrip().endswith(want):
                problems.append('%s: %s should end with %r' % (rid, path, want))
        if not glob.glob('testdata/bad/%s/silent*.json' % rid) + glob.glob('testdata/bad/%s/silent*.txt' % rid):
            problems.append('%s: no testdata/bad/%s/silent*.json (or .txt)' % (rid, rid))
    for path in glob.glob('docs/rules/*.md'):
        if os.path.basename(path)[:-3] not in ids:
            problems.append('%s: no such rule' % path)
    for path in glob.glob('testdata/bad/*'):
        if os.path.basename(path) not in ids:
            problems.append('%s: no such rule' % path)
    index = subprocess.run([sys.executable, 'tools/rule_index.py', '--check', 'README.md'],
                           capture_output=True, text=True)
    if index.returncode:
        problems.append('README.md: ' + index.stdout.strip())
    for p in problems:
        print('FAIL', p)
    print('%d passed, %d failed' % (len(ids) - len({p.split(':')[0] for p in problems}),
                                    len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
"""Meta-tests that keep the suite honest: every rule dtslint knows has a
doc page, at least one firing case whose expected output names it, and at
least one silent case; every doc page and test folder belongs to a rule;
every fire case's expected output ends in a non-zero or zero exit that
matches its severity; every parameter and schema key says what it is and
where that comes from.  Usage: meta.py DTSLINT SOURCE_ROOT"""
import glob
import json
import os
import re
import subprocess
import sys


def described_params():
    """Every parameter and schema key of rules/: (file, where, name, spec)."""
    for path in sorted(glob.glob('rules/*.json')):
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
        groups = [(data.get('operation', ''), data.get('parameters', {})),
                  ('common', data.get('common', {}))]
        groups += [(name, s.get('keys', {})) for name, s in data.get('schemas', {}).items()]
        for where, params in groups:
            for name, spec in params.items():
                yield path, where, name, spec


def description_problems():
    """A parameter without a description is one the editor, the schema and
    --explain cannot explain; a cited source must be one docs/sources.md
    lists; a value's meaning must be of a value the rules accept."""
    with open('docs/sources.md', encoding='utf-8') as f:
        labels = set(re.findall(r'^\| (\[[^]]+\]) \|', f.read(), re.M))
    problems = []
    for path, where, name, spec in described_params():
        at = '%s: %s %s' % (path, where, name)
        if not spec.get('description'):
            problems.append(at + ': no description')
        cited = re.findall(r'\[[^]]+\]', spec.get('source', ''))
        if not cited:
            problems.append(at + ': no source')
        problems += ['%s: source %s is not in docs/sources.md' % (at, c) for c in cited if c not in labels]
        if spec.get('secret') and 'example' in spec:
            problems.append(at + ': a secret with an example (it would be shown as a value)')
        if 'unsupported' in spec and 'deprecated' not in spec:
            problems.append(at + ': unsupported but not deprecated')
        enum = {v.lower() for v in spec.get('enum', [])}
        meanings = spec.get('values', {})
        if enum and spec['type'] == 'string':
            problems += ['%s: value %r has no meaning in "values"' % (at, v)
                         for v in spec['enum'] if v not in meanings]
            problems += ['%s: "values" describes %r, which is not in "enum"' % (at, v)
                         for v in meanings if v.lower() not in enum]
    return problems


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
    problems += description_problems()
    for p in problems:
        print('FAIL', p)
    print('%d passed, %d failed' % (len(ids) - len({p.split(':')[0] for p in problems}),
                                    len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())

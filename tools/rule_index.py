#!/usr/bin/env python3
"""Keep README.md's rule index in step with rules/.
usage: rule_index.py --write README.md | --check README.md  (run from the source root)
The index sits between the markers <!-- rules:begin --> and <!-- rules:end -->."""
import glob
import json
import sys

BEGIN, END = '<!-- rules:begin -->', '<!-- rules:end -->'


def table() -> str:
    rules = []
    for path in sorted(glob.glob('rules/*.json')):
        with open(path, encoding='utf-8') as f:
            rules += json.load(f).get('rules', [])
    rows = ['| ID | name | severity | summary |', '|---|---|---|---|']
    for r in sorted(rules, key=lambda r: r['id']):
        rows.append('| [%s](docs/rules/%s.md) | %s | %s | %s |'
                    % (r['id'], r['id'], r['name'], r['severity'], r['summary']))
    return '\n'.join(rows)


def main() -> int:
    mode, path = sys.argv[1], sys.argv[2]
    with open(path, encoding='utf-8') as f:
        text = f.read()
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    fresh = head + BEGIN + '\n' + table() + '\n' + END + tail
    if mode == '--write':
        with open(path, 'w', encoding='utf-8') as f:
            f.write(fresh)
        return 0
    if fresh != text:
        print('FAIL %s: the rule index is out of date; run tools/rule_index.py --write %s'
              % (path, path))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

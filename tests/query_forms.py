#!/usr/bin/env python3
"""Every clean request of testdata/good, written in the query-string form,
is clean too: as the API reference prints it (one &Name=value per line,
values raw) and as the wire sends it (one line, percent-encoded, '+' for
spaces).  Findings inside a DbList of the wire form point into the
percent-encoded text (checked by the snapshot cases); this test checks that
the form itself adds nothing.

Usage: query_forms.py DTSLINT SOURCE_ROOT
"""
import glob
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse


def value_text(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, separators=(',', ':'))
    if v is None:
        return ''
    return str(v)


def printed(req):
    lines = []
    for i, (k, v) in enumerate(req.items()):
        lines.append(('http(s)://dts.aliyuncs.com/?' if i == 0 else '&') + '%s=%s' % (k, value_text(v)))
    return '\n'.join(lines) + '\n&<Common request parameters>\n'


def wire(req):
    return 'https://dts.aliyuncs.com/?' + urllib.parse.urlencode(
        [(k, value_text(v)) for k, v in req.items()], quote_via=urllib.parse.quote_plus) + '\n'


def main():
    dtslint, root = sys.argv[1], sys.argv[2]
    os.chdir(root)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(glob.glob('testdata/good/*.json')):
            with open(path, encoding='utf-8') as f:
                req = json.load(f)
            if not isinstance(req, dict) or any('\n' in value_text(v) for v in req.values()):
                continue  # workflows have their own query-string cases; a raw value holds no line break
            args = []
            if os.path.exists(path[:-5] + '.args'):
                with open(path[:-5] + '.args') as f:
                    args = f.read().split()
            for form, text in (('printed', printed(req)), ('wire', wire(req))):
                q = os.path.join(tmp, os.path.basename(path)[:-5] + '-' + form + '.txt')
                with open(q, 'w', encoding='utf-8') as f:
                    f.write(text)
                run = subprocess.run([dtslint, '--fail-on', 'warning'] + args + [q], capture_output=True, text=True)
                # the placeholder line of the printed form is the only expected output (a note)
                lines = [l for l in run.stdout.splitlines() if '[DTS011]' not in l]
                # and the summary line, on stderr
                if run.returncode != 0 or lines or run.stderr not in ('no problems in 1 file\n', '1 problem (1 note) in 1 of 1 file\n'):
                    failed += 1
                    print('FAIL %s as %s: exit %d\n%s%s' % (path, form, run.returncode, run.stdout, run.stderr))
                else:
                    passed += 1
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed or passed < 40 else 0)


if __name__ == '__main__':
    main()

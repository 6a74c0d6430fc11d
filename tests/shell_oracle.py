#!/usr/bin/env python3
"""The real bash as the oracle for the shell reader (src/input/shellwords.c).

For every file under testdata/shell/ (scripts and Markdown runbooks),
shell_dump prints every simple command the reader found with its words.
For each command whose words are all known (no expansion), bash is given
the same text with `printf '%s\\0'` in front, and the words it prints must
be the reader's words, byte for byte.  A command with a redirection is
given as its words' own texts, joined by spaces (so nothing is written).

Also checked for every known word: its map is strictly increasing, within
the word's span, and each decoded byte is the file's byte at its offset
(or an escape's backslash there); and the aliyun commands against
NAME.aliyun.expected beside each file (UPDATE=1 rewrites them).

Usage: shell_oracle.py SHELL_DUMP SOURCE_ROOT BASH
"""
import json
import os
import subprocess
import sys
import tempfile


def run_dump(dump, path):
    out = subprocess.run([dump, path], check=True, stdout=subprocess.PIPE).stdout
    return json.loads(out)


def bash_words(bash, src, cwd):
    env = {'PATH': '/usr/bin:/bin', 'LC_ALL': 'C', 'HOME': cwd}
    p = subprocess.run([bash, '--norc', '--noprofile', '-c', "printf '%s\\0' " + src],
                       cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10)
    if p.returncode != 0:
        return None, p.stderr.decode('utf-8', 'replace')
    words = p.stdout.split(b'\0')
    return words[:-1], None


def check_maps(path, data, raw):
    problems = []
    for c in data['commands']:
        for w in c['words']:
            if not w['known']:
                continue
            text = w['text'].encode('utf-8')
            m = w['map']
            if len(m) != len(text) + 1:
                problems.append(f'{path}: map of {w["raw"]!r} has {len(m)} entries for {len(text)} bytes')
                continue
            for i in range(len(text)):
                if not (w['start'] <= m[i] < w['end']) or (i and m[i] <= m[i - 1]):
                    problems.append(f'{path}: map of {w["raw"]!r} not increasing within the word at {i}')
                    break
                if raw[m[i]] != text[i] and raw[m[i]] != ord('\\'):
                    problems.append(f'{path}: byte {i} of {w["raw"]!r} is not the file\'s byte at {m[i]}')
                    break
            if not (w['start'] <= m[-1] <= w['end']):
                problems.append(f'{path}: map end of {w["raw"]!r} outside the word')
    return problems


def main():
    dump, root, bash = sys.argv[1], sys.argv[2], sys.argv[3]
    folder = os.path.join(root, 'testdata', 'shell')
    update = os.environ.get('UPDATE') == '1'
    problems = []
    compared = 0
    files = sorted(f for f in os.listdir(folder) if not f.endswith('.expected') and f != 'README.md')
    with tempfile.TemporaryDirectory() as cwd:
        for name in files:
            path = os.path.join(folder, name)
            with open(path, 'rb') as f:
                raw = f.read()
            data = run_dump(dump, path)
            problems += check_maps(name, data, raw)
            here = 0
            for c in data['commands']:
                if not all(w['known'] for w in c['words']):
                    continue
                src = ' '.join(w['raw'] for w in c['words']) if c['redirected'] else c['source']
                want = [w['text'].encode('utf-8') for w in c['words']]
                got, err = bash_words(bash, src, cwd)
                here += 1
                if got != want:
                    problems.append(f'{name}: {src!r}\n  dtslint: {want!r}\n  bash:    {got!r} {err or ""}')
            if here == 0:
                problems.append(f'{name}: no command without expansions to compare')
            compared += here
            expected = os.path.join(folder, name + '.aliyun.expected')
            text = json.dumps(data['aliyun'], indent=1, ensure_ascii=False) + '\n'
            if update:
                with open(expected, 'w', encoding='utf-8') as f:
                    f.write(text)
            elif not os.path.exists(expected):
                problems.append(f'{name}: no {name}.aliyun.expected (UPDATE=1 writes it)')
            else:
                with open(expected, encoding='utf-8') as f:
                    if f.read() != text:
                        problems.append(f'{name}: aliyun commands differ from {name}.aliyun.expected:\n{text}')
    for p in problems:
        print('FAIL', p)
    print(f'{compared} commands compared with bash in {len(files)} files')
    return 1 if problems or compared == 0 else 0


if __name__ == '__main__':
    sys.exit(main())

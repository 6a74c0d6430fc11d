#!/usr/bin/env python3
"""`dtslint --lsp` after random edits gives the diagnostics of a fresh
check of the same text.

One server holds each document open and receives random one-range edits
(incremental sync, as an editor sends keystrokes): white space typed and
removed, characters typed into and deleted from strings, mostly top-level values (where the server
reuses its last check, src/lsp/lsp_reuse.c), quotes, backslashes,
brackets, commas, non-ASCII text and line breaks anywhere, ranges
replaced, the last edit undone (always when it may have broken the JSON), several edits in one change and changes
sent in a burst.  After every change its published diagnostics must be
exactly those a second server publishes for the same text opened afresh
(a full check), down to ranges, messages and related locations.

Usage: lsp_edits.py DTSLINT [STEPS]   (STEPS per document, default 400;
the seed is fixed, LSP_EDITS_SEED changes it)
"""
import json
import os
import queue
import random
import re
import subprocess
import sys
import tempfile
import threading
import urllib.parse

DTSLINT = sys.argv[1]
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 400
SEED = int(os.environ.get('LSP_EDITS_SEED', '22'))
DBLIST_SHARE = float(os.environ.get('LSP_EDITS_DBLIST', '0.4'))  # edits aimed inside the DbList
TIMEOUT = float(os.environ.get('LSP_TEST_TIMEOUT', '120'))

# Requests with findings before, inside and after the strings edited: a
# typo, a wrong type, a bad value, an enum in the wrong case, a secret, a
# DbList (as an object and as a string) with bad filters, a misspelled
# key, two tables mapped to one name, a table written twice and a column
# whose name looks secret.
OBJECT_DOC = '''{
  "Action": "ConfigureDtsJob",
  "RegionId": "cn-hangzhou",
  "DtsJobName": "orders_sync_430",
  "JobType": "SYNC",
  "SourceEndpointInstanceType": "rds",
  "SourceEndpointEngineName": "MYSQL",
  "SourceEndpointRegion": "cn-hangzhou",
  "SourceEndpointUserName": "dtstest",
  "SourceEndpointPassword": "S3cr3t-Pa55",
  "SourceEndpointPort": "33o6",
  "Checkpoint": "16105404931",
  "DtsBisLabel": "normall",
  "DestinationEndpointInstanceType": "RDS",
  "DestinationEndpointInstanceID": "rm-bp1072qxu5q3h9023",
  "DestinationEndpointEngineName": "MYSQL",
  "DestinationEndpointRegion": "cn-hangzhou",
  "DestinationEndpointUserNam": "dtstest",
  "DestinationEndpointPassword": "S3cr3t-Pa55",
  "StructureInitialization": "yes",
  "DataInitialization": true,
  "DataSynchronization": true,
  "SourceEndpointInstanceID": "rm-bp1imrtn6fq7h2331",
  "DbList": {
    "coupon_db_0000": {"name": "coupon_db_0000", "all": true},
    "orders": {"name": "orders", "all": false, "Table": {
      "t1": {"name": "t1", "all": true, "filter": "id > and status = 'paid'"},
      "t2": {"name": "t2_v2", "all": false, "column": {"id": {"name": "dst_id"}, "token": {"name": "tk"}}},
      "t3": {"name": "t2_v2", "all": true, "filter": "shop.items.id > 5 and created < '2020'"},
      "t4": {"name": "t4", "all": false, "Filter": "id > 1", "dml_op": "insert"}}},
    "shop": {"name": "shop", "all": false, "dml_op": "insert", "Table": {
      "items": {"name": "items", "all": true, "filter": "price > 10"},
      "t1": {"name": "t1", "all": true},
      "items": {"name": "items_old", "all": true}}}
  },
  "Reserve": "{\\"targetTableMode\\": \\"2\\"}"
}
'''
STRING_DOC = json.dumps(dict(json.loads(OBJECT_DOC), DbList=json.dumps(
    json.loads(OBJECT_DOC)['DbList'])), indent=1, ensure_ascii=False) + '\n'
SHORT_DOC = ('{"Action":"ConfigureDtsJob","RegionId":"cn-hangzhou","DtsJobName":"n","Checkpoint":"161054049",'
             '"DtsBisLabel":"onlin","JobType":"SYNC","Checkpoint":"1"}')  # a duplicate
SIZE_WARNING = 1048576  # DTS314: a DbList of more bytes than this


def limit_doc():
    """A request whose DbList is as large as DTS314 allows, written
    compactly (its size is its bytes): a character typed into a table's
    name makes the warning, which reads the whole DbList."""
    head = {k: v for k, v in json.loads(OBJECT_DOC).items() if k not in ('DbList', 'Reserve')}
    tables = {'t%05d' % i: {'name': 't%05d' % i, 'all': True} for i in range(25000)}
    db = {'shop': {'name': 'shop', 'all': False, 'dml_op': '', 'Table': tables}}
    short = SIZE_WARNING - len(json.dumps(db, separators=(',', ':')))
    assert short > 0
    db['shop']['dml_op'] = 'i' * short
    return json.dumps(dict(head, DbList=db), separators=(',', ':'))


# (name, text, steps, the share of edits aimed inside the DbList)
DOCS = [('object', OBJECT_DOC, STEPS, DBLIST_SHARE), ('string', STRING_DOC, STEPS, DBLIST_SHARE),
        ('short', SHORT_DOC, STEPS, DBLIST_SHARE), ('limit', limit_doc(), max(STEPS // 10, 20), 1.0)]

failures = 0


class Server:
    def __init__(self):
        self.proc = subprocess.Popen([DTSLINT, '--lsp'], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        self.messages = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.call('initialize', {'processId': None, 'rootUri': None, 'capabilities': {}})
        self.notify('initialized', {})

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b':')
                if name.lower() == b'content-length':
                    length = int(value)
            self.messages.put(json.loads(out.read(length)))

    def send(self, msg):
        body = json.dumps(dict(msg, jsonrpc='2.0'), ensure_ascii=False).encode()
        self.proc.stdin.write(b'Content-Length: %d\r\n\r\n' % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({'method': method, 'params': params})

    def recv(self):
        try:
            m = self.messages.get(timeout=TIMEOUT)
        except queue.Empty:
            m = None
        if m is None:
            sys.exit('lsp_edits: the server did not answer')
        return m

    def call(self, method, params):
        self.send({'id': 1, 'method': method, 'params': params})
        while True:
            m = self.recv()
            if m.get('id') == 1 and 'method' not in m:
                return m

    def diagnostics(self, uri, version):
        while True:
            m = self.recv()
            if m.get('method') == 'textDocument/publishDiagnostics' and \
                    m['params']['uri'] == uri and m['params'].get('version') == version:
                return m['params']['diagnostics']

    def close(self):
        self.call('shutdown', None)
        self.notify('exit', None)
        self.proc.stdin.close()
        return self.proc.wait()


def position(text, offset):
    """The LSP position (UTF-16) of a character offset of text: lines end
    at "\\n", "\\r\\n" or "\\r"."""
    breaks = [m.end() for m in re.finditer(r'\r\n|\r|\n', text[:offset])]
    start = breaks[-1] if breaks else 0
    return {'line': len(breaks), 'character': len(text[start:offset].encode('utf-16-le')) // 2}


# Top-level strings that no rule reads by name, some with checks of their
# own: where the server reuses its last check.
REUSED = ('DtsJobName', 'Checkpoint', 'DtsBisLabel', 'SourceEndpointUserName',
          'DestinationEndpointPassword')


def strings(text, values, reused=False):
    """(start, end) of the content of each double-quoted string (values:
    those after a colon only; reused: those of REUSED members only)."""
    pattern = r'"(?:[^"\\\n]|\\.)*"'
    if reused:
        found = [(m.start(1) + 1, m.end(1) - 1) for m in re.finditer(
            r'"(?:%s)"\s*:\s*(%s)' % ('|'.join(REUSED), pattern), text)]
        if found:
            return found
    if values:
        return [(m.start(1) + 1, m.end(1) - 1) for m in re.finditer(r':\s*(%s)' % pattern, text)]
    return [(m.start() + 1, m.end() - 1) for m in re.finditer(pattern, text)]


PLAIN = 'abcxyzABC0123456789_-. :/'
SPECIAL = ['"', '\\', '{', '}', '[', ']', ',', ':', "'", '\n', '\r\n', '\r', 'é', '中', '😀', '\\"', '\\u00e9']


def dblist_span(text):
    """(start, end) of the DbList's value, or None."""
    m = re.search(r'"DbList"\s*:\s*', text)
    if not m:
        return None
    at = m.end()
    if text[at:at + 1] == '"':  # a JSON string: to its closing quote
        end = re.match(r'"(?:[^"\\]|\\.)*"', text[at:])
    else:  # an object: to the last closing brace before "Reserve" or the end
        end = re.match(r'\{.*\}(?=\s*(?:,\s*"Reserve"|\}\s*$))', text[at:], re.S)
    return (at, at + end.end()) if end else None


def dblist_strings(text):
    """(start, end) of the content of the strings inside the DbList (keys
    and values; in the string form, those between escaped quotes), and
    those of its "name" values."""
    span = dblist_span(text)
    if not span:
        return [], []
    a, b = span
    inner = text[a:b]
    if inner.startswith('"'):
        pattern, name = r'\\"((?:[^"\\])*)\\"', r'\\"name\\"\s*:\s*\\"([^"\\]*)\\"'
    else:
        pattern, name = r'"((?:[^"\\\n]|\\.)*)"', r'"name"\s*:\s*"([^"\\]*)"'
    return ([(a + m.start(1), a + m.end(1)) for m in re.finditer(pattern, inner)],
            [(a + m.start(1), a + m.end(1)) for m in re.finditer(name, inner)])


def dblist_edit(rng, text):
    """An edit inside the DbList (where the server checks one database or
    table again): characters typed into or deleted from a table, column or
    database name, a key or a filter; a name made another's (their
    destination names collide, or stop colliding); quotes, brackets and
    backslashes; or None when the text has no DbList left."""
    found, names = dblist_strings(text)
    if not found:
        return None
    kind = rng.random()
    if names and kind < 0.2:  # a name made another's, or a character more
        a, b = rng.choice(names)
        c, d = rng.choice(names)
        return a, b, text[c:d] + rng.choice(['', '', '2']), '\\' not in text[c:d]
    a, b = rng.choice(found)
    if kind < 0.6:
        at = rng.randint(a, b)
        ch = rng.choice(PLAIN) if rng.random() < 0.85 else rng.choice(SPECIAL)
        return at, at, ch * rng.choice([1, 1, 2]), ch in PLAIN
    if kind < 0.9 and b > a:
        at = rng.randint(a, b - 1)
        end = min(b, at + rng.choice([1, 1, 2, 4]))
        return at, end, '', '\\' not in text[at:end]
    at = rng.randint(a, b)
    return at, at, rng.choice(['"', '\\', '{', '}', '[', '\\"', '\\\\', ':', ',']), False


def random_edit(rng, text, dblist_share):
    """One edit (start, end, replacement, whether it may stay: a value
    edited with plain text, the JSON still valid) in character offsets;
    dblist_share of them aimed inside the DbList."""
    if rng.random() < dblist_share:
        edit = dblist_edit(rng, text)
        if edit:
            return edit
    if rng.random() < 0.15:  # white space typed or removed, mostly between tokens
        blanks = [m.start() for m in re.finditer(r'[ \t\r\n]', text)]
        if blanks and rng.random() < 0.5:
            at = rng.choice(blanks)
            return at, at + 1, '', False
        inside = [m.start() + 1 for m in re.finditer(r'(?<=[:\[,\s])(?:true|false|null|-?[0-9]{2,})', text)]
        r = rng.random()
        at = rng.choice(blanks) if blanks and r < 0.6 else \
            rng.choice(inside) if inside and r < 0.8 else rng.randint(0, len(text))  # inside a literal
        return at, at, rng.choice([' ', '  ', '\n', '\t', '\r\n', '\n    ']), False
    values = rng.random() < 0.85  # a key edited is undone next (a request without Action says little)
    spans = strings(text, values, rng.random() < 0.5)
    kind = rng.random()
    if spans and kind < 0.55:  # type into a string
        a, b = rng.choice(spans)
        at = rng.randint(a, b)
        ch = rng.choice(PLAIN) if rng.random() < 0.85 else rng.choice(SPECIAL)
        return at, at, ch * rng.choice([1, 1, 1, 2]), values and ch in PLAIN
    if spans and kind < 0.8:  # delete inside a string
        a, b = rng.choice(spans)
        if b > a:
            at = rng.randint(a, b - 1)
            end = min(b, at + rng.choice([1, 1, 2, 3]))
            return at, end, '', values and all(c in PLAIN for c in text[at:end])
    if kind < 0.88:  # a character anywhere
        at = rng.randint(0, len(text))
        return at, at, rng.choice(SPECIAL + list(PLAIN[:6])), False
    if kind < 0.94 and text:  # a character deleted anywhere
        at = rng.randint(0, len(text) - 1)
        return at, at + 1, '', False
    at = rng.randint(0, len(text))  # a range replaced
    return at, min(len(text), at + rng.randint(0, 6)), rng.choice(['', 'x', '"', '},', '\u00e9t\u00e9']), False


def change(text, edit):
    start, end, repl = edit
    # No position is between the two bytes of a "\\r\\n" (LSP): before them.
    inside = lambda at: 0 < at < len(text) and text[at - 1] == '\r' and text[at] == '\n'
    start, end = start - inside(start), end - inside(end)
    lsp = {'range': {'start': position(text, start), 'end': position(text, end)}, 'text': repl}
    return text[:start] + repl + text[end:], lsp


def run(name, doc, steps, dblist_share, rng, folder):
    global failures
    uri = 'file://' + urllib.parse.quote(os.path.join(folder, name + '.json'))
    edited, fresh = Server(), Server()
    edited.notify('textDocument/didOpen', {'textDocument': {
        'uri': uri, 'languageId': 'json', 'version': 0, 'text': doc}})
    edited.diagnostics(uri, 0)
    text, version, undo, undo_always, compared, nonempty = doc, 0, None, False, 0, 0
    for step in range(steps):
        changes = []
        # An edit that may break the JSON is undone at the next step, half
        # of the others too: the text stays mostly a request, where reuse
        # applies, and is broken often enough to test the way back.
        if undo and (undo_always or rng.random() < 0.4):
            text, c = change(text, undo)
            changes.append(c)
            undo = None
        else:
            before, n = text, 1 if rng.random() < 0.9 else 2  # sometimes two in one change
            for _ in range(n):
                start, end, repl, safe = random_edit(rng, text, dblist_share)
                undo = (start, start + len(repl), text[start:end])
                undo_always = not safe
                text, c = change(text, (start, end, repl))
                changes.append(c)
            if n > 1:  # undone by one edit of the whole text
                undo, undo_always = (0, len(text), before), True
        version += 1
        burst = rng.random() < 0.05
        edited.notify('textDocument/didChange', {'textDocument': {'uri': uri, 'version': version},
                                                 'contentChanges': changes})
        if burst:  # the next change before this one's diagnostics: linted once, for the last
            continue
        got = edited.diagnostics(uri, version)
        fresh.notify('textDocument/didOpen', {'textDocument': {
            'uri': uri, 'languageId': 'json', 'version': version, 'text': text}})
        want = fresh.diagnostics(uri, version)
        compared += 1
        nonempty += bool(want)
        if got != want:
            failures += 1
            print('FAIL %s, step %d: after %s\n  text: %s\n  got:  %s\n  want: %s' % (
                name, step, json.dumps(changes, ensure_ascii=False), json.dumps(text, ensure_ascii=False)[:3000],
                json.dumps(got, ensure_ascii=False)[:3000], json.dumps(want, ensure_ascii=False)[:3000]))
            if failures > 5:
                sys.exit(1)
        fresh.notify('textDocument/didClose', {'textDocument': {'uri': uri}})
    for s in (edited, fresh):
        if s.close() != 0:
            failures += 1
            print('FAIL %s: exit status not 0' % name)
    print('%s: %d changes compared (%d with findings)' % (name, compared, nonempty))
    if nonempty < compared // 2:
        failures += 1
        print('FAIL %s: too few steps with findings to tell anything' % name)


# Edits written out, each (after, old, new): the first `old` after the
# text `after` becomes `new`.  A map renamed inside a database changes
# which checks its entries have (View's entries are apart, Table's
# compare destination names): the server must not keep what it knew of
# them, or a collision made next is missed.  Then tables' keys typed
# into at their start, made a sibling's (a duplicate, DTS003) and names
# no other table has: what is typed at a key's start is part of it.
SCRIPT_DOC = json.dumps(dict(json.loads(OBJECT_DOC), DbList={'shop': {'name': 'shop', 'all': False, 'View': {
    'v1': {'name': 'aaa'}, 'v2': {'name': 'bbb'}}}}), indent=2)
SCRIPT = [('"shop": {', 'View', 'Table'), ('"v2": {', 'bbb', 'aaa'), ('"v2": {', 'aaa', 'ccc'),
          ('"shop": {', 'Table', 'View'), ('"v2": {', 'ccc', 'aaa')]
T4 = 'created < \'2020\'"},\n      "'
# An operation the rules do not know, and an object first: no DbList to
# outline (the server read a map parameter's limits from no parameter).
UNKNOWN_DOC = '{"DbList": {"a": {"name": "a", "all": true}}, "Action": "ConfigureDtsJobb"}'
SCRIPT_UNKNOWN = [('"a": {"name": "', 'a', 'b'), ('"Action": "', 'ConfigureDtsJobb', 'ConfigureDtsJob'),
                  ('"a": {"name": "', 'b', 'c')]
T3 = '"tk"}}},\n      "'
SCRIPT_KEYS = [(T4, '', 'x'), (T4, '', 'y'), (T4, 'yxt4', 't1'), (T4, 't1', 't9'), (T3, 't3', 'xt5'),
               (T4, '', 'x'), (T4 + 'xt', '9', '5'), (T4, 'xt5', 't4')]


def run_script(name, doc, script, folder):
    """run() with the edits of script instead of random ones."""
    edits = iter(script)

    class Scripted:
        def random(self):
            return 0.5  # no undo, one edit per change, no burst

    def next_edit(rng, text, dblist_share):
        after, old, new = next(edits)
        at = text.index(old, text.index(after) + len(after))
        return at, at + len(old), new, True
    global random_edit
    saved, random_edit = random_edit, next_edit
    try:
        run(name, doc, len(script), 0, Scripted(), folder)
    finally:
        random_edit = saved


def main():
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as folder:
        os.mkdir(os.path.join(folder, '.git'))  # the configuration's root: no .dtslint.json above
        for name, doc, steps, dblist_share in DOCS:
            run(name, doc, steps, dblist_share, rng, folder)
        run_script('script', SCRIPT_DOC, SCRIPT, folder)
        run_script('keys', OBJECT_DOC, SCRIPT_KEYS, folder)
        run_script('unknown-operation', UNKNOWN_DOC, SCRIPT_UNKNOWN, folder)
    print('lsp_edits: %s' % ('ok' if not failures else '%d failures' % failures))
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()

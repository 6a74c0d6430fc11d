#!/usr/bin/env python3
"""`dtslint --lsp` driven by a scripted client over real pipes with real
Content-Length framing: lifecycle, diagnostics (exact, with UTF-16 and
UTF-8 ranges on a line holding CJK and an emoji), hover, completion,
malformed messages, a burst of changes, and the exit codes.

Usage: lsp.py DTSLINT
"""
import json
import os
import queue
import subprocess
import sys
import threading
import time

DTSLINT = sys.argv[1]
# Under valgrind every step is ~50 times slower.
TIMEOUT = float(os.environ.get('LSP_TEST_TIMEOUT', '120'))
SECRET = 'S3cr3t-Pa55'
URI = 'file:///work/dts/bad.json'
# The build's help_base_uri (meson option; empty: no codeDescription).
HELP = sys.argv[2] if len(sys.argv) > 2 else ''

passed = 0
failed = 0


def check(name, cond, detail=''):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print('FAIL %s%s' % (name, ('\n  ' + str(detail)[:3000]) if detail else ''))


class Server:
    def __init__(self, *args):
        self.proc = subprocess.Popen([DTSLINT, '--lsp', *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.raw = bytearray()  # everything the server wrote, to look for secrets
        self.next_id = 1
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                self.raw += line
                line = line.rstrip(b'\r\n')
                if not line:
                    break
                name, _, value = line.partition(b':')
                headers[name.strip().lower()] = value.strip()
            body = out.read(int(headers[b'content-length']))
            self.raw += body
            try:
                self.messages.put(json.loads(body.decode('utf-8')))
            except UnicodeDecodeError:  # marked for the test that waits for it
                self.messages.put(dict(json.loads(body.decode('utf-8', 'replace')), not_utf8=True))

    def send_raw(self, data):
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass  # the server is gone: the checks that wait for it fail

    def send(self, msg):
        body = json.dumps(msg, ensure_ascii=False).encode()
        self.send_raw(b'Content-Length: %d\r\n\r\n' % len(body) + body)

    def notify(self, method, params):
        self.send({'jsonrpc': '2.0', 'method': method, 'params': params})

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({'jsonrpc': '2.0', 'id': rid, 'method': method, 'params': params})
        return rid

    def recv(self, timeout=TIMEOUT):
        try:
            return self.messages.get(timeout=timeout)
        except queue.Empty:
            return None

    def wait(self, pred, timeout=TIMEOUT):
        """Messages up to and including the first that pred accepts."""
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            m = self.recv(max(0.0, deadline - time.monotonic()))
            if m is None:
                return None, seen
            seen.append(m)
            if pred(m):
                return m, seen

    def response(self, rid, timeout=TIMEOUT):
        m, _ = self.wait(lambda m: m.get('id') == rid and 'method' not in m, timeout)
        return m

    def call(self, method, params, timeout=TIMEOUT):
        return self.response(self.request(method, params), timeout)

    def publish(self, uri=URI):
        m, _ = self.wait(lambda m: m.get('method') == 'textDocument/publishDiagnostics'
                         and m['params']['uri'] == uri)
        return m and m['params']

    def initialize(self, encodings=None):
        caps = {'general': {'positionEncodings': encodings}} if encodings else {}
        r = self.call('initialize', {'processId': None, 'rootUri': None, 'capabilities': caps})
        self.notify('initialized', {})
        return r

    def kill(self):
        """A server that does not answer: stopped, so finish() does not wait."""
        self.proc.kill()

    def finish(self):
        """Close stdin; the exit status and stderr."""
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            rc = self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = 'hang'
        self.reader.join(TIMEOUT)
        err = self.proc.stderr.read().decode(errors='replace')
        self.proc.stderr.close()
        self.proc.stdout.close()
        check('no secret in anything the server wrote', SECRET.encode() not in self.raw)
        try:
            self.raw.decode('utf-8')
            utf8 = True
        except UnicodeDecodeError as e:
            utf8 = e
        check('everything the server wrote is UTF-8', utf8 is True, utf8)
        return rc, err


BAD = '\n'.join([
    '{',
    '  "Action": "ConfigureDtsJob",',
    '  "DtsJobName": "订单迁移😀", "SourceEndpointInstanceTyp": "RDS",',
    '  "DestinationEndpointInstanceType": "EXPRESS",',
    '  "StructureInitialization": "true",',
    '  "DataInitialization": "true",',
    '  "DataSynchronization": "true",',
    '  "DbList": "{\\"订单😀\\":{\\"name\\":\\"x\\",\\"all\\":tru}}",',
    '  "JobType": "SYNC",',
    '  "JobType": "SYNC",',
    '  "SourceEndpointInstanceID": "rm-bp1imrtn6fq7h****",',
    '  "SourceEndpointEngineName": "MYSQL",',
    '  "SourceEndpointRegion": "cn-hangzhou",',
    '  "SourceEndpointPassword": "%s",' % SECRET,
    '  "DestinationEndpointInstanceID": "vpc-bp1opxu1zkhn00gzv****",',
    '  "DestinationEndpointEngineName": "MYSQL",',
    '  "DestinationEndpointIP": "172.16.10.20",',
    '  "DestinationEndpointRegion": "cn-hangzhou",',
    '  "DestinationEndpointPort": "3306"',
    '}',
    ''])
GOOD = BAD.replace('"SourceEndpointInstanceTyp"', '"SourceEndpointInstanceType"').replace(
    'tru}', 'true}').replace('  "JobType": "SYNC",\n', '', 1)


def rng(l1, c1, l2, c2):
    return {'start': {'line': l1, 'character': c1}, 'end': {'line': l2, 'character': c2}}


def expected(cols):
    """The diagnostics of BAD; cols: the columns that depend on the encoding."""
    def diag(r, code, message, related=None):
        d = {'range': r, 'severity': 1, 'code': code}
        if HELP:
            d['codeDescription'] = {'href': HELP + code + '.md'}
        d.update({'source': 'dtslint', 'message': message})
        if related:
            d['relatedInformation'] = [related]
        return d
    return [
        # one typo, one finding: the missing required parameter folds into it
        diag(rng(2, cols[0], 2, cols[1]), 'DTS101',
             "'SourceEndpointInstanceTyp' is not a parameter of ConfigureDtsJob; did you mean "
             "'SourceEndpointInstanceType'? (it is required by ConfigureDtsJob)\n"
             "help: rename 'SourceEndpointInstanceTyp' to 'SourceEndpointInstanceType'"),
        diag(rng(7, cols[2], 7, cols[2] + 1), 'DTS005',
             "'DbList' is not valid JSON: expected a JSON value, found a letter (a string without its double quotes?)"),
        diag(rng(9, 2, 9, 11), 'DTS003',
             "'JobType' is given twice in the same object; remove one of them\nhelp: keep one of the two members",
             {'location': {'uri': URI, 'range': rng(8, 2, 8, 11)}, 'message': 'first given here'}),
    ]


def diff(got, want):
    return 'got:  %s\nwant: %s' % (json.dumps(got, ensure_ascii=False), json.dumps(want, ensure_ascii=False))


def open_doc(s, text, version=1, uri=URI, language='json'):
    s.notify('textDocument/didOpen', {'textDocument': {'uri': uri, 'languageId': language,
                                                       'version': version, 'text': text}})


def test_diagnostics_utf16():
    s = Server()
    init = s.initialize()
    caps = init and init.get('result', {}).get('capabilities', {})
    check('initialize: utf-16 by default', caps.get('positionEncoding') == 'utf-16', init)
    check('initialize: incremental sync, hover, completion',
          caps.get('textDocumentSync', {}).get('change') == 2 and caps.get('hoverProvider') is True
          and 'completionProvider' in caps, caps)
    check('initialize: serverInfo', init['result'].get('serverInfo', {}).get('name') == 'dtslint', init)
    open_doc(s, BAD)
    p = s.publish()
    # Line 3: 17 characters, then 订单迁移 (4 units), 😀 (2 units, a surrogate pair), '", ': 26.
    want = expected([26, 53, 47])
    check('didOpen: exact diagnostics, UTF-16 ranges', p and p['diagnostics'] == want, diff(p and p['diagnostics'], want))
    check('didOpen: version', p and p.get('version') == 1, p)
    # The same findings at the same positions with "\r\n" and "\r" line ends.
    for name, eol in (('CRLF', '\r\n'), ('CR', '\r')):
        uri = 'file:///work/dts/%s.json' % name
        open_doc(s, BAD.replace('\n', eol), uri=uri)
        p = s.publish(uri)
        got = p and [dict(d, relatedInformation=[dict(r, location=dict(r['location'], uri=URI))
                                                 for r in d['relatedInformation']])
                     if 'relatedInformation' in d else d for d in p['diagnostics']]
        check('%s line ends: the same diagnostics' % name, got == want, diff(got, want))
        s.notify('textDocument/didClose', {'textDocument': {'uri': uri}})
        s.publish(uri)
    # A full change to the good text clears them.
    s.notify('textDocument/didChange', {'textDocument': {'uri': URI, 'version': 2},
                                        'contentChanges': [{'text': GOOD}]})
    p = s.publish()
    check('didChange: fixed text, no diagnostics', p and p['diagnostics'] == [] and p['version'] == 2, p)
    # An incremental change: break the name again, after the emoji, in
    # UTF-16 units; then two changes in one message, applied in order.
    s.notify('textDocument/didChange', {'textDocument': {'uri': URI, 'version': 3},
                                        'contentChanges': [{'range': rng(2, 52, 2, 53), 'text': ''}]})
    p = s.publish()
    codes = [d['code'] for d in p['diagnostics']] if p else None
    check('didChange with a range: applied in UTF-16 units', codes == ['DTS101']
          and p['diagnostics'][0]['range'] == rng(2, 26, 2, 53)
          and "'SourceEndpointInstanceTyp'" in p['diagnostics'][0]['message'], p)
    s.notify('textDocument/didChange', {'textDocument': {'uri': URI, 'version': 4}, 'contentChanges': [
        {'range': rng(2, 17, 2, 23), 'text': 'x'},
        {'range': rng(2, 18, 2, 18), 'text': '😀😀'}]})
    p = s.publish()
    check('didChange with two ranges: applied in order', p and p['version'] == 4
          and p['diagnostics'][0]['range'] == rng(2, 25, 2, 52), p)
    s.notify('textDocument/didSave', {'textDocument': {'uri': URI}})
    p = s.publish()
    check('didSave: linted again', p and p['version'] == 4 and len(p['diagnostics']) == 1, p)
    s.notify('textDocument/didClose', {'textDocument': {'uri': URI}})
    p = s.publish()
    check('didClose: diagnostics cleared', p and p['diagnostics'] == [] and 'version' not in p, p)
    r = s.call('shutdown', None)
    check('shutdown: null result', r and 'result' in r and r['result'] is None, r)
    s.notify('exit', None)
    rc, err = s.finish()
    check('exit after shutdown: status 0', rc == 0, (rc, err))


def test_diagnostics_utf8():
    s = Server()
    init = s.initialize(['utf-8', 'utf-16'])
    enc = init and init['result']['capabilities'].get('positionEncoding')
    check('initialize: utf-8 when offered', enc == 'utf-8', init)
    open_doc(s, BAD)
    p = s.publish()
    # In bytes: 17, then 12 for the CJK, 4 for the emoji, 3: 36.
    want = expected([36, 63, 17 + 1 + 9 + 18 + 4 + 4])
    check('utf-8: exact diagnostics, byte ranges', p and p['diagnostics'] == want, diff(p and p['diagnostics'], want))
    # An edit in bytes: complete the misspelled name (its content starts at byte 37).
    s.notify('textDocument/didChange', {'textDocument': {'uri': URI, 'version': 2},
                                        'contentChanges': [{'range': rng(2, 62, 2, 62), 'text': 'e'}]})
    p = s.publish()
    check('utf-8: an edit in bytes', p and [d['code'] for d in p['diagnostics']] == ['DTS005', 'DTS003'], p)
    s.call('shutdown', None)
    s.notify('exit', None)
    rc, _ = s.finish()
    check('utf-8 session: status 0', rc == 0, rc)


def test_hover_completion():
    s = Server()
    s.initialize()
    doc = '\n'.join([
        '{',
        '  "DtsJobName": "订单😀", "SourceEndpointEngineName": "MySQL",',
        '  "SourceEndpointPassword": "%s",' % SECRET,
        '  "DbList": {"shop": {"name": "shop", "all": true}},',
        '  "Reserve": {"targetTableMode": "0"},',
        '  "DbList2": "{\\"shop\\":{\\"all\\":true}}",',
        '  "DataCheckConfigure": {"fullCheckModel": , "fullDataCheck": true},',
        '  "Sour',
        '}'])
    open_doc(s, doc)
    s.publish()

    def hover(line, character):
        r = s.call('textDocument/hover', {'textDocument': {'uri': URI},
                                          'position': {'line': line, 'character': character}})
        return r and r.get('result')

    # On the name of a parameter after CJK and an emoji: its quote is at 24 in UTF-16.
    h = hover(1, 30)
    value = h and h['contents']['value']
    check('hover: what the parameter is, its type, default, valid values with their meanings, an example',
          h and h['contents']['kind'] == 'markdown'
          and value.startswith('**`SourceEndpointEngineName`** · parameter of ConfigureDtsJob\n\n'
                               'string · optional · default MYSQL\n\n'
                               'The database engine of the source. The default is MYSQL.\n\nOptional.'
                               '\n\nDefault: `MYSQL`\n\nValid values:\n- `MYSQL`: MySQL (')
          and '\n- `MSSQL`: SQL Server\n' in value
          and value.endswith('\n\nExample: `MYSQL`\n\nSource: [ConfigureDtsJob], [Go SDK model]')
          and h['range'] == rng(1, 25, 1, 49), h)
    h = hover(2, 5)
    value = h and h['contents']['value']
    check('hover: a secret parameter says so and shows no value',
          value and 'string · optional · secret' in value and SECRET not in json.dumps(h), h)
    h = hover(3, 40)
    value = h and h['contents']['value']
    check('hover: a DbList key (object form)',
          value and value.startswith('**`all`** · key of Database\n\nboolean · optional')
          and h['range'] == rng(3, 39, 3, 42), h)
    h = hover(3, 15)
    check('hover: a DbList database name is the user\'s own',
          h and h['contents']['value'] == 'A name of your choosing in DbList: its value is a Database object.', h)
    h = hover(4, 16)
    value = h and h['contents']['value']
    check('hover: a Reserve key with its values',
          value and value.startswith('**`targetTableMode`** · key of Reserve\n\nstring · optional\n\n'
                                     'What the precheck does about tables that already exist')
          and '\n\nValid values:\n- `0`: the precheck fails when a table of the same name exists' in value, h)
    kafka = '{"Reserve": {"destTopic": "t"}}'
    open_doc(s, kafka, uri=URI + '.kafka.json')
    r = s.call('textDocument/hover', {'textDocument': {'uri': URI + '.kafka.json'},
                                      'position': {'line': 0, 'character': 16}})
    value = r and r.get('result') and r['result']['contents']['value']
    check('hover: a Reserve key says when the operation requires it by pointer (/Reserve/destTopic)',
          value and value.startswith('**`destTopic`** · key of Reserve')
          and '\n\nRequired when `DestinationEndpointEngineName` is `KAFKA`.' in value
          and '\n\nOptional.' not in value, value)
    h = hover(6, 25)
    value = h and h['contents']['value']
    check('hover: on the opening quote of a key',
          value and value.startswith('**`fullCheckModel`** · key of DataCheckConfigure\n\ninteger · optional\n\n'
                                     'How the full data is verified.')
          and '\n- `1`: a sample of the rows' in value and h['range'] == rng(6, 26, 6, 40), h)
    check('hover: nothing on a value that is not a valid one', hover(1, 20) is None)
    h = hover(5, 5)
    check('hover: an unknown key near a known one: the did-you-mean, without repeating the key',
          h and h['contents']['value'].startswith('Not a parameter of ConfigureDtsJob; did you mean `DbList`?\n\n'
                                                  '`DbList`: The objects to migrate')
          and 'DbList2' not in h['contents']['value'], h)

    def complete(line, character, uri=URI):
        r = s.call('textDocument/completion', {'textDocument': {'uri': uri},
                                               'position': {'line': line, 'character': character}})
        return r and r.get('result')

    c = complete(7, 7)
    labels = [i['label'] for i in c['items']] if c else []
    item = next((i for i in c['items'] if i['label'] == 'SourceEndpointInstanceType'), None) if c else None
    check('completion: parameter names in an unfinished key, but those already there',
          'SourceEndpointInstanceType' in labels and 'RegionId' in labels and 'DbList' not in labels
          and 'SourceEndpointEngineName' not in labels and 'DtsJobName' not in labels
          and item and item['kind'] == 10 and item['textEdit'] == {
              'range': rng(7, 3, 7, 7), 'newText': 'SourceEndpointInstanceType'}
          and item['sortText'].startswith('0'), (labels, item))
    c = complete(1, 5)
    labels = [i['label'] for i in c['items']] if c else []
    check('completion: inside a whole key, that key is offered too',
          'DtsJobName' in labels and 'SourceEndpointEngineName' not in labels, labels)
    # A value: the enums of SourceEndpointEngineName, inside the quotes.
    c = complete(1, 55)
    labels = [i['label'] for i in c['items']] if c else []
    check('completion: enum values', labels[:3] == ['MYSQL', 'MySQL', 'MARIADB']
          and c['items'][0]['textEdit']['range'] == rng(1, 53, 1, 58), c)
    # Keys of a database of DbList, after '{' (object form): quoted.
    c = complete(3, 22)
    labels = [i['label'] for i in c['items']] if c else []
    item = next((i for i in c['items'] if i['label'] == 'Table'), None) if c else None
    check('completion: DbList keys in the object form, but those already there',
          'name' not in labels and 'all' not in labels and 'Table' in labels and 'dml_op' in labels
          and item and item['textEdit']['newText'] == '"Table"', labels)
    c = complete(4, 15)
    labels = [i['label'] for i in c['items']] if c else []
    check('completion: Reserve keys', 'targetTableMode' in labels and 'conflict' in labels, labels)
    c = complete(4, 35)
    labels = [i['label'] for i in c['items']] if c else []
    check('completion: Reserve values', labels == ['0', '2'], labels)
    c = complete(6, 43)
    check('completion: integer values unquoted', c and [(i['label'], i['textEdit']) for i in c['items']] == [
        ('1', {'range': rng(6, 43, 6, 43), 'newText': '1'}), ('2', {'range': rng(6, 43, 6, 43), 'newText': '2'})], c)
    c = complete(3, 48)
    labels = [i['label'] for i in c['items']] if c else []
    check('completion: Boolean values', labels == ['true', 'false'], labels)
    # The string form: DbList given as a JSON string.
    s.notify('textDocument/didChange', {'textDocument': {'uri': URI, 'version': 2}, 'contentChanges': [
        {'text': doc.replace('"DbList2"', '"Reserve2"').replace('"DbList"', '"Reserve3"').replace(
            '"Reserve2"', '"DbList"')}]})
    s.publish()
    c = complete(5, 24)
    labels = [i['label'] for i in c['items']] if c else []
    item = next((i for i in c['items'] if i['label'] == 'name'), None) if c else None
    check('completion: DbList keys in the string form, escaped',
          'all' not in labels and 'Table' in labels and item
          and item['textEdit'] == {'range': rng(5, 24, 5, 24), 'newText': '\\"name\\"'}, (labels, item))
    h = hover(5, 27)
    value = h and h['contents']['value']
    check('hover: a DbList key in the string form',
          value and value.startswith('**`all`** · key of Database') and h['range'] == rng(5, 26, 5, 29), h)
    c = complete(0, 0, uri='file:///not/open.json')
    check('completion: a document not open gives null', c is None, c)
    s.call('shutdown', None)
    s.notify('exit', None)
    rc, _ = s.finish()
    check('hover session: status 0', rc == 0, rc)


def test_malformed():
    s = Server()
    # A request before initialize.
    r = s.call('textDocument/hover', {})
    check('before initialize: ServerNotInitialized', r and r.get('error', {}).get('code') == -32002, r)
    s.initialize()
    s.send_raw(b'Content-Length: abc\r\n\r\n')
    m = s.recv()
    check('bad header: parse error, id null', m and m.get('id', 1) is None
          and m['error']['code'] == -32700 and 'Content-Length' in m['error']['message'], m)
    s.send_raw(b'X-Nothing: 1\r\n\r\n')
    m = s.recv()
    check('no Content-Length: parse error', m and m['error']['code'] == -32700, m)
    body = b'{"jsonrpc": "2.0", "id": 7, "method": '
    s.send_raw(b'Content-Length: %d\r\n\r\n' % len(body) + body)
    m = s.recv()
    check('bad JSON: parse error, id null', m and m['error']['code'] == -32700 and m['id'] is None, m)
    s.send({'jsonrpc': '2.0', 'id': 8, 'nomethod': True})
    m = s.recv()
    check('no method: invalid request', m and m['error']['code'] == -32600 and m['id'] == 8, m)
    s.send([1, 2])
    m = s.recv()
    check('an array: invalid request', m and m['error']['code'] == -32600, m)
    r = s.call('textDocument/formatting', {})
    check('unknown method: method not found', r and r['error']['code'] == -32601
          and r['error']['message'] == "unknown method 'textDocument/formatting'", r)
    # Cut to 63 bytes at a character's start, never inside it (62 ASCII
    # bytes, then a character of two).
    r = s.call('a' * 62 + 'é/more', {})
    check('a long unknown method: cut before a character, not inside it', r and 'error' in r
          and 'not_utf8' not in r and r['error']['message'] == "unknown method '%s...'" % ('a' * 62), r)
    # A method that is not UTF-8 (JSON's parser lets it through): U+FFFD.
    body = b'{"jsonrpc": "2.0", "id": 70, "method": "x\xff\xc3y"}'
    s.send_raw(b'Content-Length: %d\r\n\r\n' % len(body) + body)
    r = s.response(70)
    check('a method that is not UTF-8: echoed with U+FFFD', r and 'error' in r and 'not_utf8' not in r
          and r['error']['message'] == "unknown method 'x\ufffd\ufffdy'", r)
    r = s.call('textDocument/hover', {'position': 3})
    check('bad params: invalid params', r and r['error']['code'] == -32602, r)
    s.notify('$/unknownNotification', {})
    s.send_raw(b'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n')
    open_doc(s, '{"Action": "ConfigureDtsJob"')
    p = s.publish()
    check('after malformed messages, the server goes on', p and p['diagnostics'][0]['code'] == 'DTS001', p)
    r = s.call('shutdown', None)
    r = s.call('textDocument/hover', {})
    check('after shutdown: invalid request', r and r['error']['code'] == -32600, r)
    s.notify('exit', None)
    rc, _ = s.finish()
    check('malformed session: status 0', rc == 0, rc)


# A request on a small document is answered well within this, even under
# ASan; a server that spins forever is not.
PROMPT = min(TIMEOUT, 10.0)


def test_nul_bytes():
    """A NUL byte outside strings is a byte like any other to hover and
    completion (the tolerant scan once took it for the end of its set of
    delimiters and never moved on): "{\\0}", and a UTF-16 file opened as
    UTF-8 text, as editors send it, every other byte a NUL."""
    utf16 = '{"Action": "ConfigureDtsJob",\n "DtsJobName": "x", "Sour"}'.encode('utf-16-le').decode('ascii')
    cases = (('{\0}', [(0, 0), (0, 1), (0, 2), (0, 3)]),
             (utf16, [(0, 0), (0, 3), (0, 12), (1, 4), (1, 40), (1, 60)]))
    for name, (text, positions) in zip(('{NUL}', 'UTF-16'), cases):
        s = Server()
        s.initialize()
        uri = 'file:///work/dts/nul.json'
        open_doc(s, text, uri=uri)
        p = s.publish(uri)
        check('%s: diagnostics published' % name, p and [d['code'] for d in p['diagnostics']] == ['DTS002'], p)
        answered = True
        for line, character in positions:
            for method in ('textDocument/hover', 'textDocument/completion'):
                t = time.monotonic()
                r = s.call(method, {'textDocument': {'uri': uri},
                                    'position': {'line': line, 'character': character}}, PROMPT)
                ok = r is not None and 'result' in r
                check('%s: %s at %d:%d answered within %gs' % (name, method, line, character, PROMPT),
                      ok, r if r else 'no answer after %.1fs' % (time.monotonic() - t))
                answered = answered and ok
                if not ok:
                    break
            if not answered:
                break
        if not answered:
            s.kill()
            s.finish()
            continue
        s.call('shutdown', None)
        s.notify('exit', None)
        rc, _ = s.finish()
        check('%s session: status 0' % name, rc == 0, rc)


def test_deep_nesting():
    """The tolerant scan's stack of open brackets grows past its first 16
    (it once read the innermost through a pointer into the old, freed
    stack: ASan's heap-use-after-free, found by fuzz_lsp)."""
    s = Server()
    s.initialize()
    uri = 'file:///work/dts/deep.json'
    text = '{"DbList": ' + '{"a": [' * 20 + '{"Sour'
    open_doc(s, text, uri=uri)
    s.publish(uri)
    end = len(text)
    r = s.call('textDocument/hover', {'textDocument': {'uri': uri}, 'position': {'line': 0, 'character': end - 2}})
    check('deep nesting: hover answered', r and 'result' in r and r['result'] is None, r)
    r = s.call('textDocument/completion', {'textDocument': {'uri': uri}, 'position': {'line': 0, 'character': end}})
    check('deep nesting: completion answered, nothing offered inside an array',
          r and r.get('result', {}).get('items') == [], r)
    s.call('shutdown', None)
    s.notify('exit', None)
    rc, _ = s.finish()
    check('deep nesting session: status 0', rc == 0, rc)


def test_size_limit():
    """The command line's 64 MiB limit holds for a document too: one over it
    gets one diagnostic saying so, keeps no text, and the server answers on;
    one at the limit is checked."""
    limit = 64 * 1024 * 1024
    s = Server()
    s.initialize()
    open_doc(s, GOOD)
    p = s.publish()
    check('size limit: the document starts clean', p and p['diagnostics'] == [], p)
    # Two edits of one message take it over the limit: white space after '{'.
    half = ' ' * (limit // 2)
    s.notify('textDocument/didChange', {'textDocument': {'uri': URI, 'version': 2}, 'contentChanges': [
        {'range': rng(0, 1, 0, 1), 'text': half}, {'range': rng(0, 1, 0, 1), 'text': half}]})
    p = s.publish()
    want = [{'range': rng(0, 0, 0, 0), 'severity': 1, 'source': 'dtslint',
             'message': 'the document is larger than 64 MiB, the most dtslint checks; '
                        'reopen it once it is smaller'}]
    check('size limit: over it, one diagnostic naming the limit', p and p['diagnostics'] == want
          and p['version'] == 2, p and p['diagnostics'][:3])
    r = s.call('textDocument/hover', {'textDocument': {'uri': URI}, 'position': {'line': 1, 'character': 4}})
    check('size limit: hover on it answers null', r and 'result' in r and r['result'] is None, r)
    r = s.call('textDocument/codeAction', {'textDocument': {'uri': URI}, 'range': rng(0, 0, 0, 1),
                                           'context': {'diagnostics': []}})
    check('size limit: no code actions on it', r and r.get('result') == [], r)
    # An edit with a range cannot apply to a text not kept: dropped.
    s.notify('textDocument/didChange', {'textDocument': {'uri': URI, 'version': 3},
                                        'contentChanges': [{'range': rng(0, 0, 0, 1), 'text': ''}]})
    # Replaced whole at the limit exactly: checked again.
    at_limit = '{' + ' ' * (limit - len(GOOD.encode())) + GOOD[1:]
    s.notify('textDocument/didChange', {'textDocument': {'uri': URI, 'version': 4},
                                        'contentChanges': [{'text': at_limit}]})
    p = s.publish()
    check('size limit: a document of 64 MiB exactly is checked', len(at_limit.encode()) == limit
          and p and p['diagnostics'] == [] and p['version'] == 4, p and p['diagnostics'][:3])
    r = s.call('shutdown', None)
    check('size limit: the server is still up', r and 'result' in r, r)
    s.notify('exit', None)
    rc, _ = s.finish()
    check('size limit session: status 0', rc == 0, rc)


def test_burst():
    s = Server()
    s.initialize()
    open_doc(s, BAD)
    s.publish()
    # 100 changes written at once; each adds an unknown parameter, so the
    # findings tell which version was linted.
    frames = []
    for v in range(2, 102):
        text = BAD.replace('{\n', '{\n  "Unknown%d": 1,\n' % v, 1)
        body = json.dumps({'jsonrpc': '2.0', 'method': 'textDocument/didChange', 'params': {
            'textDocument': {'uri': URI, 'version': v}, 'contentChanges': [{'text': text}]}}).encode()
        frames.append(b'Content-Length: %d\r\n\r\n' % len(body) + body)
    threading.Thread(target=s.send_raw, args=(b''.join(frames),), daemon=True).start()
    _, seen = s.wait(lambda m: m.get('method') == 'textDocument/publishDiagnostics'
                     and m['params'].get('version') == 101)
    # Nothing is published after it: the next message is the shutdown's answer.
    rid = s.request('shutdown', None)
    m = s.recv()
    check('burst: nothing published after the last version', m and m.get('id') == rid, m)
    pubs = [m['params'] for m in seen if m.get('method') == 'textDocument/publishDiagnostics']
    last = pubs[-1] if pubs else None
    check('burst: the last publication is for the last version', last and last['version'] == 101
          and any("'Unknown101' is not a parameter" in d['message'] for d in last['diagnostics']),
          last and last['version'])
    check('burst: versions published in order, fewer than the changes',
          [p['version'] for p in pubs] == sorted(p['version'] for p in pubs) and len(pubs) < 50,
          [p['version'] for p in pubs])
    print('burst: %d publications for 100 changes' % len(pubs))
    s.notify('exit', None)
    rc, _ = s.finish()
    check('burst session: status 0', rc == 0, rc)


def test_exit_codes():
    s = Server()
    s.initialize()
    s.notify('exit', None)
    rc, _ = s.finish()
    check('exit without shutdown: status 1', rc == 1, rc)
    s = Server()
    s.initialize()
    rc, _ = s.finish()
    check('end of input without exit: status 1, no hang', rc == 1, rc)
    s = Server()
    s.send_raw(b'Content-Length: 100\r\n\r\n{"jsonrpc"')
    rc, _ = s.finish()
    check('end of input inside a message: status 1, no hang', rc == 1, rc)
    s = Server()
    s.initialize()
    s.call('shutdown', None)
    rc, _ = s.finish()
    check('end of input after shutdown: status 1 (no exit notification)', rc == 1, rc)


def test_config():
    """.dtslint.json applies to a file: URI as to the command line's file,
    read afresh at each check."""
    import tempfile
    import urllib.parse
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, 'dts requests')
        os.makedirs(os.path.join(folder, 'team'))
        os.mkdir(os.path.join(folder, '.git'))
        config = os.path.join(folder, '.dtslint.json')
        with open(config, 'w') as f:
            f.write('{"rules": {"DTS003": "off", "unknown-parameter": "warning"}}\n')
        uri = 'file://' + urllib.parse.quote(os.path.join(folder, 'team', 'bad.json'))
        s = Server()
        s.initialize()
        open_doc(s, BAD, uri=uri)
        p = s.publish(uri)
        got = p and [(d['code'], d['severity']) for d in p['diagnostics']]
        check('config: a rule off, one re-levelled (URI percent-decoded to the path)',
              got == [('DTS101', 2), ('DTS005', 1)], p)
        with open(config, 'w') as f:
            f.write('{"rules": {}}\n')
        s.notify('textDocument/didChange', {'textDocument': {'uri': uri, 'version': 2},
                                            'contentChanges': [{'text': BAD}]})
        p = s.publish(uri)
        got = p and [(d['code'], d['severity']) for d in p['diagnostics']]
        check('config: an edited config applies at the next change',
              got == [('DTS101', 1), ('DTS005', 1), ('DTS003', 1)], p)
        s.call('shutdown', None)
        s.notify('exit', None)
        rc, _ = s.finish()
        check('config session: status 0', rc == 0, rc)


def test_other_files():
    """A workspace's other JSON and text files, dtslint's own files and
    excluded files get no request diagnostics; a request beside them does."""
    import tempfile
    import urllib.parse
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, '.git'))
        os.makedirs(os.path.join(tmp, 'fixtures'))
        with open(os.path.join(tmp, '.dtslint.json'), 'w') as f:
            f.write('{"exclude": ["fixtures/**"]}\n')
        docs = {
            'package.json': '{"name": "app", "version": "1.0.0", "scripts": {"test": "jest"}}\n',
            'tsconfig.json': '{"compilerOptions": {"strict": true}, "include": ["src"]}\n',
            '.vscode/settings.json': '{"editor.formatOnSave": true}\n',
            '.dtslint.json': '{"exclude": ["fixtures/**"]}\n',
            'dtslint-baseline.json': '{"version": 1, "findings": []}\n',
            'notes.txt': 'Buy the instance first.\n',
            'fixtures/bad.json': BAD,
        }
        s = Server()
        s.initialize()
        for name, text in docs.items():
            uri = 'file://' + urllib.parse.quote(os.path.join(tmp, name))
            open_doc(s, text, uri=uri)
            p = s.publish(uri)
            check('other files: no diagnostics for ' + name, p is not None and p['diagnostics'] == [], p)
        uri = 'file://' + urllib.parse.quote(os.path.join(tmp, 'dts', 'bad.json'))
        open_doc(s, BAD, uri=uri)
        p = s.publish(uri)
        check('other files: a request beside them is checked', p is not None and len(p['diagnostics']) > 0, p)
        s.call('shutdown', None)
        s.notify('exit', None)
        rc, _ = s.finish()
        check('other files session: status 0', rc == 0, rc)


def test_command_lines():
    """Shell scripts and Markdown runbooks: the aliyun dts commands' findings
    at their flags (by languageId, untitled documents too, and by name); no
    diagnostics for a script or runbook without such a command."""
    script = ('#!/bin/sh\n'
              'aliyun dts ConfigureDtsJob --RegionId cn-hangzhou \\\n'
              "  --JobType MIGRATE --DbList '{\"d\":{\"name\":\"d\",\"al\":\"true\"}}' \"$@\"\n")
    runbook = ('# Runbook\n\nRun `aliyun dts StartDtsJob --JobType X` first.\n\n```console\n'
               '$ aliyun dts StartDtsJob --RegionId cn-hangzhou --DtsJobId "$JOB" --JobTyp SYNC\n```\n')
    s = Server()
    s.initialize()
    for uri, language in (('untitled:Untitled-1', 'shellscript'), ('file:///tmp/dtslint-lsp/deploy.sh', 'shellscript'),
                          ('file:///tmp/dtslint-lsp/deploy', 'shellscript')):
        open_doc(s, script, uri=uri, language=language)
        p = s.publish(uri)
        got = sorted((d['code'], d['range']['start']['line'], d['range']['start']['character'])
                     for d in (p or {}).get('diagnostics', []))
        # DTS103 at MIGRATE (line 2, character 12); DTS301 at "al" inside the
        # single quotes; nothing is required of a command ending in "$@"
        want = [('DTS103', 2, 12), ('DTS301', 2, 47)]
        check('command lines: diagnostics of a %s document %s' % (language, uri), got == want, diff(got, want))
    for uri, language in (('untitled:Untitled-2', 'markdown'), ('file:///tmp/dtslint-lsp/RUNBOOK.md', 'markdown')):
        open_doc(s, runbook, uri=uri, language=language)
        p = s.publish(uri)
        got = [(d['code'], d['range']['start']['line'], d['range']['start']['character'], d['message'])
               for d in (p or {}).get('diagnostics', [])]
        want = [('DTS114', 5, 66, "'--JobTyp' is not a parameter of StartDtsJob; the service ignores it")]
        check('command lines: diagnostics of a markdown document ' + uri, got == want, diff(got, want))
    quiet = {'file:///tmp/dtslint-lsp/build.sh': ('shellscript', '#!/bin/sh\nset -e\nmeson compile -C build\n'),
             'file:///tmp/dtslint-lsp/README.md': ('markdown', '# dtslint\n\n```sh\nmeson setup build\n```\n'),
             'untitled:Untitled-3': ('markdown', 'Write `{"Action": "ConfigureDtsJob"}` and run it.\n')}
    for uri, (language, text) in quiet.items():
        open_doc(s, text, uri=uri, language=language)
        p = s.publish(uri)
        check('command lines: no diagnostics for ' + uri, p is not None and p['diagnostics'] == [], p)
    s.call('shutdown', None)
    s.notify('exit', None)
    rc, _ = s.finish()
    check('command lines session: status 0', rc == 0, rc)


def test_code_actions():
    """Quick fixes: the edits --fix would apply, for the findings in the
    range; applied by the client, the finding is gone; none writes into a
    secret."""
    s = Server()
    init = s.initialize()
    doc = '\n'.join([
        '{',
        '  "Action": "ConfigureDtsJob", "DtsJobName": "订单😀", "JobType": "sync",',
        '  "SourceEndpointInstanceType": "RDS", "SourceEndpointInstanceId": "rm-1",',
        '  "SourceEndpointRegion": "cn-hangzhou", "DestinationEndpointInstanceType": "RDS",',
        '  "DestinationEndpointInstanceID": "rm-2", "DestinationEndpointRegion": "cn-hangzhou",',
        '  "StructureInitialization": true, "DataInitialization": true, "DataSynchronization": true,',
        '  "SourceEndpointPassword": "%s",' % SECRET,
        '  "DbList": "{\\"shop\\":{\\"name\\":\\"shop\\",\\"al\\":true}}"',
        '}'])
    open_doc(s, doc)
    p = s.publish()
    codes = sorted(d['code'] for d in p['diagnostics']) if p else None
    check('code actions: the document has the findings to fix', codes == ['DTS101', 'DTS104', 'DTS301'], p)

    def actions(l1, c1, l2, c2):
        r = s.call('textDocument/codeAction', {'textDocument': {'uri': URI}, 'range': rng(l1, c1, l2, c2),
                                                'context': {'diagnostics': []}})
        return r and r.get('result')

    # The misspelled parameter on line 2, after nothing wide: a rename of the key.
    a = actions(2, 40, 2, 40)
    edits = a and a[0]['edit']['changes'][URI]
    check('code action: a misspelled parameter is renamed',
          a and len(a) == 1 and a[0]['kind'] == 'quickfix' and a[0]['diagnostics'][0]['code'] == 'DTS101'
          and edits == [{'range': rng(2, 40, 2, 64), 'newText': 'SourceEndpointInstanceID'}], a)
    # After CJK and an emoji (UTF-16 columns): the case of a value.
    a = actions(1, 0, 1, 80)
    edits = a and a[0]['edit']['changes'][URI]
    check('code action: a value in another case, in UTF-16 columns',
          a and len(a) == 1 and a[0]['diagnostics'][0]['code'] == 'DTS104'
          and edits == [{'range': rng(1, 65, 1, 69), 'newText': 'SYNC'}], a)
    # Inside the string-encoded DbList: only the key's letters, between its \" escapes.
    a = actions(7, 0, 7, 80)
    edits = a and a[0]['edit']['changes'][URI]
    check('code action: a key inside a string-encoded DbList, between its escapes',
          a and len(a) == 1 and edits == [{'range': rng(7, 44, 7, 46), 'newText': 'all'}], a)
    # Nowhere near a finding: nothing; the whole document: all three, no secret in any.
    a = actions(6, 0, 6, 2)
    check('code action: nothing where no finding is', a == [], a)
    a = actions(0, 0, 8, 1)
    check('code action: the whole document offers every fix, no secret in them',
          a and len(a) == 3 and SECRET not in json.dumps(a), a)
    # source.fixAll, when the client asks for it ("source" or the kind itself):
    # every safe fix in one edit, none into the secret; quick fixes are not
    # what it asked for.
    def fix_all(only):
        r = s.call('textDocument/codeAction', {'textDocument': {'uri': URI}, 'range': rng(0, 0, 0, 0),
                                                'context': {'diagnostics': [], 'only': only}})
        return r and r.get('result')
    check('initialize: source.fixAll among the code action kinds',
          'source.fixAll' in init['result']['capabilities']['codeActionProvider']['codeActionKinds'], init)
    for only in (['source.fixAll'], ['source']):
        a = fix_all(only)
        edits = a and a[0]['edit']['changes'][URI]
        check('code action: source.fixAll (only %s) fixes the whole document' % only,
              a and len(a) == 1 and a[0]['kind'] == 'source.fixAll' and 'diagnostics' not in a[0]
              and edits == [{'range': rng(1, 65, 1, 69), 'newText': 'SYNC'},
                            {'range': rng(2, 40, 2, 64), 'newText': 'SourceEndpointInstanceID'},
                            {'range': rng(7, 44, 7, 46), 'newText': 'all'}]
              and SECRET not in json.dumps(a), a)
    check('code action: only quickfix gives no fix-all', all(x['kind'] == 'quickfix' for x in fix_all(['quickfix'])))
    check('code action: only refactor gives nothing', fix_all(['refactor']) == [])
    # Applied by the client (UTF-16 columns, last edit first), every finding with a fix is gone.
    def apply(text, edits):
        lines = text.split('\n')
        def index(pos):
            line, units, i = lines[pos['line']], 0, 0
            while units < pos['character']:
                units += 2 if ord(line[i]) > 0xFFFF else 1
                i += 1
            return sum(len(x) + 1 for x in lines[:pos['line']]) + i
        for e in sorted(edits, key=lambda e: (e['range']['start']['line'], e['range']['start']['character']),
                        reverse=True):
            text = text[:index(e['range']['start'])] + e['newText'] + text[index(e['range']['end']):]
        return text
    fixes = fix_all(['source.fixAll'])
    doc_fixed = apply(doc, fixes[0]['edit']['changes'][URI] if fixes else [])
    check('code action: the fix-all edits, applied, give the fixed text',
          doc_fixed == doc.replace('"sync"', '"SYNC"').replace('InstanceId', 'InstanceID').replace(
              '\\"al\\"', '\\"all\\"'), doc_fixed)
    s.notify('textDocument/didChange', {'textDocument': {'uri': URI, 'version': 5},
                                        'contentChanges': [{'text': doc_fixed}]})
    p = s.publish()
    check('code action: the fixed document has none of the findings', p and p['diagnostics'] == [], p)
    check('code action: source.fixAll on a document with nothing to fix: none', fix_all(['source.fixAll']) == [])
    s.notify('textDocument/didChange', {'textDocument': {'uri': URI, 'version': 6},
                                        'contentChanges': [{'text': doc}]})
    s.publish()
    # Applied by the client: the finding is gone.
    whole = actions(2, 40, 2, 40)[0]['edit']['changes'][URI][0]
    s.notify('textDocument/didChange', {'textDocument': {'uri': URI, 'version': 2},
                                        'contentChanges': [{'range': whole['range'], 'text': whole['newText']}]})
    p = s.publish()
    codes = sorted(d['code'] for d in p['diagnostics']) if p else None
    check('code action: once applied, its finding is gone', codes == ['DTS104', 'DTS301'], p)
    s.finish()


def test_terraform():
    """A .tf document, or one whose languageId is terraform, is checked as
    Terraform: diagnostics at the .tf positions; other Terraform gets none,
    and a JSON document opened after it is still read as JSON."""
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, '..', 'testdata', 'terraform', 'fire-hcl-dblist-key.tf')) as f:
        tf = f.read()
    other = 'resource "alicloud_vpc" "x" {\n  cidr_block = "10.0.0.0/8"\n}\n'
    s = Server()
    s.initialize()
    want_range = rng(31, 6, 31, 10)  # line 32 `      nmae  = "tf-test"`
    for uri, lang in (('file:///work/infra/main.tf', 'terraform'), ('untitled:Untitled-1', 'terraform'),
                      ('file:///work/infra/dts.tf', 'plaintext')):
        s.notify('textDocument/didOpen', {'textDocument': {'uri': uri, 'languageId': lang, 'version': 1, 'text': tf}})
        p = s.publish(uri)
        got = p and [(d['code'], d['range']) for d in p['diagnostics']]
        check('terraform %s (%s): one DTS301 at the jsonencode key' % (uri, lang),
              got == [('DTS301', want_range)], p)
        check('terraform %s: the message names the key' % uri,
              p and p['diagnostics'] and "'nmae' is not a DbList key" in p['diagnostics'][0]['message'], p)
    for uri in ('file:///work/infra/network.tf', 'untitled:Untitled-2'):
        s.notify('textDocument/didOpen', {'textDocument': {'uri': uri, 'languageId': 'terraform', 'version': 1,
                                                           'text': other}})
        p = s.publish(uri)
        check('terraform without a DTS resource: no diagnostics (%s)' % uri, p is not None and p['diagnostics'] == [], p)
    # Hover and completion in a .tf: attribute names of the resource block.
    uri = 'file:///work/infra/main.tf'

    def ask(method, line, character):
        r = s.call('textDocument/' + method, {'textDocument': {'uri': uri},
                                               'position': {'line': line, 'character': character}})
        return r and r.get('result')
    h = ask('hover', 15, 10)  # line 16: `  source_endpoint_instance_type      = "PolarDB"`
    value = h and h['contents']['value']
    check('terraform hover: the attribute, its parameter, its values',
          h and value.startswith('**`source_endpoint_instance_type`** · attribute of '
                                 '`alicloud_dts_synchronization_job`, sent as `SourceEndpointInstanceType`\n\n'
                                 '**`SourceEndpointInstanceType`** · parameter of ConfigureDtsJob')
          and '`PolarDB`' in value and h['range'] == rng(15, 2, 15, 31), h)
    check('terraform hover: a value inside jsonencode() is no attribute', ask('hover', 31, 7) is None)
    check('terraform hover: outside a DTS resource, nothing', ask('hover', 0, 3) is None)
    c = ask('completion', 15, 4)
    labels = [i['label'] for i in c['items']] if c else []
    check('terraform completion: the resource\'s attribute names, each with its parameter',
          'source_endpoint_port' in labels and 'db_list' in labels and 'JobType' not in labels
          and c['items'][labels.index('db_list')]['detail'] == 'sent as DbList'
          and c['items'][labels.index('db_list')]['textEdit']['range'] == rng(15, 2, 15, 31), c)
    c = ask('completion', 31, 8)
    check('terraform completion: none inside jsonencode()', c is not None and c['items'] == [], c)
    open_doc(s, BAD)
    p = s.publish()
    check('a JSON document after Terraform ones: read as JSON', p and len(p['diagnostics']) == 3, p)
    s.call('shutdown', None)
    s.notify('exit', None)
    rc, _ = s.finish()
    check('terraform session: status 0', rc == 0, rc)
def test_hover_teaches():
    """Hover says what a parameter is as the API reference would, when it is
    required, what a value means, the did-you-mean of a misspelled key and
    why a parameter is deprecated; completion items carry the same."""
    s = Server()
    s.initialize()
    lines = [
        '{',
        '  "DtsJobName": "x", "RegionId": "cn-hangzhou", "DbList": {},',
        '  "SourceEndpointInstanceType": "OTHER", "SourceEndpointIP": "1.2.3.4",',
        '  "Checkpiont": "1610540493", "DestinationEndpointInstanceType": "rds",',
        '  "SrcCaCertificateOssUrl": "x", "JobType": "SYNC", "SourceEndpointPassword": "%s",' % SECRET,
        '  "Dest',
        '}']
    open_doc(s, '\n'.join(lines))
    s.publish()

    def hover_on(line, text, skip=1):
        character = lines[line].index(text) + skip
        r = s.call('textDocument/hover', {'textDocument': {'uri': URI},
                                          'position': {'line': line, 'character': character}})
        result = r and r.get('result')
        return result and result['contents']['value']

    for name, words in (('DtsJobName', 'The name you give the DTS task'),
                        ('RegionId', 'The region the DTS instance is in, as a region ID such as cn-hangzhou'),
                        ('DbList', 'The objects to migrate, synchronize or track')):
        line = 1
        value = hover_on(line, '"%s"' % name)
        check('hover teaches: %s says what it is' % name, value and words in value, value)
    value = hover_on(1, '"DbList"')
    check('hover teaches: a required parameter says so', value and '\n\nRequired.' in value, value)
    value = hover_on(2, '"SourceEndpointIP"')
    check('hover teaches: when a parameter is required, from the constraints',
          value and '\n\nRequired when `SourceEndpointInstanceType` is `OTHER`, `EXPRESS`, `DG` or `CEN`.\n\n'
                    'Better left out when `SourceEndpointInstanceType` is not `OTHER`, `EXPRESS`, `DG` or `CEN`.'
                    in value,
          value)
    value = hover_on(2, '"OTHER"')
    check('hover teaches: a value\'s meaning',
          value == '**`OTHER`** · a value of `SourceEndpointInstanceType`\n\n'
                   'a self-managed database reached over a public IP address', value)
    value = hover_on(3, '"rds"')
    check('hover teaches: a value in another case is shown in the documented spelling',
          value and value.startswith('**`RDS`** · a value of `DestinationEndpointInstanceType`\n\nan ApsaraDB RDS'),
          value)
    value = hover_on(3, '"Checkpiont"')
    check('hover teaches: a misspelled key gets the did-you-mean',
          value and value.startswith('Not a parameter of ConfigureDtsJob; did you mean `Checkpoint`?\n\n'
                                     '`Checkpoint`: Where incremental migration or synchronization starts'), value)
    value = hover_on(4, '"SrcCaCertificateOssUrl"')
    check('hover teaches: a deprecated parameter says why',
          value and 'deprecated: do not specify' in value
          and '\n\n**Deprecated:** the service does not support this feature' in value, value)
    value = hover_on(4, SECRET)
    check('hover teaches: nothing on a secret value', value is None, value)

    r = s.call('textDocument/completion', {'textDocument': {'uri': URI},
                                           'position': {'line': 5, 'character': 7}})
    items = {i['label']: i for i in (r and r.get('result') or {}).get('items', [])}
    item = items.get('DestinationEndpointDataBaseName')
    check('completion teaches: an item carries the description',
          item and 'capital B' in item.get('documentation', {}).get('value', '')
          and item['documentation']['value'].startswith('**`DestinationEndpointDataBaseName`**'), item)
    item = items.get('DestCaCertificateOssUrl')
    check('completion teaches: a deprecated parameter is marked so',
          item and item.get('deprecated') is True and item.get('tags') == [1]
          and '**Deprecated:**' in item.get('documentation', {}).get('value', ''), item)
    r = s.call('textDocument/completion', {'textDocument': {'uri': URI},
                                           'position': {'line': 4, 'character': lines[4].index('SYNC')}})
    items = {i['label']: i for i in (r and r.get('result') or {}).get('items', [])}
    item = items.get('CHECK')
    check('completion teaches: a value carries its meaning',
          item and item.get('documentation', {}).get('value', '').startswith('a stand-alone data verification task'),
          item)
    check('hover teaches: no secret in anything the server wrote', SECRET.encode() not in s.raw)
    s.call('shutdown', None)
    s.notify('exit', None)
    s.finish()


def main():
    for test in (test_diagnostics_utf16, test_diagnostics_utf8, test_hover_completion, test_hover_teaches,
                 test_malformed, test_nul_bytes, test_deep_nesting, test_size_limit, test_burst, test_exit_codes, test_config, test_other_files,
                 test_command_lines, test_code_actions, test_terraform):
        t = time.time()
        test()
        print('%s: %.1fs' % (test.__name__, time.time() - t))
    print('lsp: %d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()

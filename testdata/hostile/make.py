#!/usr/bin/env python3
"""Hostile inputs for dtslint: files built to break a parser.

  make.py small DIR   write the small cases (kept in git) into DIR
  make.py big NAME    write the big case NAME to stdout (made at test time
                      by tests/hostile.sh, named by NAME.gen files here)

Deterministic: the same command writes the same bytes.  Most cases are a
clean request (BASE) with one hostile thing in it, so that the hostile
thing is the first and only finding and the test can name it exactly.
"""
import json
import random
import sys

# A clean request (testdata/good/seed-reference.json, abridged), one
# parameter per line so that findings have distinct lines.
BASE_ITEMS = [
    ('Action', 'ConfigureDtsJob'),
    ('RegionId', 'cn-hangzhou'),
    ('DtsJobName', 'hostile'),
    ('JobType', 'MIGRATION'),
    ('SourceEndpointInstanceType', 'RDS'),
    ('SourceEndpointInstanceID', 'rm-bp1imrtn6fq7h1234'),
    ('SourceEndpointEngineName', 'MYSQL'),
    ('SourceEndpointRegion', 'cn-hangzhou'),
    ('SourceEndpointUserName', 'dtstest'),
    ('SourceEndpointPassword', '********'),
    ('DestinationEndpointInstanceType', 'RDS'),
    ('DestinationEndpointInstanceID', 'rm-bp1072qxu5q3h5678'),
    ('DestinationEndpointEngineName', 'MYSQL'),
    ('DestinationEndpointRegion', 'cn-hangzhou'),
    ('DestinationEndpointUserName', 'dtstest'),
    ('DestinationEndpointPassword', '********'),
    ('StructureInitialization', True),
    ('DataInitialization', True),
    ('DataSynchronization', False),
]
DBLIST = '{"shop":{"name":"shop","all":true}}'


def member(key, value_text):
    return '  %s: %s' % (json.dumps(key, ensure_ascii=False), value_text)


def request(extra=(), dblist_text=None, drop=()):
    """The base request as text; extra = [(key, raw JSON text)] appended;
    dblist_text = raw JSON text of DbList (default: the string form)."""
    lines = [member(k, json.dumps(v)) for k, v in BASE_ITEMS if k not in drop]
    lines.append(member('DbList', dblist_text if dblist_text is not None else json.dumps(DBLIST)))
    lines += [member(k, v) for k, v in extra]
    return '{\n' + ',\n'.join(lines) + '\n}\n'


def query_request(extra=('SrcClientPasword=hunter2', 'Reserve={"srcPassword":"hunter2",}'), drop=()):
    """The base request in the query-string form, with extra lines after it
    (by default a misspelt password parameter, a finding on its line, and a
    Reserve that does not parse)."""
    lines = ['%s=%s' % (k, str(v).lower() if isinstance(v, bool) else v) for k, v in BASE_ITEMS if k not in drop]
    lines.append('DbList=' + DBLIST)
    lines += extra
    return lines[0] + ''.join('\n&' + line for line in lines[1:]) + '\n'


def b(text):
    return text.encode('utf-8')


def small_cases():
    clean = request()
    cases = {
        # ---- empty and blank
        'empty.json': b'',
        'whitespace.json': b'  \n\t\r\n   ',
        # ---- byte order marks: UTF-8's is accepted (line 1 starts after it)
        'bom.json': b'\xef\xbb\xbf' + b(clean),
        'bom-mistake.json': b'\xef\xbb\xbf{"DtsJobNam": "x",' + b(clean[1:]),
        'bom-only.json': b'\xef\xbb\xbf',
        'bom-cut.json': b'\xef\xbb',
        # ---- UTF-16, with and without a byte order mark
        'utf16le-bom.json': b'\xff\xfe' + clean.encode('utf-16-le'),
        'utf16be-bom.json': b'\xfe\xff' + clean.encode('utf-16-be'),
        'utf16le-nobom.json': clean.encode('utf-16-le'),
        'utf16be-nobom.json': clean.encode('utf-16-be'),
        'utf32le-bom.json': b'\xff\xfe\x00\x00' + clean.encode('utf-32-le'),
        # ---- invalid UTF-8, each kind at a known place (line 3)
        'utf8-invalid-byte.json': b(clean).replace(b'"hostile"', b'"host\xffile"'),
        'utf8-overlong.json': b(clean).replace(b'"hostile"', b'"host\xc0\xafile"'),
        'utf8-surrogate.json': b(clean).replace(b'"hostile"', b'"host\xed\xa0\x80ile"'),
        'utf8-above-10ffff.json': b(clean).replace(b'"hostile"', b'"host\xf4\x90\x80\x80ile"'),
        'utf8-lone-continuation.json': b(clean).replace(b'"hostile"', b'"host\x80ile"'),
        'utf8-cut-at-end.json': b(clean.rstrip('\n')) + b'\xe8\xae',
        'latin1.json': b(clean).replace(b'"hostile"', b'"caf\xe9"'),
        # ---- NUL bytes
        'nul-in-string.json': b(clean).replace(b'"hostile"', b'"host\x00ile"'),
        'nul-first.json': b'\x00' + b(clean),
        'nul-only.json': b'\x00\x00\x00\x00',
        # ---- surrogate escapes, in the file and inside the DbList string
        'lone-high-surrogate.json': b(request([('Description', '"a\\ud800b"')])),
        'lone-low-surrogate.json': b(request([('Description', '"a\\udc00b"')])),
        'high-high-surrogate.json': b(request([('Description', '"\\ud800\\ud800"')])),
        'high-surrogate-at-end.json': b(request([('Description', '"\\ud83d"')])),
        'surrogate-cut-escape.json': b(request([('Description', '"\\ud83d\\udc"')])),
        'dblist-lone-surrogate-outer.json': b(request(dblist_text='"{\\"shop\\ud800\\":{}}"')),
        'dblist-lone-surrogate-inner.json': b(request(dblist_text='"{\\"shop\\\\ud800\\":{}}"')),
        'key-lone-surrogate.json': b(request([('"\\udfff"'[1:-1], '1')])).replace(b'"\\\\udfff"', b'"\\udfff"'),
        # ---- numbers
        'number-huge-exponent.json': b(request([('DelayRuleTime', '1e999999')])),
        'number-huge-double.json': b(request([('MinDu', '1e999999'), ('MaxDu', '2')])),
        'number-negative-huge.json': b(request([('MinDu', '-1e999999'), ('MaxDu', '2')])),
        'number-tiny.json': b(request([('DelayRuleTime', '1e-999999')])),
        'number-leading-zero.json': b(request([('DelayRuleTime', '010')])),
        'number-bare-minus.json': b(request([('DelayRuleTime', '-')])),
        'number-no-exponent-digits.json': b(request([('DelayRuleTime', '1e')])),
        'number-plus.json': b(request([('DelayRuleTime', '+1')])),
        'number-hex.json': b(request([('DelayRuleTime', '0x10')])),
        'number-nan.json': b(request([('MinDu', 'NaN')])),
        'number-infinity.json': b(request([('MinDu', '-Infinity')])),
        'number-string-huge.json': b(request([('DelayRuleTime', '"1e999999"')])),
        # ---- duplicate keys, top level and inside the DbList string
        'duplicate-key.json': b(request([('DtsJobName', '"again"')])),
        'duplicate-key-dblist.json': b(request(dblist_text='"{\\"shop\\":{},\\"shop\\":{}}"')),
        'duplicate-key-dblist-object.json': b(request(dblist_text='{"shop": {"name": "a", "name": "b"}}')),
        'duplicate-key-many.json': b(request([('DtsJobName', '"x%d"' % i) for i in range(2000)])),
        'duplicate-secret-many.json': b(request([('SourceEndpointPassword', '"s%d"' % i) for i in range(2000)])),
        # ---- truncated files
        'truncated-in-key.json': b(clean[:clean.index('"JobType"') + 4]),
        'truncated-in-value.json': b(clean[:clean.index('"MIGRATION"') + 4]),
        'truncated-after-colon.json': b(clean[:clean.index('"MIGRATION"') - 1]),
        'truncated-after-comma.json': b(clean[:clean.index('"MIGRATION"') + 12]),
        'truncated-in-escape.json': b(request([('Description', '"\\u00')])[:-1].rstrip('\n}')),
        'truncated-in-literal.json': b(clean[:clean.index('true') + 2]),
        'truncated-in-number.json': b(request([('DelayRuleTime', '1e')]).rstrip('\n}')),
        'truncated-in-dblist-string.json': b(clean[:clean.index('"all') + 2]),
        'truncated-open-brace.json': b'{',
        'truncated-dblist-object.json': b(request(dblist_text='{"shop": {"name": "shop"')[:-3]),
        # ---- the top level is not an object
        'top-array.json': b'[\n' + b(clean) + b']\n',
        'top-string.json': b'"{\\"Action\\": \\"ConfigureDtsJob\\"}"\n',
        'top-null.json': b'null\n',
        'top-number.json': b'-0.0e+0\n',
        'top-true.json': b'true',
        'top-two-objects.json': b(clean) + b(clean),
        # ---- the top level is fine but DbList is not an object
        'dblist-array-string.json': b(request(dblist_text='"[1,2]"')),
        'dblist-null-string.json': b(request(dblist_text='"null"')),
        'dblist-empty-string.json': b(request(dblist_text='""')),
        'dblist-number.json': b(request(dblist_text='1e999999')),
        'dblist-string-in-string.json': b(request(dblist_text=json.dumps(json.dumps(DBLIST)))),
        # ---- what is not JSON at all
        'control-char-in-string.json': b(request([('Description', '"a\tb"')])),
        'newline-in-string.json': b(request([('Description', '"a\nb"')])),
        'bidi-override-key.json': b(request([('"\u202egnp.exe"'[1:-1], '1')])),
        'escaped-nul-key.json': b(request([('Dts\\u0000JobName', '1')])).replace(b'\\\\u0000', b'\\u0000'),
        'python-literals.json': b(request([('DataSynchronization', 'True')]).replace('"DataSynchronization": false,\n', '')),
        'comment.json': b(clean.replace('{\n', '{\n  // a comment\n', 1)),
        'single-quotes.json': b(clean.replace('"RegionId"', "'RegionId'")),
        'trailing-comma.json': b(clean.replace('\n}', ',\n}')),
        # ---- secrets: "hunter2" is the planted password; hostile.sh checks
        # that no format's output holds it, spaced (UTF-16) or in part
        'secrets-nested-broken-file.json': b(request([('Reserve', json.dumps('{"srcPassword": "hunter2"}'))]).replace('\n}', ',}\n')),
        'secrets-nested-truncated-file.json': b(request([('Reserve', json.dumps('{"srcPassword": "hunter2", "x": 1}'))]).split('hunter2')[0] + 'hunter2'),
        'secrets-escaped-key-broken-file.json': b(request([('SourceEndpoint\\u0050assword', '"hunter2"')]).replace('\\\\u0050', '\\u0050').replace('\n}', ',}\n')),
        'secrets-escaped-key-nested-broken.json': b(request([('Reserve', '"{\\"src\\\\u0050assword\\": \\"hunter2\\"}"')]).replace('\n}', ',}\n')),
        'secrets-encoded-twice.json': b(request([('Reserve', json.dumps(json.dumps('{"srcPassword": "hunter2"}')))])),
        'secrets-python-literal.json': b(request([('Reserve', json.dumps("{'srcPassword': 'hunter2'}"))])),
        'secrets-misspelt-json-param.json': b(request([('Reserv', json.dumps('{"srcPassword": "hunter2"}'))])),
        'secrets-array-value.json': b(request([('Reserve', '{"srcPassword": ["hunter2"]}')])),
        'secrets-object-value.json': b(request([('SourceEndpointPassword', '{"value": "hunter2", "n": 1}')], drop=('SourceEndpointPassword',))),
        'secrets-utf16.json': b'\xff\xfe' + one_line(request([('SrcClientPassword', '"hunter2"')])).replace(
            '{', '{"SrcClientPassword":"hunter2",', 1).encode('utf-16-le'),
        'secrets-unquoted.json': b(request([('SrcClientPassword', 'hunter2')])),
        'secrets-single-quoted.json': b(request([('SrcClientPassword', "'hunter2'")])),
        'secrets-comment-before-value.json': b(request([('SrcClientPassword', '/* old */ "hunter2"')])),
        'secrets-comment-as-value.json': b(request([('SrcClientPassword', '// hunter2\n  "x"')])),
        'secrets-invalid-utf8-key.json': b(request([('Reserve', '{"srcPassXword": "hunter2"}')])).replace(b'srcPassXword', b'srcPass\xffword'),
        'secrets-near-miss.json': b(request([('SourceEndpointPasword', '"hunter2"')])),
        'secrets-near-miss-nested.json': b(request([('Reserve', json.dumps('{"srcPasword": "hunter2"}'))])),
        'secrets-array-element-broken.json': b(request([('Reserve', '[' + json.dumps('{"srcPassword": "hunter2"}') + ']')]).replace('\n}', ',}\n')),
        # fuzz_request's oracle: JSON encoded twice, the pair at the top of
        # a file that is not UTF-8 (the inner string is followed by no ':')
        'secrets-fuzz-twice-at-top.json': b('"Reserve": ' + json.dumps(json.dumps('{"srcPassword": "hunter2"}'))) + b'\x9c\xfft\xf2de',
        'secrets-duplicate-inside.json': b(request([('Reserve', '{"srcPassword": {"hunter2": 1, "hunter2": 2}}')])),
        'secrets-query.txt': b(query_request()),
        # issue 23: where the end of a secret value cannot be told, nothing
        # after its key is shown ("hun" and "ter2" are the two halves)
        'secrets-quote-inside.json': b(request([('SrcClientPassword', '"hun"ter2"')])),
        'secrets-two-strings.json': b(request([('SrcClientPassword', '"hun" "ter2"')])),
        'secrets-equals.json': b(request([('SrcClientPassword', '"hunter2"')]).replace('"SrcClientPassword":', '"SrcClientPassword" =')),
        'secrets-triple-quoted.json': b(request([('SrcClientPassword', '"""hunter2"""')])),
        'secrets-abbreviated.json': b(request([(k, '"hunter2"') for k in (
            'SourceEndpointPwd', 'SrcClientPass', 'DestClientPswd', 'SourceCredentials', 'AccessKeySecret', 'db_pass')])),
        # near misses of secret names other than "password": of a secret
        # parameter (SecurityToken), of a secret word in a key (secret)
        'secrets-near-miss-names.json': b(request([('SecurityTokn', '"hunter2"'), ('AccessKeySecre', '"hunter2"')])),
        'secrets-query-quote-inside.txt': b(query_request(['Reserve={"srcPassword":"hun"ter2"}'])),
        'secrets-query-ampersand.txt': b(query_request(
            ['SrcClientPassword=hun&ter2=1&DataSynchronization=false', 'DestClientPassword=hun&ter2'],
            drop=('DataSynchronization',))),
        'secrets-query-wrapped.txt': b(query_request(['SrcClientPassword=hun\nter2', 'Reserve={"srcPassword":"hun\nter2"}'])),
        # fuzz_request: a key that is a known name then NUL bytes read past
        # the name in ruleset.c's lookup (ASan: global-buffer-overflow)
        'crash-nul-in-key.json': b(clean).replace(b'"DtsJobName"', b'"name' + b'\x00' * 16 + b'"'),
        'random-4k.bin': random_bytes(4096, 4),
        'random-json-chars-4k.json': random_json_chars(4096, 5),
    }
    return cases


def random_bytes(n, seed):
    rng = random.Random(seed)
    return bytes(rng.getrandbits(8) for _ in range(n))


def random_json_chars(n, seed):
    """Text made only of JSON's structural characters, quotes, escapes and
    literals: every byte is UTF-8, so the parser, not the decoder, meets it."""
    rng = random.Random(seed)
    pieces = ['{', '}', '[', ']', ':', ',', '"', '\\', '\\"', 'true', 'null', '1', '-', 'e', ' ', '\n', 'a']
    out = []
    size = 0
    while size < n:
        p = rng.choice(pieces)
        out.append(p)
        size += len(p)
    return b(''.join(out)[:n])


# ---- big cases: made at test time, never kept in git ----------------

DEEP = 200000


def big_deep_array():
    return b('[' * DEEP + ']' * DEEP)


def big_deep_object():
    return b('{"a":' * DEEP + '1' + '}' * DEEP)


def big_deep_dblist_object():
    return b(request(dblist_text='{"shop":' * DEEP + '{}' + '}' * DEEP))


def big_deep_dblist_string():
    return b(request(dblist_text='"' + '[' * DEEP + ']' * DEEP + '"'))


def big_deep_dblist_string_objects():
    return b(request(dblist_text='"' + '{\\"a\\":' * DEEP + '1' + '}' * DEEP + '"'))


def big_deep_unclosed():
    return b('{"a":[' * DEEP)


def big_key_1mb():
    return b(request([('k' * (1 << 20), '1')]))


def big_value_1mb():
    """A 1 MB value that a rule's pattern (PCRE2, match limit) must judge."""
    return b(request([('SourceEndpointPort', json.dumps('1' * (1 << 20)))]))


def big_escapes_1mb():
    return b(request(dblist_text='"' + '\\u00e9' * (1 << 18) + '"'))


def big_number_1mb():
    return b(request([('MinDu', '1' * (1 << 20)), ('MaxDu', '2')]))


def big_random_1mb():
    return random_bytes(1 << 20, 1)


def big_random_json_chars_1mb():
    return random_json_chars(1 << 20, 2)


def one_line(text):
    return json.dumps(json.loads(text), separators=(',', ':'))


def big_many_unknown_one_line():
    """100,000 unknown parameters on one 2 MB line: 100,000 findings,
    each with an excerpt of that line."""
    return b(one_line(request())[:-1] + ''.join(',"Unknown%06d":%d' % (i, i) for i in range(100000)) + '}')


def big_many_duplicate_secrets():
    return b(request().rstrip('\n}') + ''.join(',"SourceEndpointPassword":"s%06d"' % i for i in range(100000)) + '}')


def big_many_lines():
    """A million short lines: the line table and the findings near the end."""
    return b(request().rstrip('\n}') + ',' + '\n' * 1000000 + '"DtsJobNam": 1}')


def big_dblist(form):
    sys.path.insert(0, __file__.rsplit('/', 3)[0] + '/tools')
    import gen_request
    dbl = gen_request.db_list(10600000)
    text = json.dumps(dbl, separators=(',', ':'))
    return b(request(dblist_text=text if form == 'object' else json.dumps(text)))



def big_workflow_many_steps():
    """A workflow of 100,001 requests, one a line: 100,000 StartDtsJob
    before the ConfigureDtsJob that configures their job, each reported
    (DTS602) with a pointer that names its index in the array."""
    start = '{"Action":"StartDtsJob","RegionId":"cn-hangzhou","DtsJobId":"dtsjob1"}'
    return b('[\n' + ',\n'.join([start] * 100000 + [one_line(request())]) + '\n]\n')


def big_workflow_many_pairs():
    """A workflow of 10,000 CreateDtsInstance for SYNC, then 10,000
    ConfigureDtsJob of MIGRATION: each configuration disagrees with every
    instance (100 million pairs), and is compared with the one before it."""
    create = '{"Action":"CreateDtsInstance","RegionId":"cn-hangzhou","Type":"SYNC"}'
    configure = '{"Action":"ConfigureDtsJob","RegionId":"cn-hangzhou","JobType":"MIGRATION"}'
    return b('[\n' + ',\n'.join([create] * 10000 + [configure] * 10000) + '\n]\n')


def big_array_many_duplicates():
    """An unknown parameter holding 100,000 objects with a duplicate key
    each: 100,000 findings whose pointers name an index in one array."""
    items = ',\n'.join('{"a":%d,"a":%d}' % (i, i) for i in range(100000))
    return b(request(extra=[('Many', '[\n' + items + '\n]')]))


QUERY_HEAD = ('?Action=ConfigureDtsJob&RegionId=cn-hangzhou&DtsJobName=q&JobType=SYNC'
              '&SourceEndpointInstanceType=RDS&SourceEndpointInstanceID=rm-1&SourceEndpointRegion=cn-hangzhou'
              '&DestinationEndpointInstanceType=RDS&DestinationEndpointInstanceID=rm-2'
              '&DestinationEndpointRegion=cn-hangzhou&StructureInitialization=true'
              '&DataInitialization=true&DataSynchronization=true')


def big_query_deep_dblist():
    """Query string: a percent-encoded DbList nested 200,000 deep."""
    return b(QUERY_HEAD + '&DbList=' + '%5B' * DEEP + '%5D' * DEEP + '\n')


def big_query_many_pairs():
    """Query string: 300,000 parameters on one line (all unknown)."""
    return b(QUERY_HEAD + ''.join('&P%d=%%41' % i for i in range(300000)) + '\n')


def big_query_percent_storm():
    """Query string: a value of 1 MB of bad escapes."""
    return b(QUERY_HEAD + '&DtsJobName=' + '%' * (1 << 20) + '\n')


BIG = {
    'deep-array': big_deep_array,
    'deep-object': big_deep_object,
    'deep-unclosed': big_deep_unclosed,
    'deep-dblist-object': big_deep_dblist_object,
    'deep-dblist-string': big_deep_dblist_string,
    'deep-dblist-string-objects': big_deep_dblist_string_objects,
    'key-1mb': big_key_1mb,
    'value-1mb': big_value_1mb,
    'escapes-1mb': big_escapes_1mb,
    'number-1mb': big_number_1mb,
    'random-1mb': big_random_1mb,
    'random-json-chars-1mb': big_random_json_chars_1mb,
    'many-unknown-one-line': big_many_unknown_one_line,
    'many-duplicate-secrets': big_many_duplicate_secrets,
    'many-lines': big_many_lines,
    'dblist-over-limit-object': lambda: big_dblist('object'),
    'dblist-over-limit-string': lambda: big_dblist('string'),
    'query-deep-dblist': big_query_deep_dblist,
    'query-many-pairs': big_query_many_pairs,
    'query-percent-storm': big_query_percent_storm,
    'workflow-many-steps': big_workflow_many_steps,
    'workflow-many-pairs': big_workflow_many_pairs,
    'array-many-duplicates': big_array_many_duplicates,
}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == 'small':
        for name, data in small_cases().items():
            with open('%s/%s' % (sys.argv[2], name), 'wb') as f:
                f.write(data)
    elif len(sys.argv) == 3 and sys.argv[1] == 'big' and sys.argv[2] in BIG:
        sys.stdout.buffer.write(BIG[sys.argv[2]]())
    else:
        sys.exit('usage: make.py small DIR | make.py big {%s}' % ','.join(BIG))


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Seeds of fuzz_lsp: documents with operations after them, in the
target's layout (DOCUMENT | OPERATIONS | CONTROL, fuzz/fuzz_lsp.c): a good
request, one with mistakes, a string-encoded DbList, a query string, '{'
NUL '}' and a request in UTF-16.

Usage: lsp_seeds.py ROOT OUT
"""
import os
import sys

HOVER, COMPLETE, ACTION, EDIT, RAW, BAD_HEADER, HOVER_AT, COMPLETE_AT = range(8)


def at(offset):
    """The two bytes of an operation that point at a document offset."""
    return divmod(offset % 65536, 256)


def seed(doc, ops, utf8=False):
    ops = ops[:8]
    body = b''.join(bytes([kind, a, b, arg]) for kind, (a, b), arg in reversed(ops))
    return doc + body + bytes([(len(ops) - 1) | (8 if utf8 else 0)])


def around(doc, needle, delta=1):
    i = doc.find(needle)
    return at(i + delta if i >= 0 else 0)


def main():
    root, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)

    def read(path):
        with open(os.path.join(root, path), 'rb') as f:
            return f.read()

    good = read('testdata/good/cjk-job-name.json')
    mistakes = read('examples/mistakes.json')
    string_form = read('testdata/good/rds-to-adb30-string.json')
    seeds = {
        'good': seed(good, [(HOVER, around(good, b'"Source'), 0), (COMPLETE, around(good, b'"Dts'), 0),
                            (ACTION, at(0), 255), (EDIT, around(good, b'"Dts', 3), 0x29),
                            (HOVER, around(good, b'"Dts', 3), 0)]),
        'good-utf8': seed(good, [(HOVER, around(good, b'"Dts'), 0), (COMPLETE, around(good, b': "', 3), 0),
                                 (RAW, at(0), 16), (BAD_HEADER, at(0), 0)], utf8=True),
        'mistakes': seed(mistakes, [(ACTION, at(0), 255), (ACTION, at(40), 200), (COMPLETE, at(2), 0),
                                    (HOVER_AT, (3, 4), 2), (COMPLETE_AT, (200, 1), 1)]),
        'string-form': seed(string_form, [(COMPLETE, around(string_form, b'{\\"', 1), 0),
                                          (HOVER, around(string_form, b'\\"', 3), 0),
                                          (EDIT, around(string_form, b'\\"', 2), 0x51),
                                          (ACTION, at(0), 255)]),
        'query': seed(b'Action=ConfigureDtsJob&DtsJobName=x&SourceEndpointInstanceTyp=RDS\n',
                      [(HOVER, at(30), 0), (COMPLETE, at(40), 0), (ACTION, at(0), 255)]),
        'nul': seed(b'{\0}', [(HOVER, at(0), 0), (HOVER, at(1), 0), (COMPLETE, at(1), 0),
                              (COMPLETE, at(2), 0), (ACTION, at(0), 3)]),
        'utf16': seed(good.decode().encode('utf-16-le'),
                      [(HOVER, at(4), 0), (COMPLETE, at(20), 0), (HOVER, at(60), 0),
                       (COMPLETE, at(61), 0), (ACTION, at(0), 255)]),
        'utf16-bom': seed(b'\xff\xfe' + good.decode().encode('utf-16-le'),
                          [(HOVER, at(6), 0), (COMPLETE, at(22), 0)], utf8=True),
        'frames': seed(b'{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{}}',
                       [(RAW, at(0), 40), (BAD_HEADER, at(0), 1), (BAD_HEADER, at(0), 2),
                        (BAD_HEADER, at(0), 3), (HOVER, at(1), 0)]),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()

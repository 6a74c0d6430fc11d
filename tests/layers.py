#!/usr/bin/env python3
"""The include graph of src/ runs one way (docs/architecture.md): every
file's #include "..." names a file of its own layer or of a lower one, and
no two files include each other, directly or through others.

Usage: layers.py SOURCE_ROOT
"""
import os
import re
import sys

# Lowest first.  A file may include files of its own layer or below.
LAYERS = [
    ('base', ['ascii', 'xalloc', 'source', 'longpath', 'suggest', 'template', 'diag', 'jsonpos',
              'jsonpos_decode', 'jsonpos_lex', 'jsonpos_tape', 'jsonpos_util', 'jsonpos_view', 'hash',
              'strbuf', 'sanitize', 'builtin_ids', 'rule_info', 'diag_edit', 'jedit', 'pyliteral']),
    ('input', ['decode_problem', 'query', 'request']),
    ('rules', ['rule', 'rule_reader', 'ruleset', 'ruleset_load', 'ruleset_codegen', 'rule_docs',
               'embedded']),
    ('engine', ['checks', 'engine', 'engine_internal', 'engine_scan', 'engine_value',
                'engine_constraint', 'engine_lookup', 'engine_workflow', 'engine_typo', 'secret_memo', 'secret_scan']),
    ('policy', ['config', 'config_parse', 'policy', 'baseline', 'walk', 'glob', 'pathglob',
                'paths']),
    ('output', ['emit', 'emit_util', 'emit_text', 'emit_json', 'emit_sarif', 'emit_github',
                'emit_gitlab', 'emit_junit', 'json_schema', 'json_writer', 'output', 'summary']),
    ('front', ['main', 'control', 'lsp', 'lsp_io', 'lsp_position', 'lsp_scan', 'lsp_assist',
               'fix', 'fix_diff']),
]


def main():
    root = sys.argv[1]
    src = os.path.join(root, 'src')
    layer_of = {}
    for rank, (_, names) in enumerate(LAYERS):
        for name in names:
            layer_of[name] = rank
    includes = {}
    failures = []
    for fname in sorted(os.listdir(src)):
        stem, ext = os.path.splitext(fname)
        if ext not in ('.c', '.h'):
            continue
        with open(os.path.join(src, fname), encoding='utf-8') as f:
            deps = re.findall(r'^#include "([^"]+)\.h"', f.read(), re.M)
        includes.setdefault(stem, set()).update(d for d in deps if d != stem)
    for stem, deps in sorted(includes.items()):
        if stem not in layer_of:
            failures.append('src/%s: not in any layer of tests/layers.py (add it where it belongs)' % stem)
            continue
        for dep in sorted(deps):
            if dep not in layer_of:
                continue  # reported as a file of its own
            if layer_of[dep] > layer_of[stem]:
                failures.append('src/%s (%s) includes %s.h (%s): an arrow pointing up' % (
                    stem, LAYERS[layer_of[stem]][0], dep, LAYERS[layer_of[dep]][0]))
    # Cycles among modules: a .c and its .h are one module, and a helper
    # header X_util.h belongs to module X (its private toolbox).
    merged = {}
    for stem, deps in includes.items():
        owner = stem[:-len('_util')] if stem.endswith('_util') else stem
        merged.setdefault(owner, set()).update(
            d[:-len('_util')] if d.endswith('_util') else d for d in deps)
    includes = {k: {d for d in v if d != k} for k, v in merged.items()}
    state = {}

    def visit(node, path):
        state[node] = 'open'
        for dep in sorted(includes.get(node, ())):
            if state.get(dep) == 'open':
                failures.append('include cycle: %s' % ' -> '.join(path[path.index(dep):] + [dep]))
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = 'done'

    for node in sorted(includes):
        if node not in state:
            visit(node, [node])
    for f in failures:
        print('FAIL ' + f)
    print('layers: %d passed, %d failed' % (len(includes) - len(failures), len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()

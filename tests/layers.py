#!/usr/bin/env python3
"""The layers of src/ run one way (docs/architecture.md).

A file's layer is its folder under src/; the order of the layers is the
order of the subdir() calls in src/meson.build, so there is one list to
keep, and the build already refuses an #include that points up (a layer
sees only its own and lower layers' headers).  This test checks what the
build cannot:

  - includes: every #include "x.h" names a header of the file's own layer
    or a lower one (belt and braces for the include paths);
  - calls: every symbol an object file uses from another object file of
    the project (nm: U in one, defined in the other) is defined in the
    same layer or a lower one;
  - circles: no two files depend on each other, directly or through
    others, by includes or by calls (a .c and its .h are one module; a
    helper header X_util.h or X_internal.h belongs to module X).

Usage: layers.py SOURCE_ROOT BUILD_ROOT
"""
import os
import re
import subprocess
import sys

SRC_TOP_ALLOWED = {'main.c', 'meson.build'}


def layer_order(src):
    with open(os.path.join(src, 'meson.build'), encoding='utf-8') as f:
        return re.findall(r"^subdir\('([^']+)'\)", f.read(), re.M)


def module_of(stem):
    for suffix in ('_util', '_internal'):
        if stem.endswith(suffix):
            return stem[:-len(suffix)]
    return stem


def source_files(src, layers, failures):
    """{stem: (layer, path)} for every .c and .h of the layers."""
    files = {}
    for entry in sorted(os.listdir(src)):
        path = os.path.join(src, entry)
        if os.path.isdir(path) and entry not in layers:
            failures.append('src/%s/: a folder that src/meson.build does not build' % entry)
        elif os.path.isfile(path) and entry not in SRC_TOP_ALLOWED:
            failures.append('src/%s: src/ keeps only main.c and meson.build; move it into its layer' % entry)
    for layer in layers:
        for fname in sorted(os.listdir(os.path.join(src, layer))):
            stem, ext = os.path.splitext(fname)
            if ext in ('.c', '.h'):
                files.setdefault(stem, []).append((layer, os.path.join(src, layer, fname)))
    return files


def check_includes(files, rank, deps, failures):
    for stem, places in sorted(files.items()):
        for layer, path in places:
            with open(path, encoding='utf-8') as f:
                included = re.findall(r'^#include "([^"]+)\.h"', f.read(), re.M)
            for dep in included:
                if dep == stem:
                    continue
                if dep not in files:
                    continue  # a generated header or a system one
                dep_layer = files[dep][0][0]
                if rank[dep_layer] > rank[layer]:
                    failures.append('%s (%s) includes %s.h (%s): an arrow pointing up' % (
                        os.path.relpath(path), layer, dep, dep_layer))
                deps.setdefault(module_of(stem), set()).add((module_of(dep), 'includes %s.h' % dep))


def object_symbols(src, build, layers):
    """{stem: (layer, defined, undefined)} from nm on the layers' objects."""
    objects = {}
    for layer in layers:
        top = os.path.join(build, 'src', layer)
        for dirpath, _, names in os.walk(top):
            for name in names:
                if not name.endswith('.c.o'):
                    continue
                stem = name[:-len('.c.o')]
                if not os.path.exists(os.path.join(src, layer, stem + '.c')):
                    continue  # a stale object of a file since moved or removed
                out = subprocess.run(['nm', os.path.join(dirpath, name)], check=True,
                                     capture_output=True, text=True).stdout
                defined, undefined = set(), set()
                for line in out.splitlines():
                    parts = line.split()
                    if len(parts) == 2 and parts[0] == 'U':
                        undefined.add(parts[1])
                    elif len(parts) == 3 and parts[1] in 'TDBRVW':
                        defined.add(parts[2])
                objects[stem] = (layer, defined, undefined)
    return objects


def check_calls(objects, rank, deps, failures):
    owner = {}
    for stem, (layer, defined, _) in objects.items():
        for sym in defined:
            owner.setdefault(sym, stem)
    for stem, (layer, _, undefined) in sorted(objects.items()):
        for sym in sorted(undefined):
            other = owner.get(sym)
            if other is None or other == stem:
                continue  # the C library, json-c, PCRE2
            other_layer = objects[other][0]
            if rank[other_layer] > rank[layer]:
                failures.append('src/%s/%s.c (%s) calls %s() of src/%s/%s.c (%s): a call running back up' % (
                    layer, stem, layer, sym, other_layer, other, other_layer))
            deps.setdefault(module_of(stem), set()).add((module_of(other), 'uses %s' % sym))


def check_circles(deps, failures):
    graph = {m: {d for d, _ in ds if d != m} for m, ds in deps.items()}
    why = {}
    for m, ds in deps.items():
        for d, reason in sorted(ds):
            why.setdefault((m, d), reason)
    state = {}

    def visit(node, path):
        state[node] = 'open'
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 'open':
                loop = path[path.index(dep):] + [dep]
                failures.append('circle: ' + ' -> '.join(
                    '%s (%s)' % (a, why[(a, b)]) for a, b in zip(loop, loop[1:])) + ' -> ' + dep)
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = 'done'

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])


def main():
    root, build = sys.argv[1], sys.argv[2]
    src = os.path.join(root, 'src')
    failures = []
    layers = layer_order(src)
    rank = {name: i for i, name in enumerate(layers)}
    files = source_files(src, layers, failures)
    for stem, places in sorted(files.items()):
        if len({layer for layer, _ in places}) > 1:
            failures.append('%s: a .c and its .h in different layers (%s)' % (
                stem, ', '.join(sorted({layer for layer, _ in places}))))
    deps = {}
    check_includes(files, rank, deps, failures)
    objects = object_symbols(src, build, layers)
    if len(objects) < len([s for s, p in files.items() if any(x.endswith('.c') for _, x in p)]):
        failures.append('fewer object files under %s/src than .c files under src/: build first' % build)
    check_calls(objects, rank, deps, failures)
    check_circles(deps, failures)
    for f in failures:
        print('FAIL ' + f)
    print('layers: %d modules, %d layers (%s); %d passed, %d failed' % (
        len(deps), len(layers), ' < '.join(layers), 0 if failures else 1, 1 if failures else 0))
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""`dtslint --print-json-schema OPERATION` against the linter itself.

- The output is a valid draft-07 schema whose properties are exactly the
  operation's parameters and the common ones of rules/, with their enums.
- Every request of testdata/ and examples/ on which dtslint reports no error
  is accepted (the good files among them): the schema never flags what the
  linter passes.
- Every request on which dtslint reports a mistake a schema can see (an
  unknown parameter, a wrong type, an invalid value, an empty or missing
  required parameter, outside string-encoded JSON) is refused.
- An unknown parameter is accepted (the service ignores it: DTS114 is a
  warning; a near miss, DTS101, is a matter of edit distance, which a schema
  cannot express), the common parameters are accepted, an unknown operation
  is a usage error.

Usage: json_schema.py DTSLINT SOURCE_ROOT
"""
import copy
import json
import os
import pathlib
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print('SKIP: the Python module jsonschema is not installed (Debian: python3-jsonschema; .ci/run installs it)')
    sys.exit(77)

OPERATION = 'ConfigureDtsJob'
# Rules whose findings concern one value or one key, which a schema sees
# unless the value sits inside string-encoded JSON.
SCHEMA_VISIBLE = {
    'DTS102', 'DTS103', 'DTS105', 'DTS106',
    'DTS303', 'DTS304', 'DTS305', 'DTS403', 'DTS404', 'DTS503', 'DTS504', 'DTS505',
}

# Rules about what a JSON-valued parameter holds: seen only in object form.
CONTENT_RULES = {'DTS305'}
# Visible rules reported by a format (a pattern): the schema has no
# patterns, since the ruleset keeps them compiled only.
FORMAT_FINDINGS = {('testdata/bad/DTS404/fire-retry-time.json', '/Reserve/maxRetryTime'),
                   # destSSL's values depend on the destination engine (formats with "when")
                   ('testdata/bad/DTS404/fire-kafka-ssl.json', '/Reserve/destSSL'),
                   ('testdata/bad/DTS404/fire-ssl-mysql.json', '/Reserve/destSSL')}


class Duplicate(ValueError):
    pass


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise Duplicate('duplicate key')
    return dict(pairs)


def load_request(path):
    """The request as Python data, or None if Python reads it differently
    from dtslint (broken JSON, duplicate keys, not UTF-8)."""
    try:
        text = path.read_bytes().decode('utf-8-sig')
        return json.loads(text, object_pairs_hook=no_duplicates,
                          parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    except (ValueError, UnicodeDecodeError):
        return None


def in_object_form(request, finding):
    """True when every container on the way to the finding is a real object
    or array of the file, not JSON inside a string."""
    node = request
    parts = [p.replace('~1', '/').replace('~0', '~') for p in finding['pointer'].split('/')[1:]]
    for part in parts[:-1]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    if finding['rule'] in CONTENT_RULES and isinstance(node, dict) and isinstance(node.get(parts[-1]), str):
        return False  # about the JSON a string holds
    return isinstance(node, (dict, list))


def described_specs():
    """(operation, common or schema name; parameter or key name) -> its spec in rules/."""
    specs = {}
    for f in sorted(pathlib.Path('rules').glob('*.json')):
        data = json.loads(f.read_text())
        for name, spec in data.get('parameters', {}).items():
            specs[(data['operation'], name)] = spec
        for name, spec in data.get('common', {}).items():
            specs[('common', name)] = spec
        for schema_name, schema in data.get('schemas', {}).items():
            for name, spec in schema.get('keys', {}).items():
                specs[(schema_name, name)] = spec
    return specs


def schema_properties(schema):
    """('', name, property) for each parameter, (definition, key, property)
    for each key of a nested schema."""
    for name, prop in schema['properties'].items():
        yield '', name, prop
    for def_name, definition in schema.get('definitions', {}).items():
        for name, prop in definition.get('properties', {}).items():
            yield def_name, name, prop


def main() -> int:
    dtslint, root = sys.argv[1], pathlib.Path(sys.argv[2])
    os.chdir(root)
    problems = []
    checks = 0

    def expect(condition, message):
        nonlocal checks
        checks += 1
        if not condition:
            problems.append(message)

    run = subprocess.run([dtslint, '--print-json-schema', OPERATION], capture_output=True, text=True)
    if run.returncode != 0:
        print(f'FAIL --print-json-schema {OPERATION}: exit {run.returncode}: {run.stderr}')
        return 1
    schema = json.loads(run.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)

    # The catalogue: the same names and valid values as rules/.
    params, common = {}, {}
    for f in sorted(pathlib.Path('rules').glob('*.json')):
        data = json.loads(f.read_text())
        common.update(data.get('common', {}))
        if data.get('operation') == OPERATION:
            params.update(data['parameters'])
    props = schema['properties']
    expect(set(props) == set(params) | set(common),
           f'schema properties differ from rules/: {sorted(set(props) ^ (set(params) | set(common)))}')
    expect(sorted(schema.get('required', [])) == sorted(n for n, p in params.items() if p.get('required')),
           'schema "required" differs from the required parameters of rules/')
    expect('additionalProperties' not in schema, 'unknown parameters are refused, but the service ignores them')
    for name, spec in params.items():
        if 'enum' in spec and name in props:
            text = json.dumps(props[name])
            expect(all(json.dumps(v) in text for v in spec['enum']), f'{name}: the enum values are not all in the schema')

    # Every request file, linted in one run.
    files = sorted(p for pattern in ('testdata/good/*.json', 'testdata/bad/*/*.json', 'examples/*.json')
                   for p in pathlib.Path('.').glob(pattern)
                   if not p.with_suffix('.args').exists())
    lint = subprocess.run([dtslint, '--format', 'json', '--fail-on', 'none'] + [str(f) for f in files],
                          capture_output=True, text=True)
    expect(lint.returncode == 0, f'linting the request files: exit {lint.returncode}: {lint.stderr[:300]}')
    findings = {}
    for d in json.loads(lint.stdout):
        findings.setdefault(d['file'], []).append(d)
    passed = refused = 0
    for f in files:
        request = load_request(f)
        if request is None:
            continue
        if isinstance(request, list) or (isinstance(request, dict) and request.get('Action', OPERATION) != OPERATION):
            continue  # a workflow, or another operation: checked below against its own schema
        errors = [d for d in findings.get(str(f), []) if d['severity'] == 'error']
        why = [e.message[:120] for e in validator.iter_errors(request)]
        if not errors:
            passed += 1
            expect(not why, f'{f}: dtslint reports no error but the schema refuses it: {why[:2]}')
        visible = [d for d in errors if d['rule'] in SCHEMA_VISIBLE and isinstance(request, dict)
                   and in_object_form(request, d) and (str(f), d['pointer']) not in FORMAT_FINDINGS]
        if visible:
            refused += 1
            expect(why, f'{f}: the schema accepts it but dtslint reports '
                        f'{visible[0]["rule"]} at {visible[0]["pointer"]}')
    expect(passed >= 100, f'only {passed} requests without errors were compared')
    expect(refused >= 30, f'only {refused} requests with schema-visible errors were compared')
    # Every good request against the schema of its own operation (Action,
    # or the --operation of its .args file).
    operations = sorted(json.loads(f.read_text()).get('operation') for f in pathlib.Path('rules').glob('*.json')
                        if json.loads(f.read_text()).get('operation'))
    validators = {}
    for op in operations:
        run = subprocess.run([dtslint, '--print-json-schema', op], capture_output=True, text=True)
        expect(run.returncode == 0, f'--print-json-schema {op}: exit {run.returncode}')
        if run.returncode == 0:
            op_schema = json.loads(run.stdout)
            jsonschema.Draft7Validator.check_schema(op_schema)
            validators[op] = jsonschema.Draft7Validator(op_schema)
    expect(len(validators) >= 6, f'schemas for only {sorted(validators)}')
    for f in sorted(pathlib.Path('testdata/good').glob('*.json')):
        document = load_request(f)
        args = f.with_suffix('.args')
        default_op = OPERATION
        if args.exists():
            words = args.read_text().split()
            if '--operation' in words:
                default_op = words[words.index('--operation') + 1]
        # a workflow file holds several requests: each against its own schema
        for request in document if isinstance(document, list) else [document]:
            op = request.get('Action', default_op)
            chosen = validators.get(op)
            expect(chosen is not None, f'{f}: no schema for its operation {op}')
            if chosen is not None:
                expect(not list(chosen.iter_errors(request)), f'{f}: a good request is refused by the {op} schema')

    # An unknown parameter is accepted, as the service ignores it (DTS114, a
    # warning); the common parameters are accepted.
    good = load_request(pathlib.Path('testdata/good/seed-guide-1.json'))
    unknown = dict(good, PayType='PostPaid')
    why = [e.message for e in validator.iter_errors(unknown)]
    expect(not why, f'an unknown parameter is refused: {why}')
    with_common = dict(good, Action=OPERATION, Version='2020-01-01', RegionId='cn-hangzhou',
                       AccessKeyId='LTAI', Format='JSON')
    expect(not list(validator.iter_errors(with_common)), 'the common parameters are refused')
    other_operation = dict(good, Action='DescribeDtsJobs')
    expect(list(validator.iter_errors(other_operation)), 'Action naming another operation is accepted')
    # Values as clients write them: Booleans and numbers as strings or not.
    forms = copy.deepcopy(good)
    forms.update(StructureInitialization=True, DataInitialization='false', DelayRuleTime='10',
                 DelayNotice=False)
    expect(not list(validator.iter_errors(forms)), 'Booleans or numbers in one of their forms are refused')
    forms['DbList'] = json.dumps(good['DbList'])
    forms['Reserve'] = json.dumps(good.get('Reserve', {}))
    expect(not list(validator.iter_errors(forms)), 'DbList/Reserve as JSON strings are refused')
    for bad_value in ({'StructureInitialization': 'yes'}, {'DelayRuleTime': 'ten'}, {'DelayRuleTime': 0},
                      {'JobType': 'MIGRATE'}, {'DbList': []}, {'DbList': {}}, {'DbList': ''},
                      {'DbList': {'shop': {'all': 'yes'}}}, {'DbList': {'shop': {'Table': ['orders']}}}):
        expect(list(validator.iter_errors(dict(good, **bad_value))), f'{bad_value} is accepted')

    # Every property of every schema, nested ones too, says what it is,
    # in the words of rules/, with the meaning of each documented value and,
    # for a parameter not to use, why.
    specs = described_specs()
    described = 0
    for op, op_validator in validators.items():
        for where, name, prop in schema_properties(op_validator.schema):
            spec = specs.get((op if where == '' else where, name)) or specs.get(('common', name))
            text = prop.get('description', '')
            described += 1
            expect(spec is not None and text.startswith(spec['description']),
                   f'{op} {where}/{name}: the description is not the one of rules/: {text[:80]!r}')
            if spec is None:
                continue
            for value, meaning in spec.get('values', {}).items():
                expect(f'\n{value}: {meaning}' in text, f'{op} {where}/{name}: the meaning of {value!r} is missing')
            if 'deprecated' in spec:
                expect(prop.get('deprecated') is True and ('Deprecated: ' + spec['deprecated']) in text,
                       f'{op} {where}/{name}: not deprecated with its reason')
            if 'example' in spec and 'enum' not in spec and name != 'Action':  # Action: the operation's own name
                expect(spec['example'] in prop.get('examples', []), f'{op} {where}/{name}: no example')
    expect(described > 300, f'only {described} properties were compared')

    run = subprocess.run([dtslint, '--print-json-schema', 'NoSuchOperation'], capture_output=True, text=True)
    expect(run.returncode == 3 and "no rules for operation 'NoSuchOperation'" in run.stderr and not run.stdout,
           f'an unknown operation: exit {run.returncode}, stderr {run.stderr!r}')

    for p in problems:
        print('FAIL', p)
    print(f'json_schema: {checks - len(problems)} passed, {len(problems)} failed '
          f'({passed} requests without errors accepted, {refused} with schema-visible errors refused)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
"""Validate SARIF logs against the SARIF 2.1.0 JSON schema.

usage: validate_sarif.py SCHEMA SARIF_FILE...

The validator class follows the schema's own "$schema" (draft-04 for the
OASIS SARIF schema; Draft 7 when it names none).  Exit status 0 when every
file is valid, 1 when any is not (each error is printed with its JSON
path; a file that is not JSON counts as invalid), 2 on a usage error or
an unusable schema.
"""

import json
import sys

try:
    import jsonschema
    from jsonschema import validators
except ImportError:  # pragma: no cover - depends on the machine
    print("validate_sarif.py: the 'jsonschema' module is not installed",
          file=sys.stderr)
    sys.exit(2)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def make_validator(schema):
    cls = validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    checker = getattr(cls, "FORMAT_CHECKER", None)
    return cls(schema, format_checker=checker)


def error_path(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        validator = make_validator(load_json(argv[1]))
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print(f"{argv[1]}: cannot use schema: {e}", file=sys.stderr)
        return 2

    passed = failed = status = 0
    for path in argv[2:]:
        try:
            log = load_json(path)
        except (OSError, ValueError) as e:
            print(f"{path}: cannot read as JSON: {e}", file=sys.stderr)
            failed += 1
            status = 1
            continue
        errors = sorted(validator.iter_errors(log), key=lambda e: [str(p) for p in e.absolute_path])
        if errors:
            failed += 1
            status = 1
            for e in errors:
                print(f"{path}: {error_path(e)}: {e.message}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Validates JSON documents against a JSON Schema (draft 2020-12) with the reference Python
implementation, for the lesson-format tests: `json-schema-check.py SCHEMA < documents.json`.

Standard input holds a JSON array of documents; standard output gets a JSON array with, for each
document, the list of its errors ("at 'path': message"). The schema itself is checked first
against the draft 2020-12 meta-schema (exit 2 with the reason when it is not valid)."""
import json
import sys

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

schema = json.load(open(sys.argv[1], encoding="utf-8"))
try:
    Draft202012Validator.check_schema(schema)
except SchemaError as err:
    print(f"{sys.argv[1]} is not a valid draft 2020-12 schema: {err.message}", file=sys.stderr)
    sys.exit(2)
validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
documents = json.load(sys.stdin)
results = [
    [f"at '/{'/'.join(map(str, e.absolute_path))}': {e.message}" for e in validator.iter_errors(doc)]
    for doc in documents
]
json.dump(results, sys.stdout)

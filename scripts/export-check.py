#!/usr/bin/env python3
"""Checks the forms `sfn-lab export` writes with the reference tools that scripts/setup.sh
installs from PyPI, for crates/export/tests/forms.rs:

  export-check.py cfn-lint TEMPLATE...   every cfn-lint finding (errors and warnings; not the
                                         informational ones), as a JSON list of
                                         {"file", "level", "rule", "line", "message"}
  export-check.py hcl2 FILE...           each Terraform file as python-hcl2 parses it, as JSON:
                                         {FILE: {BLOCK: {TYPE: [NAME, ...]}}} for resource and data
                                         blocks, {FILE: {BLOCK: [NAME, ...]}} for variable and output

Findings are data: the exit code is 0 unless a tool is missing (3) or a file does not parse (1)."""
import io
import json
import sys
from contextlib import redirect_stdout

try:
    import hcl2
    from cfnlint.runner import main as cfn_lint_main
except ImportError as missing:
    print(f"{missing.name} is not installed: run scripts/setup.sh", file=sys.stderr)
    sys.exit(3)


def unquote(name):
    # python-hcl2 8 keeps the quotes of block labels; 7 did not.
    return name[1:-1] if len(name) >= 2 and name[0] == name[-1] == '"' else name


def cfn_lint(files):
    # One run over every file, as the command line does: its rules load once (per file, a run
    # takes ten times longer).
    printed = io.StringIO()
    sys.argv = ["cfn-lint", "--format", "json", "--", *files]
    with redirect_stdout(printed):
        try:
            cfn_lint_main()
        except SystemExit as end:
            # 0 clean; 2, 4 and 8 flag errors, warnings and informational findings.
            code = end.code or 0
            if not isinstance(code, int) or code & ~(2 | 4 | 8):
                raise
    return [
        {
            "file": match["Filename"],
            "level": match["Level"].lower(),
            "rule": match["Rule"]["Id"],
            "line": match["Location"]["Start"]["LineNumber"],
            "message": match["Message"],
        }
        for match in json.loads(printed.getvalue() or "[]")
    ]


def parse_hcl(files):
    parsed = {}
    for file in files:
        with open(file, encoding="utf-8") as text:
            try:
                document = hcl2.load(text)
            except Exception as error:  # lark's errors have no common base worth naming
                print(f"{file} is not HCL: {error}", file=sys.stderr)
                sys.exit(1)
        blocks = {}
        for block in ("resource", "data"):
            for entry in document.get(block, []):
                for kind, named in entry.items():
                    names = blocks.setdefault(block, {}).setdefault(unquote(kind), [])
                    names.extend(unquote(name) for name in named)
        for block in ("variable", "output"):
            blocks[block] = [unquote(name) for entry in document.get(block, []) for name in entry]
        parsed[file] = blocks
    return parsed


if __name__ == "__main__":
    command, files = sys.argv[1], sys.argv[2:]
    if command == "cfn-lint":
        json.dump(cfn_lint(files), sys.stdout)
    elif command == "hcl2":
        json.dump(parse_hcl(files), sys.stdout)
    else:
        print(f"unknown command {command}: use cfn-lint or hcl2", file=sys.stderr)
        sys.exit(2)

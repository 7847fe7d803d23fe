#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, written to OUT/<target>/ (outside the repository):
JSONata expressions from ../shared/jsonata-test-suite (read in place), definitions, scenarios and
inputs from examples/ and lessons/. Usage: fuzz/seed.py OUT"""
import hashlib
import json
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
out = pathlib.Path(sys.argv[1])


def put(target, data: bytes):
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def compact(value) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode("utf-8", "replace")


suite = root.parent / "shared" / "jsonata-test-suite" / "groups"
if suite.is_dir():
    for case_file in sorted(suite.glob("*/*.json")):
        try:
            cases = json.loads(case_file.read_text())
        except (ValueError, UnicodeDecodeError):
            continue
        for case in cases if isinstance(cases, list) else [cases]:
            if isinstance(case, dict) and isinstance(case.get("expr"), str):
                data = case.get("data", {})
                put("jsonata_expression", case["expr"].encode("utf-8", "replace") + b"\0" + compact(data))
else:
    print(f"seed: {suite} is absent; the JSONata corpus starts from the examples only")

for definition in sorted(root.glob("examples/*/definition*.json")) + sorted(root.glob("lessons/*/*.asl.json")):
    text = definition.read_bytes()
    folder = definition.parent
    inputs = [p.read_bytes() for p in folder.glob("input*.json")] or [b"{}"]
    put("run_definition", text + b"\0" + inputs[0])
    scenario = folder / "scenario.json"
    lesson = folder / "lesson.json"
    scenarios = []
    if scenario.is_file():
        scenarios.append(scenario.read_bytes())
    if lesson.is_file():
        for check in json.loads(lesson.read_text()).get("checks", []):
            if isinstance(check, dict) and "scenario" in check:
                scenarios.append(compact(check["scenario"]))
                inputs.append(compact(check.get("input", {})))
    for scenario_text in scenarios or [b"{}"]:
        put("run_scenario", text + b"\0" + scenario_text + b"\0" + inputs[-1])
    # JSONata fields of definitions are expressions too.
    for expression in set(re.findall(r"\{%(.*?)%\}", text.decode())):
        put("jsonata_expression", expression.strip().encode())

for target in sorted(p.name for p in out.iterdir()):
    print(f"seed: {target}: {len(list((out / target).iterdir()))} inputs")

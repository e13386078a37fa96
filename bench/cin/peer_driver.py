"""Run the public peer validator (csc-validator-be-cin) on one CIN census file
through its Python API and write its verdicts as JSON.

Usage: python peer_driver.py FILE.xml OUT.json [RULESET]

Output: {"children": n, "seconds": {...phase timings...},
         "verdicts": [[rule, LAchildID], ...],   # distinct child-level pairs
         "la_rules": [rule, ...],                # LA-level / header rules that fired
         "rule_errors": ["Error with rule ...", ...]}
"""

import contextlib
import io
import json
import sys
import time
import xml.etree.ElementTree as ET


def main() -> None:
    path, out = sys.argv[1], sys.argv[2]
    ruleset = sys.argv[3] if len(sys.argv) > 3 else "cin2024_25"
    t0 = time.perf_counter()
    import importlib

    from cin_validator.cin_validator import CinValidator, convert_data, process_data

    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    t1 = time.perf_counter()
    root = ET.parse(path).getroot()
    t2 = time.perf_counter()
    tables = process_data(convert_data(root))
    t3 = time.perf_counter()
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        validator = CinValidator(tables, registry)
    t4 = time.perf_counter()

    issues = validator.full_issue_df
    pairs = set()
    if len(issues):
        for rule, child in zip(issues["rule_code"], issues["child_id"]):
            child = None if child is None or (isinstance(child, float) and child != child) else str(child)
            pairs.add((str(rule), child))
    la = sorted({str(r) for r in validator.multichild_issues["rule_code"]}) if len(validator.multichild_issues) else []
    errors = [line for line in captured.getvalue().splitlines() if line.startswith("Error with rule")]
    result = {
        "children": int(len(tables["ChildIdentifiers"])),
        "rules": len(registry),
        "seconds": {"import": t1 - t0, "parse_xml": t2 - t1, "to_tables": t3 - t2, "rules": t4 - t3, "total": t4 - t0},
        "verdicts": sorted(pairs, key=lambda p: (p[0], p[1] or "")),
        "la_rules": la,
        "rule_errors": errors,
    }
    with open(out, "w") as f:
        json.dump(result, f)
    print(f"peer: {result['children']} children, {len(pairs)} (rule, child) verdicts, LA rules {la}, "
          f"{len(errors)} rule crashes, {result['seconds']['total']:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()

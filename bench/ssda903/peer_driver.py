"""Run the public peer SSDA903 validator (csc-validator-be-903, module
lac_validator) on one return directory through its Python API, the way its
CLI's `run` command does, and write what it flagged as JSON.

Usage: python peer_driver.py RETURN_DIR OUT.json [COLLECTION_END_YEAR]

COLLECTION_END_YEAR is 2026 for 2025-26 (the default); the rule pack is
lac{Y-1}_{yy}. Every *.csv file in RETURN_DIR is uploaded as "This year".

Output: {"children": n, "seconds": {...}, "rules": n,
         "flags": [[rule, table, row, child], ...],   # row: 0-based data row
         "ran": [...], "skipped": [...], "crashed": [...]}
"""

import contextlib
import importlib
import io
import json
import logging
import os
import sys
import time


def main() -> None:
    src, out = sys.argv[1], sys.argv[2]
    end_year = int(sys.argv[3]) if len(sys.argv) > 3 else 2026
    ruleset = f"lac{end_year - 1}_{end_year % 100:02d}"
    t0 = time.perf_counter()
    logging.disable(logging.CRITICAL)  # the peer logs every rule at INFO
    from lac_validator import lac_validator
    from lac_validator.utils import process_uploaded_files

    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    t1 = time.perf_counter()
    files = sorted(os.path.join(src, f) for f in os.listdir(src) if f.endswith(".csv"))
    uploaded = process_uploaded_files({"This year": files})
    metadata = {"collectionYear": str(end_year), "localAuthority": "E09000027"}
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
        v = lac_validator.LacValidator(metadata=metadata, files=uploaded, registry=registry, selected_rules=None)
    t2 = time.perf_counter()

    flags = []
    for table, df in v.ds_results.items():
        if table == "metadata" or not hasattr(df, "columns"):
            continue
        errs = [c for c in df.columns if str(c).startswith("ERR_")]
        if not errs:
            continue
        child = df["CHILD"] if "CHILD" in df.columns else None
        for col in errs:
            hit = df[col] == True  # noqa: E712 (the column holds True or NaN)
            for pos in hit.to_numpy().nonzero()[0]:
                c = None if child is None else child.iloc[pos]
                c = None if c is None or (isinstance(c, float) and c != c) else str(c)
                flags.append([col[4:], table, int(pos), c])
    header = v.dfs.get("Header")
    result = {
        "children": int(len(header)) if header is not None else 0,
        "ruleset": ruleset,
        "rules": len(registry),
        "seconds": {"import": t1 - t0, "read_and_validate": t2 - t1, "total": t2 - t0},
        "flags": sorted(flags, key=lambda f: (f[0], f[1], f[2])),
        "ran": sorted(map(str, v.dones)),
        "skipped": sorted(map(str, v.skips)),
        "crashed": sorted(map(str, v.fails)),
    }
    with open(out, "w") as f:
        json.dump(result, f)
    print(f"peer: {result['children']} children, {len(flags)} flagged rows, {len(v.dones)} rules ran, "
          f"{len(v.skips)} skipped, {len(v.fails)} crashed, {result['seconds']['total']:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()

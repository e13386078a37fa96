"""Compare our SSDA903 verdicts with the peer's on one return.

Usage: python compare.py OURS.json PEER.json PARITY_TEST.rs RETURN_DIR [OUT.json]

OURS.json is `ssda903 DIR --format json`; PEER.json is peer_driver.py's output.
For every rule either side flagged, the flagged (table, row) pairs and the
flagged children are compared. A rule whose verdicts differ is put in one of
these classes:

* "peer defect": the rule is in PEER_DEFECTS of the parity test
  (tests/ssda903_parity.rs), where we follow the DfE wording and the peer
  does not, or the peer's rule crashed on this input;
* "peer defect (1 April start)": a rule built on "looked after continuously
  for 12 months at 31 March" where every child on which we differ started to
  be looked after on 1 April, the first day of the year. The peer counts only
  starts *after* 1 April as new (`DECOM > collection_start`), so to it such a
  child has been looked after for 12 months at 31 March; to us (and the DfE
  wording) the child has not. Found by this benchmark; not in the parity
  test, whose fake data has no such child;
* "peer defect" also covers BENCH_DEFECTS below, peer defects that only
  the generated returns bring out;
* "peer crashed": the peer's rule crashed and we flagged nothing, so there
  is no verdict to compare (left out of the counts);
* "not checked here": we do not run the rule (it needs the national postcode
  directory or Ofsted's provider lists), so only the peer can flag it;
* "unexplained": anything else, to be investigated.
"""

import json
import re
import sys
from collections import defaultdict


def peer_defects(parity_rs):
    text = open(parity_rs, encoding="utf-8").read()
    block = text.split("const PEER_DEFECTS", 1)[1].split("];", 1)[0]
    return dict(re.findall(r'\("([^"]+)",\s*"((?:[^"\\]|\\.)*)"\)', block))


# Peer defects this benchmark runs into that the parity test's fake data does
# not show (so they are not in its PEER_DEFECTS list).
BENCH_DEFECTS = {
    "633": "the peer's list of LA numbers predates the authorities created since 2021 (940 North and 941 West "
           "Northamptonshire, 942 Cumberland, 943 Westmorland and Furness), so a previous permanence order made by "
           "one of them is rejected",
}

# Rules that use the 12-months-continuously-looked-after cohort.
CLA_RULES = {"157", "185", "186", "187", "190", "191", "197B", "198", "543", "545", "546"}


def first_april_starters(return_dir, collection_start):
    """Children with an RNE S episode starting on the collection start (dd/mm/yyyy)."""
    kids = set()
    with open(f"{return_dir}/episodes.csv", encoding="utf-8-sig") as f:
        head = f.readline().strip().split(",")
        ci, di, ri = head.index("CHILD"), head.index("DECOM"), head.index("RNE")
        for line in f:
            v = line.rstrip("\n").split(",")
            if v[ri].strip().upper() == "S" and v[di].strip() == collection_start:
                kids.add(v[ci].strip())
    return kids


def main():
    ours = json.load(open(sys.argv[1]))
    peer = json.load(open(sys.argv[2]))
    defects = {**peer_defects(sys.argv[3]), **BENCH_DEFECTS}
    y, m, d = ours["collection_start"].split("-")
    april = first_april_starters(sys.argv[4], f"{d}/{m}/{y}")
    out_path = sys.argv[5] if len(sys.argv) > 5 else None

    o_rows, o_kids = defaultdict(set), defaultdict(set)
    for i in ours["issues"]:
        o_rows[i["rule"]].add((i["table"], i["row"]))
        o_kids[i["rule"]].add(i["child"])
    p_rows, p_kids = defaultdict(set), defaultdict(set)
    for rule, table, row, child in peer["flags"]:
        p_rows[rule].add((table, row))
        p_kids[rule].add(child)
    ours_run = set(ours["rules_run"])
    reference = {s["rule"] for s in ours["rules_skipped"] if "reference data" in s["reason"]}
    crashed = set(peer.get("crashed", []))

    rows = []
    for rule in sorted(set(o_rows) | set(p_rows) | (crashed & ours_run)):
        a, b = o_rows.get(rule, set()), p_rows.get(rule, set())
        ka, kb = o_kids.get(rule, set()), p_kids.get(rule, set())
        same = a == b
        if rule in crashed and not a:
            cls = "peer crashed"
        elif same:
            cls = "identical"
        elif rule in crashed:
            cls = "peer defect"
        elif rule in defects:
            cls = "peer defect"
        elif rule in CLA_RULES and (ka ^ kb) <= april:
            cls = "peer defect (1 April start)"
        elif rule in reference or (rule not in ours_run and rule in p_rows):
            cls = "not checked here"
        else:
            cls = "unexplained"
        rows.append({
            "rule": rule,
            "class": cls,
            "reason": defects.get(rule, "") or ("peer rule crashed on this input" if rule in crashed else "") or (
                "peer counts a child who started on 1 April as looked after for 12 months" if cls.endswith("(1 April start)") else ""),
            "ours_rows": len(a), "peer_rows": len(b), "both_rows": len(a & b),
            "ours_children": len(ka), "peer_children": len(kb), "both_children": len(ka & kb),
            "only_ours": sorted(ka - kb, key=str)[:5], "only_peer": sorted(kb - ka, key=str)[:5],
        })
    compared = [r for r in rows if r["class"] not in ("not checked here", "peer crashed")]
    identical = [r for r in compared if r["class"] == "identical"]
    both_ran = sorted((ours_run & set(peer.get("ran", []))) - crashed)
    summary = {
        "rules_both_ran": len(both_ran),
        "rules_flagged": len(compared),
        "rules_identical": len(identical),
        "rules_peer_defect": [r["rule"] for r in rows if r["class"].startswith("peer defect")],
        "rules_not_checked_here": [r["rule"] for r in rows if r["class"] == "not checked here"],
        "rules_unexplained": [r["rule"] for r in rows if r["class"] == "unexplained"],
        "pairs_ours": sum(r["ours_children"] for r in compared),
        "pairs_peer": sum(r["peer_children"] for r in compared),
        "pairs_both": sum(r["both_children"] for r in compared),
        "rows_ours": sum(r["ours_rows"] for r in compared),
        "rows_peer": sum(r["peer_rows"] for r in compared),
        "rows_both": sum(r["both_rows"] for r in compared),
        "peer_crashed": sorted(crashed),
    }
    print(f"{'rule':<10} {'class':<17} {'ours':>6} {'peer':>6} {'both':>6}   (rows; children ours/peer/both)")
    for r in rows:
        print(f"{r['rule']:<10} {r['class']:<17} {r['ours_rows']:>6} {r['peer_rows']:>6} {r['both_rows']:>6}   "
              f"{r['ours_children']}/{r['peer_children']}/{r['both_children']}"
              + (f"  e.g. ours {r['only_ours'][:3]} peer {r['only_peer'][:3]}" if r["class"] == "unexplained" else ""))
    print(f"{len(both_ran)} rules ran on both sides; of the {len(compared)} rules with a verdict that we check, "
          f"{len(identical)} identical; peer defects {summary['rules_peer_defect']}; "
          f"unexplained {summary['rules_unexplained']}")
    if out_path:
        with open(out_path, "w") as f:
            json.dump({"summary": summary, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()

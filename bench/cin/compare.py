"""Compare our (rule, LAchildID) verdicts with the peer's for one file.

Usage: python compare.py OURS.json PEER.json [OUT.json]

Prints a per-rule table (ours, peer, both, only ours, only peer) and, with
OUT.json, writes the same data plus example LAchildIDs of every difference.
LAchildIDs shared by several children (rule 8510) are reported separately:
the peer merges all records that share an ID into one child, so its other
verdicts for those IDs are not comparable.
"""

import json
import sys
from collections import defaultdict


def load(path):
    with open(path) as f:
        return json.load(f)


def main():
    ours, peer = load(sys.argv[1]), load(sys.argv[2])
    out_path = sys.argv[3] if len(sys.argv) > 3 else None
    shared = {c for r, c in ours["verdicts"] if r == "8510" and c}
    o = defaultdict(set)
    p = defaultdict(set)
    for r, c in ours["verdicts"]:
        o[r].add(c)
    for r, c in peer["verdicts"]:
        p[r].add(c)
    for r in peer.get("la_rules", []):
        p[r].add(None)
    rows = []
    for rule in sorted(set(o) | set(p), key=lambda r: (len(r.rstrip("Q")), r)):
        a = o.get(rule, set())
        b = p.get(rule, set())
        if rule != "8510":
            a_cmp = {c for c in a if c not in shared}
            b_cmp = {c for c in b if c not in shared}
        else:
            a_cmp, b_cmp = a, b
        rows.append({
            "rule": rule,
            "ours": len(a),
            "peer": len(b),
            "both": len(a_cmp & b_cmp),
            "only_ours": sorted(x or "(LA)" for x in a_cmp - b_cmp),
            "only_peer": sorted(x or "(LA)" for x in b_cmp - a_cmp),
            "shared_id_excluded": len((a | b) - a_cmp - b_cmp),
        })
    agree = sum(1 for r in rows if not r["only_ours"] and not r["only_peer"])
    print(f"{'rule':<7} {'ours':>6} {'peer':>6} {'both':>6} {'only ours':>9} {'only peer':>9}")
    for r in rows:
        print(f"{r['rule']:<7} {r['ours']:>6} {r['peer']:>6} {r['both']:>6} {len(r['only_ours']):>9} {len(r['only_peer']):>9}"
              + (f"  e.g. ours {r['only_ours'][:3]} peer {r['only_peer'][:3]}" if r['only_ours'] or r['only_peer'] else ""))
    print(f"{agree}/{len(rows)} rules with identical verdicts; shared LAchildIDs excluded: {len(shared)}")
    print(f"peer rule crashes: {peer.get('rule_errors', [])}")
    if out_path:
        with open(out_path, "w") as f:
            json.dump({"rows": rows, "shared_ids": sorted(shared), "peer_rule_errors": peer.get("rule_errors", [])}, f, indent=1)


if __name__ == "__main__":
    main()

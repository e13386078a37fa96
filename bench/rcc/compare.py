"""Compare our forecast with the peer's on the same input (bench/rcc/run.sh).

Usage: python compare.py OURS_DIR PEER_DIR OUT.json

Both directories hold population_projection_long.csv (date,bin,population,variance: one row per
projected day and state; "Not in care" states hold cumulative exits) and
forecast_costs_quarterly.csv (quarter, then one column per kind of placement). Writes OUT.json and
prints a one-line summary:

* the largest absolute difference in population over all dates and states (and where), and the
  same for the variance;
* children in care on the last projected day (every state but "Not in care") from each;
* the largest absolute difference in a quarter's cost for one kind of placement, and in a
  quarter's total.

A state or date on one side only is reported (and counted as a population of 0 on the other).
Standard library only, so it runs with any python3.
"""

import csv
import json
import sys
from collections import defaultdict


def read_population(path):
    pop, var = {}, {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            key = (row["date"], row["bin"])
            pop[key] = float(row["population"])
            var[key] = float(row["variance"])
    return pop, var


def read_quarters(path):
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            q = row.pop("quarter")
            out[q] = {k: float(v) if v not in ("", None) else 0.0 for k, v in row.items()}
    return out


def in_care_last(pop):
    last = max(d for d, _ in pop)
    return last, sum(v for (d, b), v in pop.items() if d == last and "Not in care" not in b)


def main():
    ours_dir, peer_dir, out_path = sys.argv[1:4]
    op, ov = read_population(f"{ours_dir}/population_projection_long.csv")
    pp, pv = read_population(f"{peer_dir}/population_projection_long.csv")
    keys = set(op) | set(pp)
    only_ours = sorted({b for d, b in set(op) - set(pp)})
    only_peer = sorted({b for d, b in set(pp) - set(op)})
    dates_ours = {d for d, _ in op}
    dates_peer = {d for d, _ in pp}

    worst = (0.0, None)
    worst_care = (0.0, None)
    worst_var = (0.0, None)
    worst_rel = 0.0
    for k in keys:
        a, b = op.get(k, 0.0), pp.get(k, 0.0)
        d = abs(a - b)
        if d > worst[0]:
            worst = (d, k)
        if "Not in care" not in k[1] and d > worst_care[0]:
            worst_care = (d, k)
        if max(abs(a), abs(b)) > 1e-9:
            worst_rel = max(worst_rel, d / max(abs(a), abs(b)))
        dv = abs(ov.get(k, 0.0) - pv.get(k, 0.0))
        if dv > worst_var[0]:
            worst_var = (dv, k)

    last_o, care_o = in_care_last(op)
    last_p, care_p = in_care_last(pp)

    oq = read_quarters(f"{ours_dir}/forecast_costs_quarterly.csv")
    pq = read_quarters(f"{peer_dir}/forecast_costs_quarterly.csv")
    worst_cost = (0.0, None)
    worst_total = (0.0, None)
    totals = {}
    for q in sorted(set(oq) | set(pq), key=lambda s: (s.split("-")[1], s)):
        o, p = oq.get(q, {}), pq.get(q, {})
        for item in set(o) | set(p):
            d = abs(o.get(item, 0.0) - p.get(item, 0.0))
            if d > worst_cost[0]:
                worst_cost = (d, (q, item))
        to, tp = sum(o.values()), sum(p.values())
        totals[q] = {"ours": round(to, 2), "peer": round(tp, 2), "difference": round(to - tp, 2)}
        if abs(to - tp) > worst_total[0]:
            worst_total = (abs(to - tp), q)

    result = {
        "states": len({b for _, b in keys}),
        "dates": len(dates_ours | dates_peer),
        "states_only_ours": only_ours,
        "states_only_peer": only_peer,
        "dates_only_ours": len(dates_ours - dates_peer),
        "dates_only_peer": len(dates_peer - dates_ours),
        "max_abs_population_difference": worst[0],
        "max_abs_population_difference_at": list(worst[1]) if worst[1] else None,
        "max_abs_population_difference_in_care": worst_care[0],
        "max_abs_population_difference_in_care_at": list(worst_care[1]) if worst_care[1] else None,
        "max_relative_population_difference": worst_rel,
        "max_abs_variance_difference": worst_var[0],
        "max_abs_variance_difference_at": list(worst_var[1]) if worst_var[1] else None,
        "last_date": last_o if last_o == last_p else [last_o, last_p],
        "children_in_care_end_ours": care_o,
        "children_in_care_end_peer": care_p,
        "quarters": len(set(oq) | set(pq)),
        "quarters_only_ours": sorted(set(oq) - set(pq)),
        "quarters_only_peer": sorted(set(pq) - set(oq)),
        "max_abs_quarter_item_cost_difference": worst_cost[0],
        "max_abs_quarter_item_cost_difference_at": list(worst_cost[1]) if worst_cost[1] else None,
        "max_abs_quarter_total_cost_difference": worst_total[0],
        "max_abs_quarter_total_cost_difference_at": worst_total[1],
        "quarter_totals": totals,
    }
    with open(out_path, "w") as f:
        json.dump(result, f, indent=1)
    print(f"states {result['states']}, dates {result['dates']}; max |population difference| {worst[0]:.3g}"
          f" (in care {worst_care[0]:.3g}, relative {worst_rel:.3g}); max |variance difference| {worst_var[0]:.3g}; "
          f"children in care on {last_o}: ours {care_o:.6f}, peer {care_p:.6f}; "
          f"max |quarter cost difference| {worst_cost[0]:.2f} per item, {worst_total[0]:.2f} per quarter"
          + (f"; states only ours {only_ours}" if only_ours else "")
          + (f"; states only peer {only_peer}" if only_peer else ""))


if __name__ == "__main__":
    main()

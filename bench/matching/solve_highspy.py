"""Solves a matching round's LP file (written by ff-matching-bench --lp) with the Python HiGHS
package, highspy, with the same options as ours, and prints one JSON line of figures."""

import json
import os
import sys
import time

import highspy

path, gap, time_limit = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
h = highspy.Highs()
h.setOptionValue("output_flag", False)
h.setOptionValue("threads", 1)
h.setOptionValue("time_limit", time_limit)
if gap > 0:
    h.setOptionValue("mip_rel_gap", gap)
else:
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)
t0 = time.perf_counter()
h.readModel(path)
# The same warm start as ours (ff-matching's Model::start): the columns at 1, one name a line.
start = path + ".start"
if os.path.exists(start):
    values = [0.0] * h.getNumCol()
    for name in open(start).read().split():
        status, index = h.getColByName(name)
        values[index] = 1.0
    sol = highspy.HighsSolution()
    sol.col_value = values
    sol.value_valid = True
    h.setSolution(sol)
t1 = time.perf_counter()
h.run()
t2 = time.perf_counter()
info = h.getInfo()
print(json.dumps({
    "solver": f"highspy {highspy.__version__ if hasattr(highspy, '__version__') else ''}".strip(),
    "status": h.modelStatusToString(h.getModelStatus()),
    "objective": info.objective_function_value,
    "bound": info.mip_dual_bound,
    "gap": info.mip_gap,
    "read_seconds": t1 - t0,
    "warm_start": os.path.exists(start),
    "solve_seconds": t2 - t1,
    "total_seconds": t2 - t0,
}))

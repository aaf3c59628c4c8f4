"""The native side of bench/lending-scale.ts: solves one lending MILP, written
by the bench as binary arrays, with scipy.optimize.milp (native HiGHS), and
prints one JSON line: status, objective, dual bound, gap and wall seconds.

    /usr/bin/python3 bench/lending_milp.py DIR TIME_LIMIT [REL_GAP]

DIR holds meta.json ({nCols, nRows, nnz}) and little-endian arrays:
cost.f64, collo.f64, colhi.f64, integer.u8, rowlo.f64, rowhi.f64,
starts.i32, index.i32, value.f64 (the constraint matrix by rows, CSR).
The model maximizes cost·x; milp minimizes, so the cost is negated.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix


def main():
    d, time_limit = sys.argv[1], float(sys.argv[2])
    rel_gap = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-4
    meta = json.load(open(f"{d}/meta.json"))
    read = lambda name, dt: np.fromfile(f"{d}/{name}", dtype=dt)
    n, m = meta["nCols"], meta["nRows"]
    a = csr_matrix((read("value.f64", "<f8"), read("index.i32", "<i4"), read("starts.i32", "<i4")), shape=(m, n))
    t0 = time.perf_counter()
    res = milp(
        -read("cost.f64", "<f8"),
        constraints=LinearConstraint(a, read("rowlo.f64", "<f8"), read("rowhi.f64", "<f8")),
        integrality=read("integer.u8", "u1").astype(np.int8),
        bounds=Bounds(read("collo.f64", "<f8"), read("colhi.f64", "<f8")),
        options={"time_limit": time_limit, "mip_rel_gap": rel_gap, "disp": False},
    )
    seconds = time.perf_counter() - t0
    objective = None if res.x is None else float(-res.fun)
    bound = getattr(res, "mip_dual_bound", None)
    bound = None if bound is None or not np.isfinite(bound) else float(-bound)
    gap = None if objective is None or bound is None else (bound - objective) / max(abs(objective), 1e-9)
    print(json.dumps({"status": int(res.status), "message": str(res.message), "objective": objective, "bound": bound, "gap": gap, "seconds": seconds}))


if __name__ == "__main__":
    main()

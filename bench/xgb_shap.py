#!/usr/bin/env python3
"""Time XGBoost's pred_contribs (exact path-dependent TreeSHAP) on a model and rows written by
bench/treeshap.ts, and print ONE JSON line on stdout.

Usage: xgb_shap.py MODEL.json ROWS.f32 N_FEATURES REPEATS NTHREAD OUT.f64
  ROWS.f32  row-major float32 LE, NaN = missing
  OUT.f64   XGBoost's contributions of the last run (rows x (features + 1), float64 LE)
Figures: median wall and CPU seconds of REPEATS predict(pred_contribs=True) calls (the
DMatrix is built once, outside the timing). Needs Debian's python3 with python3-xgboost.
"""
import json
import statistics
import sys
import time

import numpy as np
import xgboost as xgb


def main():
    model, rows_path, nf, repeats, nthread, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    X = np.fromfile(rows_path, dtype="<f4").reshape(-1, nf)
    bst = xgb.Booster()
    bst.load_model(model)
    bst.set_param({"nthread": nthread})
    d = xgb.DMatrix(X, missing=np.nan, nthread=nthread, feature_names=bst.feature_names)
    walls, cpus = [], []
    contribs = None
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        contribs = bst.predict(d, pred_contribs=True)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    contribs.astype("<f8").tofile(out)
    print(json.dumps({"xgboost": xgb.__version__, "rows": int(X.shape[0]), "wall_s": statistics.median(walls),
                      "cpu_s": statistics.median(cpus), "wall_all": walls}))


if __name__ == "__main__":
    main()

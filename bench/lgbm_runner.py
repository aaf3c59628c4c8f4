#!/usr/bin/env python3
"""Fit LightGBM on a dataset directory written by bench/io.ts (the rows and split
xgb_runner.py reads) and print ONE JSON line on stdout.

Usage:
  lgbm_runner.py --data bench/out/gmsc --num-round 100 --max-depth 6 --num-leaves 64 \
      --eta 0.1 --lambda 1 --max-bin 255 --nthread 1 --repeats 3 [--quantized] [--base-score P]

Settings: objective binary, num_leaves, max_depth, lambda_l2, min_data_in_leaf 1,
min_sum_hessian_in_leaf 1, no bagging or feature sampling, the given max_bin;
--quantized adds use_quantized_grad=True (LightGBM's defaults for the rest:
4 gradient bins, stochastic rounding, no leaf renewal). The training starts from
the training prior's log-odds (init_score), as the other runners do.

Figures (seconds, medians of --repeats fits, each a fresh Dataset and booster):
  fit_s                lgb.Dataset construction + lgb.train
  predict_rows_per_s   Booster.predict on the whole X (all rows)
  test_auc, test_logloss   on the test rows
  peak_rss_mib         ru_maxrss of this process (run one process per variant)

Exits with status 4 and a one-line message on stderr when lightgbm cannot be
imported by this interpreter (the caller reports LightGBM as missing).
"""
import argparse
import json
import math
import os
import platform
import resource
import statistics
import sys
import time


def log(msg):
    sys.stderr.write("[lgbm_runner] %s\n" % msg)
    sys.stderr.flush()


def rss_mib():
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024 * 1024) if sys.platform == "darwin" else r / 1024


def auc_of(y, p):
    """ROC AUC with tied scores given their average rank (this interpreter may lack scikit-learn)."""
    import numpy as np

    _, inverse, counts = np.unique(p, return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2.0)[inverse]
    n_pos = float(y.sum())
    n_neg = float(len(y) - n_pos)
    return float((ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def logloss_of(y, p):
    import numpy as np

    p = np.clip(p, 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--num-round", type=int, default=100)
    ap.add_argument("--max-depth", type=int, default=6)
    ap.add_argument("--num-leaves", type=int, default=64)
    ap.add_argument("--eta", type=float, default=0.1)
    ap.add_argument("--lambda", dest="lambda_", type=float, default=1.0)
    ap.add_argument("--max-bin", type=int, default=255)
    ap.add_argument("--nthread", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--base-score", type=float, default=None)
    ap.add_argument("--quantized", action="store_true", help="use_quantized_grad=True")
    a = ap.parse_args()
    try:
        import numpy as np
        import lightgbm as lgb
    except ImportError as e:
        sys.stderr.write("lgbm_runner.py: cannot import lightgbm with %s (%s)\n" % (sys.executable, e))
        sys.exit(4)

    with open(os.path.join(a.data, "meta.json")) as f:
        meta = json.load(f)
    n, d = int(meta["nRows"]), int(meta["nFeatures"])
    X = np.fromfile(os.path.join(a.data, "X.f32"), dtype="<f4").reshape(n, d)
    y = np.fromfile(os.path.join(a.data, "y.f64"), dtype="<f8")
    train = np.fromfile(os.path.join(a.data, "train.u32"), dtype="<u4").astype(np.int64)
    test = np.fromfile(os.path.join(a.data, "test.u32"), dtype="<u4").astype(np.int64)
    Xtr, ytr = np.ascontiguousarray(X[train]), y[train]
    Xte, yte = np.ascontiguousarray(X[test]), y[test]
    prior = float(np.mean(ytr)) if a.base_score is None else a.base_score
    margin = math.log(prior / (1 - prior))

    params = {
        "objective": "binary",
        "num_leaves": a.num_leaves,
        "max_depth": a.max_depth,
        "learning_rate": a.eta,
        "lambda_l2": a.lambda_,
        "lambda_l1": 0.0,
        "min_gain_to_split": 0.0,
        "min_data_in_leaf": 1,
        "min_sum_hessian_in_leaf": 1.0,
        "max_bin": a.max_bin,
        "bagging_fraction": 1.0,
        "feature_fraction": 1.0,
        "num_threads": a.nthread,
        "seed": a.seed,
        "verbose": -1,
    }
    if a.quantized:
        params["use_quantized_grad"] = True
    fit_s, fit_cpu_s = [], []
    bst = None
    for r in range(a.repeats):
        bst = None
        c0 = time.process_time()
        t0 = time.perf_counter()
        # init_score: start from the training prior's log-odds, as creditkit and XGBoost do.
        dtrain = lgb.Dataset(Xtr, label=ytr, init_score=np.full(len(ytr), margin), params={"max_bin": a.max_bin, "verbose": -1})
        bst = lgb.train(params, dtrain, num_boost_round=a.num_round)
        fit_s.append(time.perf_counter() - t0)
        fit_cpu_s.append(time.process_time() - c0)
        log("lightgbm%s fit %d/%d: %.3f s" % (" (quantized)" if a.quantized else "", r + 1, a.repeats, fit_s[-1]))
        del dtrain
    # With init_score, predictions must add the margin back (LightGBM does not store it).
    p_test = 1.0 / (1.0 + np.exp(-(bst.predict(Xte, raw_score=True, num_threads=a.nthread) + margin)))
    pred_s = []
    for r in range(a.repeats):
        t0 = time.perf_counter()
        raw = bst.predict(X, raw_score=True, num_threads=a.nthread)
        p_all = 1.0 / (1.0 + np.exp(-(raw + margin)))
        pred_s.append(time.perf_counter() - t0)
        del raw, p_all
    med = statistics.median(pred_s)
    out = {
        "library": "lightgbm",
        "version": lgb.__version__,
        "quantized": a.quantized,
        "python": platform.python_version(),
        "fit_s": statistics.median(fit_s),
        "fit_s_all": fit_s,
        "fit_cpu_s": statistics.median(fit_cpu_s),
        "test_auc": auc_of(yte, p_test),
        "test_logloss": logloss_of(yte, p_test),
        "n_trees": bst.num_trees(),
        "predict_rows": int(n),
        "predict_s": med,
        "predict_s_all": pred_s,
        "predict_rows_per_s": n / med,
        "peak_rss_mib": rss_mib(),
    }
    sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()

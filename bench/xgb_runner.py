#!/usr/bin/env python3
"""Fit XGBoost (and optionally scikit-learn's HistGradientBoostingClassifier) on a
dataset directory written by bench/io.ts, and print ONE JSON line on stdout.

The directory holds X.f32 (row-major float32 LE, NaN = missing), y.f64,
meta.json {nRows, nFeatures, names}, train.u32 and test.u32.

Usage (flags):
  xgb_runner.py --data bench/out/gmsc --num-round 100 --max-depth 6 --eta 0.1 \
      --lambda 1 --max-bin 256 --nthread 1 --repeats 3 [--base-score P] [--sklearn]
      [--save-pred PATH] [--no-predict-batch]
or with one JSON object (keys as the flags, with underscores):
  xgb_runner.py '{"data": "bench/out/gmsc", "num_round": 100, "nthread": 1}'

Figures (all times in seconds, medians of --repeats runs):
  fit_s        DMatrix construction + xgboost.train (the data arrive as a float
               matrix, as in creditkit's fit(Dataset)); a fresh DMatrix each run
  train_s      xgboost.train alone
  predict_rows_per_s   inplace_predict on the whole X (all rows)
  test_auc, test_logloss   on the test rows (sklearn roc_auc_score / log_loss)
  peak_rss_mib         resource.getrusage(RUSAGE_SELF).ru_maxrss of this process

Needs Debian's interpreter (/usr/bin/python3) with python3-xgboost and
python3-sklearn; if started from another interpreter that cannot import xgboost
it re-executes itself with /usr/bin/python3.
"""
import argparse
import functools
import json
import os
import platform
import resource
import statistics
import sys
import time

DEBIAN_PYTHON = "/usr/bin/python3"
INSTALL_HINT = "apt-get install -y python3-xgboost python3-sklearn"


def _import_or_reexec():
    try:
        import numpy  # noqa: F401
        import xgboost  # noqa: F401
        import sklearn  # noqa: F401
        return
    except ImportError as e:
        err = e
    if (
        os.path.exists(DEBIAN_PYTHON)
        and os.path.realpath(sys.executable) != os.path.realpath(DEBIAN_PYTHON)
        and os.environ.get("XGB_RUNNER_REEXEC") != "1"
    ):
        os.environ["XGB_RUNNER_REEXEC"] = "1"
        os.execv(DEBIAN_PYTHON, [DEBIAN_PYTHON] + sys.argv)
    sys.stderr.write(
        "xgb_runner.py: cannot import xgboost/scikit-learn (%s) with %s.\n"
        "Install them for Debian's interpreter: %s\n"
        "and run with %s.\n" % (err, sys.executable, INSTALL_HINT, DEBIAN_PYTHON)
    )
    sys.exit(3)


DEFAULTS = {
    "data": None,
    "num_round": 100,
    "max_depth": 6,
    "eta": 0.1,
    "lambda": 1.0,
    "max_bin": 256,
    "nthread": 1,
    "repeats": 3,
    "base_score": None,
    "seed": 0,
    "sklearn": False,
    "save_pred": None,
    "predict_batch": True,
    "skip_xgboost": False,
}


def parse_args(argv):
    if len(argv) == 1 and argv[0].lstrip().startswith("{"):
        given = json.loads(argv[0])
        unknown = set(given) - set(DEFAULTS)
        if unknown:
            raise SystemExit("xgb_runner.py: unknown keys %s" % sorted(unknown))
        opts = dict(DEFAULTS)
        opts.update(given)
    else:
        p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
        p.add_argument("--data", required=True, help="dataset directory written by bench/io.ts")
        p.add_argument("--num-round", type=int, default=DEFAULTS["num_round"])
        p.add_argument("--max-depth", type=int, default=DEFAULTS["max_depth"])
        p.add_argument("--eta", type=float, default=DEFAULTS["eta"])
        p.add_argument("--lambda", dest="lambda_", type=float, default=DEFAULTS["lambda"])
        p.add_argument("--max-bin", type=int, default=DEFAULTS["max_bin"])
        p.add_argument("--nthread", type=int, default=DEFAULTS["nthread"])
        p.add_argument("--repeats", type=int, default=DEFAULTS["repeats"])
        p.add_argument("--base-score", type=float, default=None, help="probability; default: training prior")
        p.add_argument("--seed", type=int, default=DEFAULTS["seed"])
        p.add_argument("--sklearn", action="store_true", help="also run HistGradientBoostingClassifier")
        p.add_argument("--skip-xgboost", action="store_true", help="only run scikit-learn (needs --sklearn)")
        p.add_argument("--save-pred", default=None, help="write XGBoost test probabilities (float64 LE) here")
        p.add_argument("--no-predict-batch", dest="predict_batch", action="store_false")
        a = p.parse_args(argv)
        opts = dict(DEFAULTS)
        opts.update(vars(a))
        opts["lambda"] = opts.pop("lambda_")
    if not opts["data"]:
        raise SystemExit("xgb_runner.py: --data is required")
    if opts["repeats"] < 1:
        raise SystemExit("xgb_runner.py: --repeats must be >= 1")
    return opts


def rss_mib():
    # ru_maxrss is KiB on Linux, bytes on macOS.
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024 * 1024) if sys.platform == "darwin" else r / 1024


def log(msg):
    sys.stderr.write("[xgb_runner] %s\n" % msg)
    sys.stderr.flush()


def load(data_dir):
    import numpy as np

    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)
    n, d = int(meta["nRows"]), int(meta["nFeatures"])
    X = np.fromfile(os.path.join(data_dir, "X.f32"), dtype="<f4")
    if X.size != n * d:
        raise SystemExit("X.f32 has %d values, meta.json says %d x %d" % (X.size, n, d))
    X = X.reshape(n, d)
    y = np.fromfile(os.path.join(data_dir, "y.f64"), dtype="<f8")
    if y.size != n:
        raise SystemExit("y.f64 has %d values, meta.json says %d rows" % (y.size, n))
    train = np.fromfile(os.path.join(data_dir, "train.u32"), dtype="<u4").astype(np.int64)
    test = np.fromfile(os.path.join(data_dir, "test.u32"), dtype="<u4").astype(np.int64)
    return meta, X, y, train, test


def metrics(y_true, p):
    import numpy as np
    from sklearn.metrics import log_loss, roc_auc_score

    p = np.clip(p, 1e-15, 1 - 1e-15)
    return float(roc_auc_score(y_true, p)), float(log_loss(y_true, p, labels=[0, 1]))


def run_xgboost(opts, X, y, train, test, base_score):
    import numpy as np
    import xgboost as xgb

    Xtr, ytr = np.ascontiguousarray(X[train]), y[train]
    Xte, yte = np.ascontiguousarray(X[test]), y[test]
    params = {
        "objective": "binary:logistic",
        "tree_method": "hist",
        "max_depth": opts["max_depth"],
        "eta": opts["eta"],
        "lambda": opts["lambda"],
        "alpha": 0.0,
        "gamma": 0.0,
        "min_child_weight": 1.0,
        "subsample": 1.0,
        "colsample_bytree": 1.0,
        "max_bin": opts["max_bin"],
        "nthread": opts["nthread"],
        "base_score": base_score,
        "seed": opts["seed"],
        "eval_metric": "auc",
        "verbosity": 0,
    }
    fit_s, train_s, fit_cpu_s = [], [], []
    bst = None
    for r in range(opts["repeats"]):
        bst = None
        c0 = time.process_time()
        t0 = time.perf_counter()
        dtrain = xgb.DMatrix(Xtr, label=ytr, missing=np.nan, nthread=opts["nthread"])
        t1 = time.perf_counter()
        bst = xgb.train(params, dtrain, num_boost_round=opts["num_round"])
        t2 = time.perf_counter()
        fit_cpu_s.append(time.process_time() - c0)
        fit_s.append(t2 - t0)
        train_s.append(t2 - t1)
        log("xgboost fit %d/%d: %.3f s (train %.3f s)" % (r + 1, opts["repeats"], t2 - t0, t2 - t1))
        del dtrain

    p_test = bst.inplace_predict(Xte, missing=np.nan).astype(np.float64)
    auc, ll = metrics(yte, p_test)
    if opts["save_pred"]:
        p_test.astype("<f8").tofile(opts["save_pred"])

    pred_s = []
    if opts["predict_batch"]:
        for r in range(opts["repeats"]):
            t0 = time.perf_counter()
            p_all = bst.inplace_predict(X, missing=np.nan)
            pred_s.append(time.perf_counter() - t0)
            del p_all
            log("xgboost predict %d/%d: %.3f s for %d rows" % (r + 1, opts["repeats"], pred_s[-1], X.shape[0]))

    n_leaves = sum(t.count("leaf=") for t in bst.get_dump())
    res = {
        "library": "xgboost",
        "version": xgb.__version__,
        "fit_s": statistics.median(fit_s),
        "fit_s_all": fit_s,
        "fit_cpu_s": statistics.median(fit_cpu_s),
        "train_s": statistics.median(train_s),
        "train_s_all": train_s,
        "test_auc": auc,
        "test_logloss": ll,
        "n_trees": bst.num_boosted_rounds(),
        "n_leaves": n_leaves,
    }
    if pred_s:
        med = statistics.median(pred_s)
        res.update(
            {
                "predict_rows": int(X.shape[0]),
                "predict_s": med,
                "predict_s_all": pred_s,
                "predict_rows_per_s": X.shape[0] / med,
            }
        )
    return res


def run_sklearn(opts, X, y, train, test):
    import numpy as np
    import sklearn
    from sklearn.ensemble import HistGradientBoostingClassifier

    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        threadpool_limits = None

    # XGBoost's min_child_weight=1 is sklearn's min_hessian_to_split (checked on each
    # child), which the estimator does not expose (the grower's default is 1e-3):
    # give the grower the value 1.0 that matches XGBoost.
    from sklearn.ensemble._hist_gradient_boosting import gradient_boosting as hgb_module
    from sklearn.ensemble._hist_gradient_boosting.grower import TreeGrower

    hgb_module.TreeGrower = functools.partial(TreeGrower, min_hessian_to_split=1.0)

    Xtr, ytr = np.ascontiguousarray(X[train]), y[train].astype(np.int64)
    Xte, yte = np.ascontiguousarray(X[test]), y[test]
    max_bins = min(255, opts["max_bin"])  # sklearn allows at most 255 (+1 missing bin)

    def make():
        # The XGBoost settings: depth-limited trees without a leaf cap, L2 on leaves,
        # min_child_weight 1 (sklearn checks min_hessian_to_split on each child),
        # no early stopping. sklearn starts from the training prior's log-odds.
        return HistGradientBoostingClassifier(
            loss="log_loss",
            learning_rate=opts["eta"],
            max_iter=opts["num_round"],
            max_depth=opts["max_depth"],
            max_leaf_nodes=None,
            min_samples_leaf=1,
            l2_regularization=opts["lambda"],
            max_bins=max_bins,
            early_stopping=False,
            random_state=opts["seed"],
        )

    def timed():
        fit_s = []
        model = None
        for r in range(opts["repeats"]):
            model = make()
            t0 = time.perf_counter()
            model.fit(Xtr, ytr)
            fit_s.append(time.perf_counter() - t0)
            log("sklearn fit %d/%d: %.3f s" % (r + 1, opts["repeats"], fit_s[-1]))
        p_test = model.predict_proba(Xte)[:, 1]
        pred_s = []
        if opts["predict_batch"]:
            for r in range(opts["repeats"]):
                t0 = time.perf_counter()
                model.predict_proba(X)
                pred_s.append(time.perf_counter() - t0)
        return model, fit_s, p_test, pred_s

    if threadpool_limits is not None:
        with threadpool_limits(limits=opts["nthread"]):
            model, fit_s, p_test, pred_s = timed()
    else:
        model, fit_s, p_test, pred_s = timed()
    auc, ll = metrics(yte, p_test)
    res = {
        "library": "sklearn-hgb",
        "version": sklearn.__version__,
        "max_bins": max_bins,
        "min_samples_leaf": 1,
        "min_hessian_to_split": 1.0,
        "fit_s": statistics.median(fit_s),
        "fit_s_all": fit_s,
        "test_auc": auc,
        "test_logloss": ll,
        "n_trees": int(model.n_iter_),
        "threads_limited": threadpool_limits is not None,
    }
    if pred_s:
        med = statistics.median(pred_s)
        res.update({"predict_s": med, "predict_s_all": pred_s, "predict_rows_per_s": X.shape[0] / med})
    return res


def main():
    opts = parse_args(sys.argv[1:])
    _import_or_reexec()
    import numpy as np

    meta, X, y, train, test = load(opts["data"])
    rss_loaded = rss_mib()
    prior = float(np.mean(y[train]))
    base_score = prior if opts["base_score"] is None else float(opts["base_score"])
    log(
        "data %s: %d rows x %d features, train %d, test %d, prior %.5f, base_score %.6f"
        % (opts["data"], X.shape[0], X.shape[1], train.size, test.size, prior, base_score)
    )

    out = {
        "data": opts["data"],
        "n_rows": int(X.shape[0]),
        "n_features": int(X.shape[1]),
        "n_train": int(train.size),
        "n_test": int(test.size),
        "train_prior": prior,
        "base_score": base_score,
        "params": {
            k: opts[k] for k in ("num_round", "max_depth", "eta", "lambda", "max_bin", "nthread", "repeats", "seed")
        },
        "python": platform.python_version(),
        "rss_after_load_mib": rss_loaded,
    }
    if not opts["skip_xgboost"]:
        out["xgboost"] = run_xgboost(opts, X, y, train, test, base_score)
        out["xgboost"]["peak_rss_mib"] = rss_mib()
    if opts["sklearn"]:
        out["sklearn"] = run_sklearn(opts, X, y, train, test)
    out["peak_rss_mib"] = rss_mib()
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The scikit-learn side of bench/zoo-trees.ts: fits DecisionTreeClassifier,
RandomForestClassifier and AdaBoostClassifier (SAMME) on a dataset directory
written by bench/io.ts and prints ONE JSON line: per model the fit time in
seconds (median of --repeats, 1 thread) and the test AUC.

scikit-learn 1.2 trees reject NaN, so missing values are replaced by -1 (below
every value of Give Me Some Credit's columns with missing values: a separate
value the trees can split off, the nearest thing to a learned direction).

Usage: zoo_trees_sklearn.py --data bench/out/gmsc-zoo --models '<json>' [--repeats 1]
where <json> maps a model label to {"kind": "tree"|"rf"|"adaboost", "params": {...}}
with scikit-learn parameter names. Needs Debian's python3-sklearn.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import AdaBoostClassifier, RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.tree import DecisionTreeClassifier

KINDS = {
    "tree": lambda p: DecisionTreeClassifier(random_state=0, **p),
    "rf": lambda p: RandomForestClassifier(random_state=0, n_jobs=1, **p),
    "adaboost": lambda p: AdaBoostClassifier(algorithm="SAMME", random_state=0, **p),
}


def load(d):
    with open(os.path.join(d, "meta.json")) as f:
        meta = json.load(f)
    n, k = meta["nRows"], meta["nFeatures"]
    X = np.fromfile(os.path.join(d, "X.f32"), dtype="<f4").reshape(n, k)
    y = np.fromfile(os.path.join(d, "y.f64"), dtype="<f8").astype(int)
    train = np.fromfile(os.path.join(d, "train.u32"), dtype="<u4")
    test = np.fromfile(os.path.join(d, "test.u32"), dtype="<u4")
    return np.where(np.isnan(X), -1.0, X), y, train, test


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--models", required=True)
    ap.add_argument("--repeats", type=int, default=1)
    a = ap.parse_args()
    X, y, train, test = load(a.data)
    out = {"sklearn": sklearn.__version__, "models": {}}
    for label, spec in json.loads(a.models).items():
        times, auc = [], None
        for _ in range(a.repeats):
            m = KINDS[spec["kind"]](spec["params"])
            t = time.perf_counter()
            m.fit(X[train], y[train])
            times.append(time.perf_counter() - t)
            auc = float(roc_auc_score(y[test], m.predict_proba(X[test])[:, 1]))
        out["models"][label] = {"fit_s": statistics.median(times), "test_auc": auc}
        sys.stderr.write("[zoo_trees_sklearn] %s: %.3f s, AUC %.4f\n" % (label, statistics.median(times), auc))
    print(json.dumps(out))


if __name__ == "__main__":
    main()

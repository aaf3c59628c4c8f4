#!/usr/bin/env python3
"""scikit-learn's counterparts of creditkit's non-tree baselines, for bench/baselines.ts.

Usage: sklearn_baselines.py '{"data": "german" | "gmsc", "repeats": 3}'
Prints ONE JSON line: [{model, fit_s (median), fit_s_all, test_auc}, ...].

Same rows and split as bench/baselines.ts (test = rows with index % 5 == 0; all 150,000 GMSC rows,
Id dropped), same preprocessing as creditkit's models (median imputation, standardization,
missing indicators, one-hot with unseen -> zeros; fitted inside the timed pipeline fit), and
scikit-learn's defaults otherwise:
  logistic  LogisticRegression(C=1, solver='newton-cholesky')
  svm       CalibratedClassifierCV(LinearSVC(C=1, tol=1e-3), method='sigmoid', cv=5, ensemble=False)
            (out-of-fold Platt scaling, then the SVM refitted on all rows: creditkit's scheme)
  mlp       MLPClassifier(hidden_layer_sizes=(32,), batch_size=64, early_stopping=True,
            random_state=0)  (scikit-learn stops on validation accuracy, creditkit on log loss)
Needs Debian's python3 with python3-sklearn.
"""
import importlib.util
import json
import os
import statistics
import sys
import time

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.impute import MissingIndicator, SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import LinearSVC

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    'generate_linear', os.path.join(HERE, '..', 'test', 'fixtures', 'sklearn', 'generate-linear.py'))
fixtures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixtures)


def pipeline(model, n_numeric, n_categorical, any_missing):
    numeric = [('scaled', Pipeline([('impute', SimpleImputer(strategy='median')), ('scale', StandardScaler())]))]
    if any_missing:
        numeric.append(('missing', MissingIndicator(features='missing-only')))
    parts = [('num', FeatureUnion(numeric), list(range(n_numeric)))]
    if n_categorical:
        parts.append(('cat', OneHotEncoder(handle_unknown='ignore'), list(range(n_numeric, n_numeric + n_categorical))))
    return Pipeline([('prep', ColumnTransformer(parts)), ('model', model)])


def main():
    args = json.loads(sys.argv[1])
    numeric, categorical, Xn, Xc, y = fixtures.load(args['data'], gmsc_rows=None)
    X = Xn.astype(object) if Xc is None else np.hstack([Xn.astype(object), Xc])
    idx = np.arange(len(y))
    train, test = idx[idx % 5 != 0], idx[idx % 5 == 0]
    any_missing = bool(np.isnan(Xn[train]).any())
    models = {
        'logistic': lambda: LogisticRegression(C=1.0, solver='newton-cholesky'),
        'svm': lambda: CalibratedClassifierCV(LinearSVC(C=1.0, tol=1e-3), method='sigmoid', cv=5, ensemble=False),
        'mlp': lambda: MLPClassifier(hidden_layer_sizes=(32,), batch_size=64, early_stopping=True, random_state=0),
    }
    out = []
    for name, make in models.items():
        times = []
        for _ in range(args.get('repeats', 1)):
            pipe = pipeline(make(), len(numeric), len(categorical), any_missing)
            t0 = time.perf_counter()
            pipe.fit(X[train], y[train])
            times.append(time.perf_counter() - t0)
        auc = roc_auc_score(y[test], pipe.predict_proba(X[test])[:, 1])
        out.append({'model': name, 'fit_s': statistics.median(times), 'fit_s_all': times, 'test_auc': float(auc)})
    print(json.dumps(out))


if __name__ == '__main__':
    import warnings
    warnings.filterwarnings('ignore')
    main()

#!/usr/bin/env python3
"""The peers of bench/train-memory.ts: pandas read_csv, then LightGBM or XGBoost,
on the same CSV with the same settings (100 trees, depth 6, 256 bins, learning
rate 0.1, one thread). Prints ONE JSON line: read_s (pandas.read_csv), fit_s
(the library's dataset construction + training), rows, features.

Usage: train_memory_peers.py {lightgbm|xgboost} CSV TARGET
LightGBM 4.7 is installed for the python3 on PATH (with pandas); XGBoost 1.7.4
for Debian's /usr/bin/python3 (with python3-pandas). Peak RSS is measured from
outside (/usr/bin/time -v) by the caller.
"""
import json
import sys
import time

import pandas as pd


def main() -> None:
    lib, csv, target = sys.argv[1], sys.argv[2], sys.argv[3]
    t0 = time.perf_counter()
    df = pd.read_csv(csv)
    read_s = time.perf_counter() - t0
    y = df.pop(target).to_numpy()
    t1 = time.perf_counter()
    if lib == 'lightgbm':
        import lightgbm as lgb
        params = {
            'objective': 'binary', 'learning_rate': 0.1, 'max_depth': 6, 'num_leaves': 63,
            'max_bin': 255, 'num_threads': 1, 'verbose': -1, 'deterministic': True,
        }
        ds = lgb.Dataset(df, label=y, params={'max_bin': 255})
        lgb.train(params, ds, num_boost_round=100)
    elif lib == 'xgboost':
        import xgboost as xgb
        dm = xgb.DMatrix(df, label=y, nthread=1)
        params = {
            'objective': 'binary:logistic', 'eta': 0.1, 'max_depth': 6, 'tree_method': 'hist',
            'max_bin': 256, 'nthread': 1,
        }
        xgb.train(params, dm, num_boost_round=100)
    else:
        raise SystemExit(f'unknown library {lib!r}')
    fit_s = time.perf_counter() - t1
    print(json.dumps({'read_s': read_s, 'fit_s': fit_s, 'rows': int(len(df)), 'features': int(df.shape[1])}))


if __name__ == '__main__':
    main()

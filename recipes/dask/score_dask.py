#!/usr/bin/env python3
"""
Score a creditkit model on a Dask cluster, through XGBoost.

A creditkit gradient-boosting model exported with

    creditkit convert --in model.json --out model.xgb.json --to xgboost

is an ordinary XGBoost JSON model. This script loads it into an xgboost.Booster,
reads a partitioned dataset with dask.dataframe (CSV partitions, e.g. 'parts/*.csv',
or Parquet partitions when pyarrow or fastparquet is installed), sends the model to
every worker of a dask.distributed cluster and predicts each partition there
(`map_partitions` with `Booster.predict`). The PDs are those `creditkit score`
writes for the same rows (the test in test/interop/dask.test.ts checks every row to
1e-6).

Cells are read as creditkit reads them: the same missing-value texts, spaces
trimmed, numbers rounded to float32 (XGBoost's DMatrix does that), and each
categorical feature encoded with the model's own dictionary (kept by the export in
the booster attribute `creditkit_categories`; a label the model never saw counts
as missing, as in creditkit).

Usage (Debian: apt-get install python3-dask python3-distributed python3-pandas
python3-xgboost; run with that interpreter):

    python3 recipes/dask/score_dask.py --model model.xgb.json --data 'parts/*.csv' \\
        --out pds.csv [--id COL] [--workers 2] [--scheduler tcp://host:8786]

Without --scheduler it starts a LocalCluster with --workers worker processes
(one thread each); with it, it connects to an existing cluster. The output has
the columns `id,pd` (with --id) or `row,pd` (1-based, in the order of the
partitions), like `creditkit score`.
"""
import argparse
import json
import sys

import numpy as np
import pandas as pd
import xgboost as xgb
import dask.dataframe as dd
from dask.distributed import Client, LocalCluster

# creditkit's missing-value texts (DEFAULT_NA_VALUES in src/data/csv.ts).
NA_VALUES = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL']
CATEGORIES_ATTRIBUTE = 'creditkit_categories'


def model_schema(model_bytes):
    """Feature names, XGBoost feature types and creditkit's category dictionaries."""
    booster = xgb.Booster()
    booster.load_model(bytearray(model_bytes))
    names = booster.feature_names
    if not names:
        sys.exit('the model has no feature names: export it from creditkit with "creditkit convert --to xgboost"')
    categories = json.loads(booster.attr(CATEGORIES_ATTRIBUTE) or '{}')
    return names, booster.feature_types, categories


def encode(part, names, categories):
    """A partition's feature columns as float32, categorical labels as the model's codes (NaN if unknown)."""
    X = np.empty((len(part), len(names)), dtype=np.float32)
    for j, name in enumerate(names):
        col = part[name]
        if name in categories:
            codes = {label: float(i) for i, label in enumerate(categories[name])}
            X[:, j] = col.astype('string').str.strip().map(codes).astype('float64').fillna(np.nan).to_numpy(dtype=np.float32, na_value=np.nan)
        else:
            values = pd.to_numeric(col.astype('string').str.strip(), errors='raise') if col.dtype == object else col
            X[:, j] = values.to_numpy(dtype=np.float64, na_value=np.nan)
    return X


def predict_partition(part, model_bytes, names, types, categories, id_column):
    """Runs on a worker: the partition's PDs (the booster is rebuilt from the broadcast bytes)."""
    booster = xgb.Booster(params={'nthread': 1})
    booster.load_model(bytearray(model_bytes))
    dmatrix = xgb.DMatrix(encode(part, names, categories), missing=np.nan, feature_names=names, feature_types=types)
    pd_values = booster.predict(dmatrix, validate_features=True).astype(np.float64)
    out = pd.DataFrame({'pd': pd_values}, index=part.index)
    if id_column is not None:
        out.insert(0, id_column, part[id_column].astype('string').str.strip().fillna('').to_numpy())
    return out


def read_partitions(path, names, categories, id_column):
    text_columns = set(categories) | ({id_column} if id_column else set())
    if path.endswith('.parquet') or path.endswith('/'):
        return dd.read_parquet(path)
    # Text columns stay text (no float coercion of ids or numeric-looking labels).
    dtype = {name: 'object' for name in text_columns}
    return dd.read_csv(path, dtype=dtype, keep_default_na=False, na_values=NA_VALUES, skipinitialspace=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--model', required=True, help='XGBoost JSON model (creditkit convert --to xgboost)')
    parser.add_argument('--data', required=True, help="partitions: a glob of CSV files ('parts/*.csv') or a Parquet folder")
    parser.add_argument('--out', required=True, help='output CSV: id (or row) and pd')
    parser.add_argument('--id', dest='id_column', help='copy this column into the output')
    parser.add_argument('--workers', type=int, default=2, help='LocalCluster worker processes (default 2)')
    parser.add_argument('--scheduler', help='address of an existing Dask scheduler instead of a LocalCluster')
    args = parser.parse_args(argv)

    with open(args.model, 'rb') as f:
        model_bytes = f.read()
    names, types, categories = model_schema(model_bytes)

    cluster = None if args.scheduler else LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(args.scheduler or cluster)
    try:
        ddf = read_partitions(args.data, names, categories, args.id_column)
        missing = [n for n in names + ([args.id_column] if args.id_column else []) if n not in ddf.columns]
        if missing:
            sys.exit(f'{args.data}: no column {missing[0]!r} (the model needs {", ".join(names)})')
        # Broadcast the model once; every partition task gets the same future.
        model_future = client.scatter(model_bytes, broadcast=True)
        meta = pd.DataFrame({**({args.id_column: pd.Series(dtype='object')} if args.id_column else {}), 'pd': pd.Series(dtype='float64')})
        scored = ddf.map_partitions(predict_partition, model_future, names, types, categories, args.id_column, meta=meta)
        result = scored.compute().reset_index(drop=True)
        workers = len(client.scheduler_info()['workers'])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    if args.id_column is None:
        result.insert(0, 'row', np.arange(1, len(result) + 1))
    # repr of a float64 is its shortest round-trip text, as creditkit prints PDs.
    with open(args.out, 'w', newline='') as f:
        f.write(','.join(result.columns) + '\n')
        for row in result.itertuples(index=False):
            f.write(f'{row[0]},{float(row[1])!r}\n')
    print(f'scored {len(result)} rows in {ddf.npartitions} partitions on {workers} Dask workers, wrote {args.out}')


if __name__ == '__main__':
    main()

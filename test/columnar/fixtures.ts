// Paths of the Arrow and Parquet fixtures (test/fixtures/columnar/, written by pyarrow
// through scripts/fixtures/columnar.py). Not a test file itself.
import { fileURLToPath } from 'node:url';

export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/columnar/${name}`, import.meta.url));

/** The same 60 loan rows in every format pyarrow writes (loans.csv is the text twin). */
export const LOANS_FORMATS = ['loans-snappy.parquet', 'loans-zstd.parquet', 'loans-gzip.parquet', 'loans.arrow', 'loans.feather', 'loans-lz4.feather', 'loans-zstd.feather', 'loans.arrows'] as const;

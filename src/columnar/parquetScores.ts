import type { Writable } from 'node:stream';
import type { ScoredBlock, ScoreSink } from '../stream/scoreStream.js';
import { importOptional } from '../optionalPackage.js';

/**
 * Scores written as Parquet (hyparquet-writer, snappy): the columns `row`
 * (INT64, 1-based) or the id column (STRING, as read), and `pd` (DOUBLE, the
 * same values the CSV output prints). Blocks are gathered into row groups of
 * `rowGroupRows` and each group is written to `output` as soon as it is full,
 * so memory holds one row group whatever the input's size.
 */
export async function parquetScoreSink(output: Writable, idColumn?: string, rowGroupRows = 100_000): Promise<ScoreSink> {
  const { ByteWriter, ParquetWriter } = await importOptional('hyparquet-writer', () => import('hyparquet-writer'));
  const bytes = new ByteWriter();
  const idName = idColumn ?? 'row';
  const schema = [
    { name: 'root', num_children: 2 },
    idColumn === undefined
      ? { name: idName, type: 'INT64' as const, repetition_type: 'REQUIRED' as const }
      : { name: idName, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, logical_type: { type: 'STRING' as const }, repetition_type: 'REQUIRED' as const },
    { name: 'pd', type: 'DOUBLE' as const, repetition_type: 'REQUIRED' as const },
  ];
  const writer = new ParquetWriter({ writer: bytes, schema, codec: 'SNAPPY' });
  let pending: ScoredBlock[] = [];
  let pendingRows = 0;

  /** Writes what the encoder produced so far to the output (backpressure: waits for 'drain'). */
  const drain = async (): Promise<void> => {
    if (bytes.index === 0) return;
    const chunk = bytes.getBytes().slice();
    bytes.index = 0;
    await new Promise<void>((resolve, reject) => {
      const ok = output.write(chunk, (e) => (e ? reject(e) : ok ? resolve() : undefined));
      if (!ok) output.once('drain', resolve);
    });
  };

  const flushGroup = async (): Promise<void> => {
    if (pendingRows === 0) return;
    const ids = idColumn === undefined ? new BigInt64Array(pendingRows) : new Array<string>(pendingRows);
    const pd = new Float64Array(pendingRows);
    let at = 0;
    for (const b of pending) {
      pd.set(b.pd, at);
      for (let i = 0; i < b.pd.length; i++) {
        if (ids instanceof BigInt64Array) ids[at + i] = BigInt(b.firstRow + i + 1);
        else ids[at + i] = b.ids![i];
      }
      at += b.pd.length;
    }
    pending = [];
    pendingRows = 0;
    await writer.write({ columnData: [{ name: idName, data: ids }, { name: 'pd', data: pd }], rowGroupSize: at });
    await drain();
  };

  return {
    async write(block) {
      pending.push(block);
      pendingRows += block.pd.length;
      if (pendingRows >= rowGroupRows) await flushGroup();
    },
    async end() {
      await flushGroup();
      await writer.finish();
      await drain();
      await new Promise<void>((resolve) => output.end(resolve));
    },
    async fail() {},
  };
}

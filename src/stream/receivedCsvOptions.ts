import type { CsvOptions } from '../data/csv.js';

/**
 * CSV options as a worker receives them in a message. Structured cloning gives
 * the option records a prototype: a column named "constructor" must stay an own
 * key only, as it is in the caller's records.
 */
export function receivedCsvOptions(csv: CsvOptions): CsvOptions {
  return { ...csv, types: noPrototype(csv.types), categories: noPrototype(csv.categories) };
}

function noPrototype<T>(record: Readonly<Record<string, T>> | undefined): Record<string, T> | undefined {
  return record === undefined ? undefined : Object.assign(Object.create(null) as Record<string, T>, record);
}

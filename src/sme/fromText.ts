import { parseCsv } from '../data/csv.js';
import { enterprisesFromDataset, invoiceCsvOptions, invoicesFromDataset, type SmeTables } from './invoices.js';

/** The CSV texts of one set of CUMCM-layout tables, with optional file names for error messages. */
export interface SmeCsvTexts {
  enterprises: string;
  input: string;
  output: string;
  files?: { enterprises?: string; input?: string; output?: string };
}

/**
 * One set of SME tables from CSV text: what `loadSmeTables` reads from disk,
 * for hosts without a file system (a browser fetches and gunzips the files
 * and passes the text here). The tables are read exactly as from files.
 */
export function smeTablesFromCsv(texts: SmeCsvTexts): SmeTables {
  const files = texts.files ?? {};
  const read = (direction: 'input' | 'output', text: string, file?: string) =>
    invoicesFromDataset(parseCsv(text, { ...invoiceCsvOptions(direction), ...(file ? { file } : {}) }), direction, file);
  return {
    enterprises: enterprisesFromDataset(parseCsv(texts.enterprises, files.enterprises ? { file: files.enterprises } : {}), files.enterprises),
    input: read('input', texts.input, files.input),
    output: read('output', texts.output, files.output),
  };
}

import type { CliIO } from './args.js';

/** Prints what loading a model file changed (an XGBoost model's trees after best_iteration) on stderr. */
export function printModelNotices(io: CliIO, file: string): { onNotice: (message: string) => void } {
  return { onNotice: (message) => io.err(`creditkit: note: ${file}: ${message}\n`) };
}

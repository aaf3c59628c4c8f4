import type { HighsProgress } from './highsRun.js';
import type { MilpResult } from './solver.js';

/** What the HiGHS worker posts back for one solve. */
export type HighsWorkerReply =
  | { type: 'progress'; progress: HighsProgress }
  | { type: 'done'; result: MilpResult }
  | { type: 'failed'; message: string; memoryBytes: number };

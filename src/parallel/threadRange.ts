import type { IntegerRange } from '../integerRange.js';

/**
 * Worker threads one call may start (training `nthreads`, scoring `threads`):
 * each holds its own wasm instance and a copy of the model, so the count is
 * bounded, whatever the machine.
 */
export const THREAD_RANGE: IntegerRange = { min: 1, max: 256 };

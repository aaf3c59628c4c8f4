/**
 * The javascript-lp-solver worker (a worker thread started by `jslpSolver`
 * in Node): solves the model it is given as `workerData` and posts the
 * `JslpResult`; an error (e.g. the solver cannot be loaded) reaches the
 * caller as the worker's 'error' event. The caller terminates it at the
 * deadline.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type JslpModel, loadJslp } from './jslpApi.js';

if (parentPort) parentPort.postMessage((await loadJslp()).Solve(workerData as JslpModel));

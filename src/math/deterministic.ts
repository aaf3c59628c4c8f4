/**
 * Elementary functions that return the same bits in Node, Deno and browsers.
 *
 * ECMAScript leaves Math.exp, log, log1p, log10, cos, ... (and `**`)
 * "implementation-approximated": V8 versions differ in the last bit on some
 * inputs, so a model trained or scored with them is not bit-identical across
 * runtimes. These call AssemblyScript's Math compiled into creditkit.wasm
 * (assembly/elementary.ts), built from IEEE-754 basic operations, which every
 * engine rounds the same way. They are within 1 ulp of Math.* (tested).
 * Basic operations and Math.sqrt, which are exactly rounded, need no wrapper.
 *
 * Every computation that reaches a model's bytes or its predictions uses
 * these, never Math.exp & co.
 */
import { getRuntime } from '../wasm/load.js';

/** e^x. */
export function exp(x: number): number {
  return getRuntime().kernels.mathExp(x);
}

/** The natural logarithm. */
export function log(x: number): number {
  return getRuntime().kernels.mathLog(x);
}

/** log(1 + x), accurate for small x. */
export function log1p(x: number): number {
  return getRuntime().kernels.mathLog1p(x);
}

/** The base-10 logarithm. */
export function log10(x: number): number {
  return getRuntime().kernels.mathLog10(x);
}

/** The cosine of x radians. */
export function cos(x: number): number {
  return getRuntime().kernels.mathCos(x);
}

/** The logistic function 1 / (1 + e^-z): the same expression as the wasm kernels' sigmoid, so the same bits. */
export function sigmoid(z: number): number {
  return 1 / (1 + exp(-z));
}

/** log(1 + e^z) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

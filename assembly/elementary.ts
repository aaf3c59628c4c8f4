// Elementary functions for the TypeScript side (src/math/deterministic.ts).
//
// JavaScript's Math.exp, log, cos, ... are not specified to the bit: V8
// versions (Node, Deno, Chromium) differ in the last bit on some inputs.
// AssemblyScript's Math is its own implementation compiled into this module
// from IEEE-754 basic operations and bit manipulation only, so these return
// the same bits in every engine (and the same as the kernels' own Math,
// e.g. predict.ts's sigmoid).

export function mathExp(x: f64): f64 {
  return Math.exp(x);
}

export function mathLog(x: f64): f64 {
  return Math.log(x);
}

export function mathLog1p(x: f64): f64 {
  return Math.log1p(x);
}

export function mathCos(x: f64): f64 {
  return Math.cos(x);
}

export function mathLog10(x: f64): f64 {
  return Math.log10(x);
}

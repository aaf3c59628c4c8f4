import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cos, exp, log, log10, log1p, sigmoid, softplus } from '../../src/math/deterministic.js';
import { Random } from '../../src/random.js';
import { init } from '../../src/wasm/load.js';

beforeAll(() => init());

const view = new DataView(new ArrayBuffer(8));

/** The position of a double in the ordered sequence of all doubles (so ulps apart = difference of positions). */
function ordinal(x: number): bigint {
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}

function ulpsApart(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

/** A double with uniformly random bits in the given exponent range (so every binade is sampled alike). */
function randomDouble(rng: Random, minExp: number, maxExp: number, signed: boolean): number {
  const e = minExp + rng.int(maxExp - minExp + 1);
  const mantissa = 1 + (rng.nextU32() * 2 ** 20 + (rng.nextU32() >>> 12)) / 2 ** 52;
  const v = mantissa * 2 ** e;
  return signed && rng.next() < 0.5 ? -v : v;
}

const SAMPLE = 200_000;

/** The largest ulp distance from Math.fn over the inputs, and how many inputs differ at all. */
function compare(fn: (x: number) => number, reference: (x: number) => number, inputs: Float64Array): { worst: number; differing: number } {
  let worst = 0;
  let differing = 0;
  for (const x of inputs) {
    const u = ulpsApart(fn(x), reference(x));
    if (u > 0) differing++;
    if (u > worst) worst = u;
  }
  return { worst, differing };
}

describe('deterministic elementary functions', () => {
  it('stay within 1 ulp of Math.* on large seeded samples', () => {
    const rng = new Random(20260914);
    const sample = (draw: () => number) => Float64Array.from({ length: SAMPLE }, draw);
    const cases: [string, (x: number) => number, (x: number) => number, Float64Array][] = [
      ['exp on [-745, 709.7]', exp, Math.exp, sample(() => -745 + rng.next() * 1454.7)],
      ['exp on [-40, 40]', exp, Math.exp, sample(() => -40 + rng.next() * 80)],
      ['exp near 0', exp, Math.exp, sample(() => randomDouble(rng, -60, -1, true))],
      ['log over all binades, subnormals included', log, Math.log, sample(() => randomDouble(rng, -1074, 1023, false))],
      ['log near 1', log, Math.log, sample(() => 1 + (rng.next() - 0.5) / 64)],
      ['log1p on (-1, 1e6)', log1p, Math.log1p, sample(() => -1 + rng.next() * 1e6)],
      ['log1p of small values', log1p, Math.log1p, sample(() => randomDouble(rng, -80, -1, true))],
      ['log10 over all binades', log10, Math.log10, sample(() => randomDouble(rng, -1074, 1023, false))],
      ['cos on [-50, 50]', cos, Math.cos, sample(() => -50 + rng.next() * 100)],
      ['cos up to 2^20', cos, Math.cos, sample(() => randomDouble(rng, -30, 19, true))],
    ];
    const report = cases.map(([name, fn, ref, inputs]) => ({ name, ...compare(fn, ref, inputs) }));
    console.info(report.map((r) => `${r.name}: ${r.differing} of ${SAMPLE} differ, worst ${r.worst} ulp`).join('\n'));
    for (const r of report) expect(r.worst, r.name).toBeLessThanOrEqual(1);
  });

  it('stay within 2 ulps of Math.cos beyond 2^20, where the argument reduction changes method', () => {
    // Measured against 3,000-bit references: V8 is exact there, AssemblyScript's reduction of
    // arguments beyond 2^20 (Payne–Hanek) up to 2 ulps off. Random Fourier features see such
    // arguments only for inputs millions of standard deviations out.
    const rng = new Random(7);
    const inputs = Float64Array.from({ length: SAMPLE }, () => randomDouble(rng, 20, 1023, true));
    expect(compare(cos, Math.cos, inputs).worst).toBeLessThanOrEqual(2);
  });

  it('give the exact values IEEE-754 and the limits call for', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(710)).toBe(Infinity);
    expect(exp(-746)).toBe(0);
    expect(exp(-745)).toBe(5e-324);
    expect(log(1)).toBe(0);
    expect(log(0)).toBe(-Infinity);
    expect(log(Infinity)).toBe(Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(2)).toBe(Math.LN2);
    expect(log10(1000)).toBe(3);
    expect(log1p(-1)).toBe(-Infinity);
    expect(log1p(0)).toBe(0);
    expect(log1p(1e-300)).toBe(1e-300);
    expect(cos(0)).toBe(1);
    for (const f of [exp, log, log1p, log10, cos]) expect(f(NaN)).toBeNaN();
  });

  it('compose the logistic function and softplus without overflow', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
    expect(softplus(0)).toBe(Math.LN2);
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
    expect(Math.abs(softplus(3) - Math.log(1 + Math.exp(3)))).toBeLessThan(1e-15);
  });
});

// Code whose results reach a model's bytes, its predictions or its inputs.
const MODEL_MATH_DIRS = ['models', 'math', 'scorecard', 'selection', 'sme', 'explain', 'interop', 'parallel', 'data', 'stream', 'io', 'wasm'];
const MODEL_MATH_FILES = ['random.ts'];
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('model code', () => {
  it("uses no engine-dependent Math function and no ** but powers of two (they differ in the last bit between engines)", () => {
    const files = [...MODEL_MATH_DIRS.flatMap((d) => sourceFiles(join(SRC, d))), ...MODEL_MATH_FILES.map((f) => join(SRC, f))];
    const offending: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '').replace(/^\s*(\/\*\*|\*).*$/, '');
        const fn = /\bMath\.(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|hypot|cbrt)\b/.test(code);
        const pow = /(?<!\b2 )\*\*/.test(code);
        if (fn || pow) offending.push(`${file.slice(SRC.length)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offending).toEqual([]);
  });
});

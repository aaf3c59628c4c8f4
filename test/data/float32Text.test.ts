import { describe, expect, it } from 'vitest';
import { float32Text } from '../../src/data/float32Text.js';

describe('float32Text', () => {
  it('prints a float32 value as the shortest decimal that reads back as the same float32', () => {
    expect(float32Text(Math.fround(17.27))).toBe('17.27');
    expect(String(Math.fround(17.27))).toBe('17.270000457763672'); // what widening prints
    expect(float32Text(Math.fround(6.97))).toBe('6.97');
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Math.fround(-1234.5678))).toBe('-1234.5677');
    expect(float32Text(Math.fround(3.4e38))).toBe('3.4e+38');
    expect(float32Text(Math.fround(1e-40))).toBe('1e-40');
  });

  it('round-trips every value it prints', () => {
    for (let k = 1; k < 2000; k++) {
      const v = Math.fround(Math.sin(k) * 10 ** ((k % 13) - 6));
      const text = float32Text(v);
      expect(Math.fround(Number(text))).toBe(v);
      expect(text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length).toBeLessThanOrEqual(9);
    }
  });

  it('prints integers, infinities and NaN as JavaScript does', () => {
    expect(float32Text(3)).toBe('3');
    expect(float32Text(-0)).toBe('0');
    expect(float32Text(Infinity)).toBe('Infinity');
    expect(float32Text(NaN)).toBe('NaN');
  });
});

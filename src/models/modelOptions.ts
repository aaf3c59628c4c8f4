import { CreditkitError } from '../errors.js';

/**
 * User options over the defaults: unknown keys are E_OPTION errors listing
 * the known ones; `undefined` values keep the default.
 */
export function mergeOptions<T extends object>(model: string, defaults: Readonly<T>, user: Partial<T> | Record<string, unknown>): T {
  if (typeof user !== 'object' || user === null || Array.isArray(user)) {
    throw new CreditkitError('E_OPTION', `${model} options must be an object`);
  }
  for (const key of Object.keys(user)) {
    if (!Object.hasOwn(defaults, key)) {
      throw new CreditkitError('E_OPTION', `unknown ${model} option "${key}" (known: ${Object.keys(defaults).join(', ')})`);
    }
  }
  const set = Object.fromEntries(Object.entries(user).filter(([, v]) => v !== undefined));
  return { ...defaults, ...set } as T;
}

/** Throws the E_OPTION error for an option that breaks its rule. */
export function badOption(key: string, rule: string, value: unknown): never {
  throw new CreditkitError('E_OPTION', `${key} must be ${rule}, got ${JSON.stringify(value)}`);
}

export function checkPositive(key: string, v: unknown): void {
  if (typeof v !== 'number' || !(v > 0 && Number.isFinite(v))) badOption(key, 'a finite number > 0', v);
}

export function checkNonNegative(key: string, v: unknown): void {
  if (typeof v !== 'number' || !(v >= 0 && Number.isFinite(v))) badOption(key, 'a finite number >= 0', v);
}

export function checkInteger(key: string, v: unknown, lo: number, hi = Number.MAX_SAFE_INTEGER): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    badOption(key, hi === Number.MAX_SAFE_INTEGER ? `an integer >= ${lo}` : `an integer in ${lo}..${hi}`, v);
  }
}

export function checkOneOf(key: string, v: unknown, allowed: readonly unknown[]): void {
  if (!allowed.includes(v)) badOption(key, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, v);
}

export function checkBoolean(key: string, v: unknown): void {
  if (typeof v !== 'boolean') badOption(key, 'true or false', v);
}

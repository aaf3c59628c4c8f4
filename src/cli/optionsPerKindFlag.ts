import { CreditkitError } from '../core.js';

/**
 * Options per model kind given as one JSON flag (`{"svm":{"kernel":"rbf"}}`);
 * undefined when the flag is absent, E_USAGE naming the flag when it is not
 * a JSON object of objects.
 */
export function modelOptionsFlag(values: Record<string, unknown>, flag: string): Record<string, Record<string, unknown>> | undefined {
  const text = values[flag];
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(text));
  } catch (e) {
    throw new CreditkitError('E_USAGE', `--${flag} is not valid JSON: ${(e as Error).message}`);
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(parsed) || !Object.values(parsed).every(isObject)) {
    throw new CreditkitError('E_USAGE', `--${flag} must be a JSON object of objects, e.g. {"svm":{"kernel":"rbf"}}`);
  }
  return parsed as Record<string, Record<string, unknown>>;
}

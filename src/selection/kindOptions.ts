import { CreditkitError } from '../errors.js';
import { MODEL_KINDS } from '../models/factory.js';

/**
 * The options a model kind is built with in a comparison: the user's, plus
 * the comparison's `seed` when the kind's option table has a `seed` option and
 * the user gave none. Kinds without randomness (logistic regression) get no
 * seed, which their option table would reject as unknown.
 */
export function kindOptions(kind: string, options: Readonly<Record<string, unknown>> = {}, seed?: number): Record<string, unknown> {
  const entry = Object.prototype.hasOwnProperty.call(MODEL_KINDS, kind) ? MODEL_KINDS[kind] : undefined;
  if (!entry) throw new CreditkitError('E_OPTION', `unknown model ${JSON.stringify(kind)} (known: ${Object.keys(MODEL_KINDS).join(', ')})`);
  const out = { ...options };
  if (seed !== undefined && out.seed === undefined && entry.optionTable && Object.hasOwn(entry.optionTable.options, 'seed')) out.seed = seed;
  return out;
}

import { CreditkitError, MODEL_KINDS } from '../core.js';

/** The `--model` kind (default gbdt); E_USAGE listing the known kinds when it is not one. */
export function modelKindFlag(values: Record<string, unknown>): string {
  const kind = typeof values.model === 'string' ? values.model : 'gbdt';
  if (!Object.prototype.hasOwnProperty.call(MODEL_KINDS, kind)) {
    throw new CreditkitError('E_USAGE', `unknown --model "${kind}" (known: ${Object.keys(MODEL_KINDS).join(', ')})`);
  }
  return kind;
}

import { CreditkitError, MODEL_KINDS } from '../core.js';

/** The `--kind` of model (default gbdt); E_USAGE listing the known kinds when it is not one. */
export function modelKindFlag(values: Record<string, unknown>): string {
  const kind = typeof values.kind === 'string' ? values.kind : 'gbdt';
  if (!Object.prototype.hasOwnProperty.call(MODEL_KINDS, kind)) {
    throw new CreditkitError('E_USAGE', `unknown --kind "${kind}" (known: ${Object.keys(MODEL_KINDS).join(', ')})`);
  }
  return kind;
}

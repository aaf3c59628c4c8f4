import { CreditkitError } from '../errors.js';
import { importOptional } from '../optionalPackage.js';

/** javascript-lp-solver's model and result, as far as creditkit uses them. */
export interface JslpModel {
  optimize: string;
  opType: 'max' | 'min';
  constraints: Record<string, { min?: number; max?: number }>;
  variables: Record<string, Record<string, number>>;
  binaries?: Record<string, 1>;
  options?: { timeout?: number; tolerance?: number };
}

export interface JslpResult {
  feasible: boolean;
  result: number;
  bounded?: boolean;
  isIntegral?: boolean;
  [name: string]: number | boolean | undefined;
}

export interface JslpApi {
  Solve(model: JslpModel): JslpResult;
}

let loading: Promise<JslpApi> | undefined;

/** The solver's API, loaded once (it is an optional dependency of the lending layer). */
export function loadJslp(): Promise<JslpApi> {
  loading ??= (async () => {
    try {
      const mod = (await importOptional('javascript-lp-solver', () => import('javascript-lp-solver'))) as unknown as { default: JslpApi | { default: JslpApi } };
      const api = 'Solve' in mod.default ? mod.default : mod.default.default;
      return api;
    } catch (e) {
      loading = undefined;
      if (e instanceof CreditkitError) throw e;
      throw new CreditkitError('E_SOLVER', `could not load javascript-lp-solver: ${(e as Error).message}`);
    }
  })();
  return loading;
}

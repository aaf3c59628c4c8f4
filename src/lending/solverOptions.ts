import { isJsonObject } from '../jsonObject.js';
import { CreditkitError } from '../errors.js';

/** One HiGHS setting creditkit passes through: its type and the values it takes. */
export interface HighsOptionSpec {
  type: 'boolean' | 'integer' | 'double' | 'string';
  min?: number;
  max?: number;
  choices?: readonly string[];
  doc: string;
}

/**
 * The HiGHS settings `solverOptions` (`--solver-option k=v`) may set, with
 * HiGHS's own types and ranges. The time limit and the gap have their own
 * options; output and threading settings are left out (the wasm build runs
 * one thread, and HiGHS's log would corrupt the CLI's output).
 */
export const HIGHS_OPTIONS: Readonly<Record<string, HighsOptionSpec>> = {
  presolve: { type: 'string', choices: ['choose', 'on', 'off'], doc: 'presolve before the MIP search' },
  solver: { type: 'string', choices: ['choose', 'simplex', 'ipm'], doc: 'LP solver for the relaxations' },
  mip_allow_restart: { type: 'boolean', doc: 'restart the MIP search after root reductions (creditkit default false)' },
  mip_detect_symmetry: { type: 'boolean', doc: 'detect and use symmetry' },
  mip_heuristic_effort: { type: 'double', min: 0, max: 1, doc: 'share of effort on primal heuristics' },
  mip_max_nodes: { type: 'integer', min: 0, max: 2147483647, doc: 'branch-and-bound node limit' },
  mip_max_leaves: { type: 'integer', min: 0, max: 2147483647, doc: 'branch-and-bound leaf limit' },
  mip_max_stall_nodes: { type: 'integer', min: 0, max: 2147483647, doc: 'nodes without improvement before stopping' },
  mip_lp_age_limit: { type: 'integer', min: 0, max: 32767, doc: 'age at which cuts leave the LP' },
  mip_pool_soft_limit: { type: 'integer', min: 1, max: 2147483647, doc: 'soft limit on the cut pool' },
  mip_abs_gap: { type: 'double', min: 0, doc: 'absolute gap at which the search stops' },
  mip_feasibility_tolerance: { type: 'double', min: 1e-10, doc: 'integrality and row tolerance in the MIP' },
  primal_feasibility_tolerance: { type: 'double', min: 1e-10, doc: 'primal tolerance of the LPs' },
  dual_feasibility_tolerance: { type: 'double', min: 1e-10, doc: 'dual tolerance of the LPs' },
  simplex_strategy: { type: 'integer', min: 0, max: 4, doc: '0 choose, 1 dual, 2 dual PAMI, 3 dual SIP, 4 primal' },
  random_seed: { type: 'integer', min: 0, max: 2147483647, doc: 'seed of HiGHS\'s random choices' },
};

/** Options that have their own creditkit option instead. */
const OWN_OPTION: Readonly<Record<string, string>> = { time_limit: 'timeLimit (--time-limit)', mip_rel_gap: 'relGap (--gap)' };

function fail(name: string, message: string): never {
  throw new CreditkitError('E_SOLVER_OPTION', `solver option ${name}: ${message}`, { path: `solverOptions.${name}` });
}

/**
 * Checks solver settings and returns them typed for HiGHS: each name must be
 * in `HIGHS_OPTIONS`, each value of its type and in its range (text such as
 * "off", "true" or "0.3" from the command line is converted). javascript-lp-
 * solver takes none. Anything else is E_SOLVER_OPTION naming the setting.
 */
export function checkSolverOptions(options: Record<string, unknown> | undefined, solver: string): Record<string, string | number | boolean> | undefined {
  if (options === undefined) return undefined;
  if (!isJsonObject(options)) {
    throw new CreditkitError('E_SOLVER_OPTION', 'solverOptions must be an object of HiGHS settings', { path: 'solverOptions' });
  }
  const names = Object.keys(options);
  if (names.length === 0) return undefined;
  if (solver !== 'highs') fail(names[0], `${solver === 'jslp' ? 'javascript-lp-solver' : solver} takes no solver options`);
  const out: Record<string, string | number | boolean> = {};
  for (const name of names) {
    const raw = options[name];
    if (OWN_OPTION[name]) fail(name, `set it with ${OWN_OPTION[name]}`);
    const spec = HIGHS_OPTIONS[name];
    if (!spec) fail(name, `unknown (known: ${Object.keys(HIGHS_OPTIONS).join(', ')})`);
    out[name] = typedValue(name, raw, spec);
  }
  return out;
}

function typedValue(name: string, raw: unknown, spec: HighsOptionSpec): string | number | boolean {
  if (spec.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === 'on') return true;
    if (raw === 'false' || raw === 'off') return false;
    fail(name, `must be true or false (got ${JSON.stringify(raw)})`);
  }
  if (spec.type === 'string') {
    if (typeof raw === 'string' && spec.choices!.includes(raw)) return raw;
    fail(name, `must be one of ${spec.choices!.join(', ')} (got ${JSON.stringify(raw)})`);
  }
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n) || (spec.type === 'integer' && !Number.isInteger(n))) fail(name, `must be ${spec.type === 'integer' ? 'a whole number' : 'a number'} (got ${JSON.stringify(raw)})`);
  if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
    fail(name, `must be in [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}] (got ${n})`);
  }
  return n;
}

/** Parses `k=v,k=v` (the CLI's --solver-option) into settings for `checkSolverOptions`. */
export function parseSolverOptionList(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of text.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CreditkitError('E_SOLVER_OPTION', `--solver-option takes name=value pairs separated by commas (got "${item}")`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

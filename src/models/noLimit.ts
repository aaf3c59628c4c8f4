/**
 * "No limit" on a tree size option (`maxDepth`, `maxLeaves`) is `null` in the
 * public API of every tree model. Gradient boosting also takes its older
 * spelling `0`, which it keeps in its options and model files (so saved models
 * stay byte for byte the same); a file with either spelling loads.
 */
export type SizeLimit = number | null;

/** Tree size options as users may write them: `null` for no limit. */
export type WithNullLimits<T extends { maxDepth: number; maxLeaves: number }> = Omit<Partial<T>, 'maxDepth' | 'maxLeaves'> & {
  maxDepth?: SizeLimit;
  maxLeaves?: SizeLimit;
};

/** Options for a model that spells "no limit" 0: each null size limit becomes 0 (other values pass through, checked later). */
export function nullLimitsAsZero<T extends { maxDepth: number; maxLeaves: number }>(options: WithNullLimits<T>): Partial<T> {
  if (options === null || typeof options !== 'object') return options as Partial<T>;
  const out: Record<string, unknown> = { ...options };
  for (const key of ['maxDepth', 'maxLeaves'] as const) if (out[key] === null) out[key] = 0;
  return out as Partial<T>;
}

/**
 * "No limit" on a tree size option (`maxDepth`, `maxLeaves`) is `null` in the
 * public API of every tree model. Gradient boosting also takes its older
 * spelling `0`, which it keeps in its options and model files (so saved models
 * stay byte for byte the same; its option table's `nullAs: 0` does that); a
 * file with either spelling loads.
 */
export type SizeLimit = number | null;

/** Tree size options as users may write them: `null` for no limit. */
export type WithNullLimits<T extends { maxDepth: number; maxLeaves: number }> = Omit<Partial<T>, 'maxDepth' | 'maxLeaves'> & {
  maxDepth?: SizeLimit;
  maxLeaves?: SizeLimit;
};

import { ksStatistic } from '../metrics/ks.js';
import { delongAuc, type DelongAuc } from './delong.js';

/** AUC and Gini with DeLong's interval, and KS, of PDs against 0/1 labels. */
export interface Discrimination extends DelongAuc {
  /** Kolmogorov–Smirnov statistic; null with one class. */
  ks: number | null;
}

export function discrimination(y: ArrayLike<number>, pd: ArrayLike<number>, confidence: number): Discrimination {
  const auc = delongAuc(y, pd, confidence);
  const ks = auc.defaults > 0 && auc.nonDefaults > 0 ? ksStatistic(y, pd).ks : null;
  return { ...auc, ks };
}

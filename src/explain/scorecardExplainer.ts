import { Dataset } from '../data/dataset.js';
import { CreditkitError } from '../errors.js';
import type { ExplainerFactory } from './explainers.js';

/** Scorecards (`pointsLost()`): the points each characteristic lost against its best attribute, in log-odds. */
export const scorecardExplainer: ExplainerFactory = (model, options) => {
  if (typeof model.pointsLost !== 'function') return null;
  if (options.background !== undefined) {
    throw new CreditkitError('E_OPTION', 'background rows apply to linear models; a scorecard measures points lost against each characteristic\'s best attribute');
  }
  const specs = model.featureSpecs;
  const pointsLost = model.pointsLost.bind(model);
  return {
    method: 'points lost (scorecard)',
    size: `${specs.length} characteristic${specs.length === 1 ? '' : 's'}`,
    link: 'logit',
    scale: 'log-odds of default (points lost / factor)',
    explain: (X) => pointsLost(new Dataset(specs.map((s, j) => ({ name: s.name, kind: s.kind, values: X.columns[j], ...(s.categories ? { categories: s.categories } : {}) })), X.nRows)),
  };
};

import { CreditkitError } from '../errors.js';
import { churnAt, churnNotRising, fitBinomialCurve, type ChurnCurve } from './churnFit.js';
import { TextTable } from './textTable.js';

/** One past offer: the customer's rating, the rate quoted, and whether the loan was taken. */
export interface LoanOffer {
  rating: string;
  rate: number;
  accepted: boolean;
  /** 1-based line of the offer in its file, when read from one. */
  line?: number;
}

export interface OfferColumns {
  rating?: string;
  rate?: string;
  accepted?: string;
}

export const DEFAULT_OFFER_COLUMNS: Required<OfferColumns> = { rating: 'rating', rate: 'rate', accepted: 'accepted' };

/**
 * Offers from CSV text: columns `rating`, `rate` (a fraction, 0.065 = 6.5%)
 * and `accepted` (1 = the loan was taken, 0 = declined); other columns are
 * ignored. A bad cell is E_OFFER (or E_CSV_NOT_NUMERIC for text in `rate`)
 * naming the file, line and column.
 */
export function parseOffersCsv(text: string, file?: string, columns: OfferColumns = {}): LoanOffer[] {
  const c = { ...DEFAULT_OFFER_COLUMNS, ...columns };
  const t = new TextTable(text, file);
  t.require(c.rating, 'an offers file');
  t.require(c.rate, 'an offers file');
  t.require(c.accepted, 'an offers file');
  const offers: LoanOffer[] = [];
  for (let r = 0; r < t.nRows; r++) {
    const rating = t.text(r, c.rating);
    if (rating === '') throw new CreditkitError('E_OFFER', 'empty rating: every offer needs the rating of its customer', t.where(r, c.rating));
    const rate = t.number(r, c.rate)!;
    if (!(rate >= 0 && rate <= 1)) throw new CreditkitError('E_OFFER', `the rate ${rate} is not a fraction in [0, 1] (6.5% is 0.065)`, t.where(r, c.rate));
    const a = t.text(r, c.accepted);
    if (a !== '0' && a !== '1') {
      throw new CreditkitError('E_OFFER', `accepted must be 1 (taken) or 0 (declined), got ${JSON.stringify(a.length > 24 ? `${a.slice(0, 24)}…` : a)}`, t.where(r, c.accepted));
    }
    offers.push({ rating, rate, accepted: a === '1', line: t.line(r) });
  }
  return offers;
}

/** A rating's take-up curve fitted to offers, with the counts it rests on. */
export interface OfferFit extends ChurnCurve {
  offers: number;
  accepted: number;
}

/**
 * The logistic rate-elasticity model fitted to offers by maximum likelihood,
 * per rating: P(decline | rate) = churn(rate) = 1 / (1 + exp(−(a + b·rate))),
 * so take-up is 1 − churn. Fails with E_CHURN_FIT when a rating's offers were
 * all accepted or all declined (no finite fit), quote one rate only, or give
 * a take-up that rises with the rate (b ≤ 0).
 */
export function fitOffers(offers: readonly LoanOffer[], file?: string): Record<string, OfferFit> {
  if (offers.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no offers to fit a take-up curve on', { file });
  const groups = new Map<string, LoanOffer[]>();
  for (const o of offers) {
    const g = groups.get(o.rating);
    if (g) g.push(o);
    else groups.set(o.rating, [o]);
  }
  const out = Object.create(null) as Record<string, OfferFit>;
  for (const [rating, g] of [...groups].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const where = { file, column: rating };
    const accepted = g.filter((o) => o.accepted).length;
    if (accepted === 0 || accepted === g.length) {
      throw new CreditkitError('E_CHURN_FIT', `all ${g.length} offers to rating "${rating}" were ${accepted === 0 ? 'declined' : 'accepted'}: take-up against the rate cannot be fitted`, where);
    }
    if (new Set(g.map((o) => o.rate)).size < 2) {
      throw new CreditkitError('E_CHURN_FIT', `every offer to rating "${rating}" quotes the rate ${g[0].rate}: take-up against the rate needs at least two rates`, where);
    }
    // Separation (every decline above every acceptance) has no finite maximum: Newton steps grow without bound.
    const x = g.map((o) => o.rate);
    const y = g.map((o) => (o.accepted ? 0 : 1));
    const { a, b, converged } = fitBinomialCurve(x, y, x.map(() => 1), 'logit');
    if (!converged || !Number.isFinite(a) || !Number.isFinite(b)) {
      throw new CreditkitError('E_CHURN_FIT', `the offers to rating "${rating}" separate perfectly by rate (every decline above every acceptance, or the reverse): the logistic fit has no finite slope`, where);
    }
    if (!(b > 0)) throw churnNotRising(rating, b, 'logistic churn fitted to the offers').locatedAt({ file });
    const curve: ChurnCurve = { model: 'logistic', a, b, n: g.length, r2: null, logLikelihood: 0 };
    let ll = 0;
    for (let i = 0; i < g.length; i++) {
      const p = churnAt(curve, x[i]);
      ll += y[i] === 1 ? Math.log(p) : Math.log1p(-p);
    }
    out[rating] = { ...curve, logLikelihood: ll, offers: g.length, accepted };
  }
  return out;
}

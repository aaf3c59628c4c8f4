/**
 * Per-firm credit features from invoices (CUMCM 2020 Problem C layout).
 *
 * One row per firm of the enterprise table, in its order. The same code serves
 * the 123 rated firms and the 302 unrated ones. "Sales" are the firm's output
 * invoices (it sells), "purchases" its input invoices (it buys). Amounts are
 * before tax, in CNY. A *valid* invoice counts; a *void* one was cancelled.
 * A *negative* (red-letter) invoice has a negative amount: a return or refund.
 * Net figures sum the valid invoices with their sign. `asOf` is the reference
 * month (default: the latest invoice month in the tables); windows include it.
 * A ratio whose denominator is zero (e.g. a firm with no sales) is NaN
 * (missing), never ±Infinity.
 *
 * | name | definition |
 * |---|---|
 * | `sales_total` | net sales: sum of the amounts of valid output invoices (CNY) |
 * | `purchases_total` | net purchases: sum of the amounts of valid input invoices (CNY) |
 * | `log_sales` | log10(1 + max(sales_total, 0)) |
 * | `log_purchases` | log10(1 + max(purchases_total, 0)) |
 * | `gross_margin` | (sales_total − purchases_total) / sales_total; NaN when sales_total ≤ 0 |
 * | `sales_invoices` | number of output invoices, valid and void |
 * | `purchase_invoices` | number of input invoices, valid and void |
 * | `sales_avg_invoice` | mean amount of the valid positive output invoices |
 * | `purchase_avg_invoice` | mean amount of the valid positive input invoices |
 * | `sales_tax_rate` | VAT on sales / sales_total (valid output invoices); separates small-scale taxpayers (3%) from general ones (13–17%) |
 * | `sales_void_ratio` | void output invoices / all output invoices |
 * | `sales_void_amount_ratio` | sum of \|amount\| of void output invoices / the same over all output invoices |
 * | `purchase_void_ratio` | void input invoices / all input invoices |
 * | `purchase_void_amount_ratio` | sum of \|amount\| of void input invoices / the same over all input invoices |
 * | `sales_negative_ratio` | valid negative output invoices / valid output invoices |
 * | `sales_negative_amount_ratio` | \|sum of valid negative output amounts\| / sum of valid positive output amounts |
 * | `purchase_negative_ratio` | valid negative input invoices / valid input invoices |
 * | `purchase_negative_amount_ratio` | \|sum of valid negative input amounts\| / sum of valid positive input amounts |
 * | `customers` | distinct buyers on valid output invoices |
 * | `suppliers` | distinct sellers on valid input invoices |
 * | `top1_customer_share` | net sales to the largest buyer / sum of the positive net sales per buyer |
 * | `top5_customer_share` | the same for the five largest buyers |
 * | `top1_supplier_share` | net purchases from the largest seller / sum of the positive net purchases per seller |
 * | `top5_supplier_share` | the same for the five largest sellers |
 * | `active_months` | months from the first to the last invoice (either direction, valid or void), inclusive |
 * | `months_since_last_invoice` | asOf − month of the last invoice (either direction) |
 * | `months_since_last_sale` | asOf − month of the last valid output invoice; NaN when there is none |
 * | `sales_month_share` | share of the active months with positive net sales |
 * | `sales_growth` | least-squares slope of monthly net sales over the active months, × 12 / mean monthly sales (relative change per year); NaN under 3 months or when mean ≤ 0 |
 * | `sales_volatility` | coefficient of variation (population sd / mean) of monthly net sales over the active months; NaN when mean ≤ 0 |
 * | `sales_yoy_growth` | net sales in the 12 months to asOf / net sales in the 12 months before − 1; NaN when the earlier sum ≤ 0 |
 * | `purchases_yoy_growth` | the same for net purchases |
 * | `sales_recent_trend` | net sales in the 6 months to asOf / net sales in the 6 months before − 1; NaN when the earlier sum ≤ 0 |
 * | `individual_business` | 1 when the enterprise name marks an individual business (个体), else 0 |
 * | `branch` | 1 when the enterprise name marks a branch office (分公司), else 0 |
 *
 * The target (`defaulted`) and the bank's `credit_rating` are not features:
 * they stay in the `Enterprises` table (see `smeDatasets`, `withCreditRating`).
 */
import { CreditkitError } from '../errors.js';
import { Dataset, type Column } from '../data/dataset.js';
import { type Enterprises, type InvoiceTable, type SmeData, monthIndex, monthLabel } from './invoices.js';
import { log10 } from '../math/deterministic.js';

// The feature list; the table in the doc comment above must say the same (a test checks).
const FEATURE_TABLE = `
sales_total :: net sales: sum of the amounts of valid output invoices (CNY)
purchases_total :: net purchases: sum of the amounts of valid input invoices (CNY)
log_sales :: log10(1 + max(sales_total, 0))
log_purchases :: log10(1 + max(purchases_total, 0))
gross_margin :: (sales_total − purchases_total) / sales_total; NaN when sales_total ≤ 0
sales_invoices :: number of output invoices, valid and void
purchase_invoices :: number of input invoices, valid and void
sales_avg_invoice :: mean amount of the valid positive output invoices
purchase_avg_invoice :: mean amount of the valid positive input invoices
sales_tax_rate :: VAT on sales / sales_total (valid output invoices); separates small-scale taxpayers (3%) from general ones (13–17%)
sales_void_ratio :: void output invoices / all output invoices
sales_void_amount_ratio :: sum of |amount| of void output invoices / the same over all output invoices
purchase_void_ratio :: void input invoices / all input invoices
purchase_void_amount_ratio :: sum of |amount| of void input invoices / the same over all input invoices
sales_negative_ratio :: valid negative output invoices / valid output invoices
sales_negative_amount_ratio :: |sum of valid negative output amounts| / sum of valid positive output amounts
purchase_negative_ratio :: valid negative input invoices / valid input invoices
purchase_negative_amount_ratio :: |sum of valid negative input amounts| / sum of valid positive input amounts
customers :: distinct buyers on valid output invoices
suppliers :: distinct sellers on valid input invoices
top1_customer_share :: net sales to the largest buyer / sum of the positive net sales per buyer
top5_customer_share :: the same for the five largest buyers
top1_supplier_share :: net purchases from the largest seller / sum of the positive net purchases per seller
top5_supplier_share :: the same for the five largest sellers
active_months :: months from the first to the last invoice (either direction, valid or void), inclusive
months_since_last_invoice :: asOf − month of the last invoice (either direction)
months_since_last_sale :: asOf − month of the last valid output invoice; NaN when there is none
sales_month_share :: share of the active months with positive net sales
sales_growth :: least-squares slope of monthly net sales over the active months, × 12 / mean monthly sales (relative change per year); NaN under 3 months or when mean ≤ 0
sales_volatility :: coefficient of variation (population sd / mean) of monthly net sales over the active months; NaN when mean ≤ 0
sales_yoy_growth :: net sales in the 12 months to asOf / net sales in the 12 months before − 1; NaN when the earlier sum ≤ 0
purchases_yoy_growth :: the same for net purchases
sales_recent_trend :: net sales in the 6 months to asOf / net sales in the 6 months before − 1; NaN when the earlier sum ≤ 0
individual_business :: 1 when the enterprise name marks an individual business (个体), else 0
branch :: 1 when the enterprise name marks a branch office (分公司), else 0
`;

/** Name and definition of every feature `smeFeatures` computes, in column order. */
export const SME_FEATURES: ReadonlyArray<{ readonly name: string; readonly definition: string }> = parseDocTable();

export interface SmeFeatureOptions {
  /**
   * The reference month, `yyyy-mm`, for the recency windows (`*_yoy_growth`,
   * `sales_recent_trend`, `months_since_*`). Default: the latest invoice month
   * in the two tables. Give the same month when features of two sets must be
   * comparable (`smeDatasets` does).
   */
  asOf?: string;
}

/** The monthly series are dense arrays: refuse absurd date ranges. */
const MAX_MONTHS = 12 * 200;

/** Per-direction sums for every firm. */
class DirectionStats {
  readonly count: Float64Array;
  readonly voidCount: Float64Array;
  readonly absAll: Float64Array;
  readonly absVoid: Float64Array;
  readonly validCount: Float64Array;
  readonly net: Float64Array;
  readonly tax: Float64Array;
  readonly posSum: Float64Array;
  readonly posCount: Float64Array;
  readonly negCount: Float64Array;
  readonly negSum: Float64Array;
  readonly counterparties: Float64Array;
  readonly top1: Float64Array;
  readonly top5: Float64Array;
  /** First and last invoice month (any status), −1 when none. */
  readonly first: Int32Array;
  readonly last: Int32Array;
  readonly lastValid: Int32Array;
  /** Net valid amount per firm and month: firm × nMonths + (month − month0). */
  readonly monthly: Float64Array;

  constructor(t: InvoiceTable, rowOf: Int32Array, nFirms: number, readonly month0: number, readonly nMonths: number) {
    const z = (): Float64Array => new Float64Array(nFirms);
    this.count = z(); this.voidCount = z(); this.absAll = z(); this.absVoid = z();
    this.validCount = z(); this.net = z(); this.tax = z(); this.posSum = z(); this.posCount = z();
    this.negCount = z(); this.negSum = z(); this.counterparties = z(); this.top1 = z(); this.top5 = z();
    this.first = new Int32Array(nFirms).fill(-1);
    this.last = new Int32Array(nFirms).fill(-1);
    this.lastValid = new Int32Array(nFirms).fill(-1);
    this.monthly = new Float64Array(nFirms * nMonths);

    const nParties = t.counterpartyIds.length;
    const byParty = new Map<number, number>();
    for (let i = 0; i < t.length; i++) {
      const f = rowOf[t.enterprise[i]];
      if (f < 0) continue;
      const a = t.amount[i];
      const m = t.month[i];
      this.count[f]++;
      this.absAll[f] += Math.abs(a);
      if (this.first[f] < 0 || m < this.first[f]) this.first[f] = m;
      if (m > this.last[f]) this.last[f] = m;
      if (t.valid[i] === 0) {
        this.voidCount[f]++;
        this.absVoid[f] += Math.abs(a);
        continue;
      }
      this.validCount[f]++;
      this.net[f] += a;
      this.tax[f] += t.tax[i];
      if (a < 0) {
        this.negCount[f]++;
        this.negSum[f] -= a;
      } else {
        this.posCount[f]++;
        this.posSum[f] += a;
      }
      if (m > this.lastValid[f]) this.lastValid[f] = m;
      this.monthly[f * nMonths + (m - month0)] += a;
      const key = f * nParties + t.counterparty[i];
      byParty.set(key, (byParty.get(key) ?? 0) + a);
    }

    // Net amount per (firm, counterparty), grouped by firm.
    const perFirm: number[][] = Array.from({ length: nFirms }, () => []);
    for (const [key, net] of byParty) perFirm[Math.floor(key / nParties)].push(net);
    perFirm.forEach((nets, f) => {
      this.counterparties[f] = nets.length;
      const positive = nets.filter((v) => v > 0).sort((a, b) => b - a);
      let total = 0;
      for (const v of positive) total += v;
      let top5 = 0;
      for (let k = 0; k < Math.min(5, positive.length); k++) top5 += positive[k];
      this.top1[f] = total > 0 ? positive[0] / total : NaN;
      this.top5[f] = total > 0 ? top5 / total : NaN;
    });
  }

  /** Net valid amount of firm f over months [from, to] (inclusive). */
  window(f: number, from: number, to: number): number {
    let s = 0;
    for (let m = Math.max(from, this.month0); m <= Math.min(to, this.month0 + this.nMonths - 1); m++) {
      s += this.monthly[f * this.nMonths + (m - this.month0)];
    }
    return s;
  }
}

/** a / b, NaN when b is 0 (or the result is not finite). */
function ratio(a: number, b: number): number {
  if (b === 0) return NaN;
  const r = a / b;
  return Number.isFinite(r) ? r : NaN;
}

/** later / earlier − 1, NaN unless earlier > 0. */
function change(later: number, earlier: number): number {
  return earlier > 0 ? later / earlier - 1 : NaN;
}

/**
 * The feature table: one row per firm of `enterprises`, in its order, with the
 * columns of `SME_FEATURES`. Invoices of firms not in `enterprises` are ignored.
 */
export function smeFeatures(
  enterprises: Enterprises,
  input: InvoiceTable,
  output: InvoiceTable,
  options: SmeFeatureOptions = {},
): Dataset {
  if (input.direction !== 'input' || output.direction !== 'output') {
    throw new CreditkitError('E_OPTION', `smeFeatures takes the input (purchase) invoices, then the output (sales) invoices; got ${input.direction}, ${output.direction}`);
  }
  const nFirms = enterprises.ids.length;
  const firmRow = new Map(enterprises.ids.map((id, i) => [id, i]));
  const rowOf = (t: InvoiceTable): Int32Array => Int32Array.from(t.enterpriseIds, (id) => firmRow.get(id) ?? -1);

  // The month axis covers both tables and asOf.
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of [input, output]) {
    for (let i = 0; i < t.length; i++) {
      const m = t.month[i];
      if (m < lo) lo = m;
      if (m > hi) hi = m;
    }
  }
  let asOf = hi;
  if (options.asOf !== undefined) {
    asOf = monthIndex(options.asOf);
    if (Number.isNaN(asOf)) throw new CreditkitError('E_OPTION', `asOf must be a month, yyyy-mm (got ${JSON.stringify(options.asOf)})`);
  }
  if (!Number.isFinite(asOf)) {
    throw new CreditkitError('E_EMPTY_DATA', 'no invoices: give asOf (yyyy-mm) to compute features of firms without invoices');
  }
  if (!Number.isFinite(lo)) lo = hi = asOf;
  const month0 = Math.min(lo, asOf - 23);
  const nMonths = Math.max(hi, asOf) - month0 + 1;
  if (nMonths > MAX_MONTHS) {
    throw new CreditkitError('E_OPTION', `invoice dates and asOf span ${monthLabel(month0)} to ${monthLabel(month0 + nMonths - 1)}: more than ${MAX_MONTHS / 12} years; check the dates and asOf`);
  }

  const buy = new DirectionStats(input, rowOf(input), nFirms, month0, nMonths);
  const sell = new DirectionStats(output, rowOf(output), nFirms, month0, nMonths);

  const out = new Map<string, Float32Array>(SME_FEATURES.map(({ name }) => [name, new Float32Array(nFirms)]));
  const set = (name: string, f: number, v: number): void => {
    out.get(name)![f] = Number.isFinite(v) ? v : NaN;
  };

  for (let f = 0; f < nFirms; f++) {
    const sales = sell.net[f];
    const purchases = buy.net[f];
    set('sales_total', f, sales);
    set('purchases_total', f, purchases);
    set('log_sales', f, log10(1 + Math.max(sales, 0)));
    set('log_purchases', f, log10(1 + Math.max(purchases, 0)));
    set('gross_margin', f, sales > 0 ? (sales - purchases) / sales : NaN);
    set('sales_invoices', f, sell.count[f]);
    set('purchase_invoices', f, buy.count[f]);
    set('sales_avg_invoice', f, ratio(sell.posSum[f], sell.posCount[f]));
    set('purchase_avg_invoice', f, ratio(buy.posSum[f], buy.posCount[f]));
    set('sales_tax_rate', f, sales > 0 ? sell.tax[f] / sales : NaN);

    set('sales_void_ratio', f, ratio(sell.voidCount[f], sell.count[f]));
    set('sales_void_amount_ratio', f, ratio(sell.absVoid[f], sell.absAll[f]));
    set('purchase_void_ratio', f, ratio(buy.voidCount[f], buy.count[f]));
    set('purchase_void_amount_ratio', f, ratio(buy.absVoid[f], buy.absAll[f]));
    set('sales_negative_ratio', f, ratio(sell.negCount[f], sell.validCount[f]));
    set('sales_negative_amount_ratio', f, ratio(sell.negSum[f], sell.posSum[f]));
    set('purchase_negative_ratio', f, ratio(buy.negCount[f], buy.validCount[f]));
    set('purchase_negative_amount_ratio', f, ratio(buy.negSum[f], buy.posSum[f]));

    set('customers', f, sell.counterparties[f]);
    set('suppliers', f, buy.counterparties[f]);
    set('top1_customer_share', f, sell.top1[f]);
    set('top5_customer_share', f, sell.top5[f]);
    set('top1_supplier_share', f, buy.top1[f]);
    set('top5_supplier_share', f, buy.top5[f]);

    // Activity span over both directions.
    const firsts = [buy.first[f], sell.first[f]].filter((m) => m >= 0);
    const first = firsts.length > 0 ? Math.min(...firsts) : -1;
    const last = Math.max(buy.last[f], sell.last[f]);
    const span = first >= 0 ? last - first + 1 : 0;
    set('active_months', f, span);
    set('months_since_last_invoice', f, last >= 0 ? asOf - last : NaN);
    set('months_since_last_sale', f, sell.lastValid[f] >= 0 ? asOf - sell.lastValid[f] : NaN);

    // Monthly net sales over the active span.
    let monthsWithSales = 0;
    let mean = 0;
    for (let m = first; span > 0 && m <= last; m++) {
      const v = sell.monthly[f * nMonths + (m - month0)];
      if (v > 0) monthsWithSales++;
      mean += v;
    }
    mean = span > 0 ? mean / span : NaN;
    let sxx = 0;
    let sxy = 0;
    let syy = 0;
    const tMean = (span - 1) / 2;
    for (let k = 0; k < span; k++) {
      const d = sell.monthly[f * nMonths + (first + k - month0)] - mean;
      sxx += (k - tMean) * (k - tMean);
      sxy += (k - tMean) * d;
      syy += d * d;
    }
    set('sales_month_share', f, span > 0 ? monthsWithSales / span : NaN);
    set('sales_growth', f, span >= 3 && mean > 0 ? (12 * sxy) / sxx / mean : NaN);
    set('sales_volatility', f, span > 0 && mean > 0 ? Math.sqrt(syy / span) / mean : NaN);

    set('sales_yoy_growth', f, change(sell.window(f, asOf - 11, asOf), sell.window(f, asOf - 23, asOf - 12)));
    set('purchases_yoy_growth', f, change(buy.window(f, asOf - 11, asOf), buy.window(f, asOf - 23, asOf - 12)));
    set('sales_recent_trend', f, change(sell.window(f, asOf - 5, asOf), sell.window(f, asOf - 11, asOf - 6)));

    const name = enterprises.names[f] ?? '';
    set('individual_business', f, name.includes('个体') ? 1 : 0);
    set('branch', f, name.includes('分公司') ? 1 : 0);
  }

  const columns: Column[] = SME_FEATURES.map(({ name }) => ({ name, kind: 'numeric', values: out.get(name)! }));
  return new Dataset(columns, nFirms);
}

/** The latest invoice month of the tables, `yyyy-mm` (undefined when there are no invoices). */
export function latestInvoiceMonth(...tables: InvoiceTable[]): string | undefined {
  let hi = -Infinity;
  for (const t of tables) for (let i = 0; i < t.length; i++) if (t.month[i] > hi) hi = t.month[i];
  return Number.isFinite(hi) ? monthLabel(hi) : undefined;
}

/** Features of the rated set, with its target and ratings kept apart. */
export interface RatedSme {
  ids: readonly string[];
  X: Dataset;
  /** 1 = defaulted. */
  y: Float64Array;
  creditRating: readonly string[];
}

/** Features of the unrated set. */
export interface UnratedSme {
  ids: readonly string[];
  X: Dataset;
}

/**
 * Features for both CUMCM sets with one reference month (the latest invoice
 * month over all four invoice tables, unless `options.asOf` is given), so the
 * unrated firms are scored on the same scale the model was trained on.
 */
export function smeDatasets(data: SmeData, options: SmeFeatureOptions = {}): { rated: RatedSme; unrated: UnratedSme; asOf: string } {
  const { rated, unrated } = data;
  const asOf = options.asOf ?? latestInvoiceMonth(rated.input, rated.output, unrated.input, unrated.output);
  if (asOf === undefined) throw new CreditkitError('E_EMPTY_DATA', 'no invoices in either set');
  const { defaulted, creditRating } = rated.enterprises;
  if (defaulted === undefined || creditRating === undefined) {
    throw new CreditkitError('E_TARGET_MISSING', 'the rated enterprise table needs the columns credit_rating and defaulted', { column: 'defaulted' });
  }
  return {
    asOf,
    rated: {
      ids: rated.enterprises.ids,
      X: smeFeatures(rated.enterprises, rated.input, rated.output, { asOf }),
      y: defaulted,
      creditRating,
    },
    unrated: {
      ids: unrated.enterprises.ids,
      X: smeFeatures(unrated.enterprises, unrated.input, unrated.output, { asOf }),
    },
  };
}

/** Rating grades in order of risk, coded 1, 2, 3, 4 by `withCreditRating`. */
export const CREDIT_RATINGS: readonly string[] = ['A', 'B', 'C', 'D'];

/**
 * `X` with one more numeric column, `credit_rating`, coding A–D as 1–4 (other
 * labels are missing). For the comparison "with the bank's rating as a
 * feature": the rating is the bank's own judgement and, in CUMCM, every D firm
 * defaulted, so it leaks most of the target.
 */
export function withCreditRating(X: Dataset, creditRating: readonly string[]): Dataset {
  if (creditRating.length !== X.nRows) {
    throw new CreditkitError('E_SHAPE', `${creditRating.length} ratings for ${X.nRows} rows`, { column: 'credit_rating' });
  }
  const values = Float32Array.from(creditRating, (r) => {
    const k = CREDIT_RATINGS.indexOf(r.trim().toUpperCase());
    return k < 0 ? NaN : k + 1;
  });
  return new Dataset([...X.columns, { name: 'credit_rating', kind: 'numeric', values }], X.nRows);
}

/** SME_FEATURES from the table in this module's doc comment, so the two never disagree. */
function parseDocTable(): Array<{ name: string; definition: string }> {
  return FEATURE_TABLE.trim().split('\n').map((line) => {
    const [name, definition] = line.split(' :: ');
    return { name, definition };
  });
}

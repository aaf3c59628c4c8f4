import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import type { Dataset } from '../../src/data/dataset.js';
import { CreditkitError } from '../../src/errors.js';
import { SME_FEATURES, smeFeatures, withCreditRating } from '../../src/sme/features.js';
import { type Enterprises, type InvoiceRecord, invoiceTable, invoicesFromDataset, monthIndex, monthLabel } from '../../src/sme/invoices.js';
import { init } from '../../src/wasm/load.js';

// log comes from creditkit.wasm (src/math/deterministic.ts).
await init();

const enterprises: Enterprises = {
  ids: ['E1', 'E2', 'E3', 'E4'],
  names: ['***贸易有限公司', '***建材有限公司***分公司', '个体经营E3', '***科技有限公司'],
};

const sale = (enterprise: string, date: string, counterparty: string, amount: number, extra: Partial<InvoiceRecord> = {}): InvoiceRecord =>
  ({ enterprise, date, counterparty, amount, ...extra });

// E1: three months of sales to B1/B2 (one negative invoice, one void invoice to B3), purchases from S1/S2.
// E2: purchases only. E3: no invoices at all. E4: one sale in 2018-06 and one in 2019-06.
// E9 is not in the enterprise table: its invoices are ignored.
const output = invoiceTable('output', [
  sale('E1', '2019-01-05', 'B1', 1000, { tax: 130 }),
  sale('E1', '2019-02-10', 'B1', 500),
  sale('E1', '2019-03-10', 'B2', 500),
  sale('E1', '2019-03-15', 'B2', -200),
  sale('E1', '2019-03-20', 'B3', 300, { status: 'void' }),
  sale('E4', '2018-06-01', 'B1', 100),
  sale('E4', '2019-06-30', 'B4', 300),
  sale('E9', '2021-01-01', 'B1', 1e9),
]);
const input = invoiceTable('input', [
  sale('E1', '2019-01-03', 'S1', 600),
  sale('E1', '2019-02-03', 'S2', 200),
  sale('E1', '2019-02-04', 'S2', 100, { status: 'void' }),
  sale('E2', '2019-06-11', 'S1', 400),
]);

const get = (X: Dataset, name: string, row: number): number => X.column(name).values[row];

describe('smeFeatures on a hand-made invoice set', () => {
  const X = smeFeatures(enterprises, input, output, { asOf: '2019-12' });
  const E1 = 0, E2 = 1, E3 = 2, E4 = 3;

  it('has one row per firm and the documented columns', () => {
    expect(X.nRows).toBe(4);
    expect(X.names).toEqual(SME_FEATURES.map((f) => f.name));
    expect(X.names).not.toContain('defaulted');
    expect(X.names).not.toContain('credit_rating');
  });

  it('computes totals, margin, void and negative ratios', () => {
    expect(get(X, 'sales_total', E1)).toBe(1800);
    expect(get(X, 'purchases_total', E1)).toBe(800);
    expect(get(X, 'gross_margin', E1)).toBeCloseTo(1000 / 1800, 6);
    expect(get(X, 'log_sales', E1)).toBeCloseTo(Math.log10(1801), 6);
    expect(get(X, 'sales_invoices', E1)).toBe(5);
    expect(get(X, 'purchase_invoices', E1)).toBe(3);
    expect(get(X, 'sales_avg_invoice', E1)).toBeCloseTo(2000 / 3, 4);
    expect(get(X, 'sales_tax_rate', E1)).toBeCloseTo(130 / 1800, 6);
    expect(get(X, 'sales_void_ratio', E1)).toBeCloseTo(1 / 5, 6);
    expect(get(X, 'sales_void_amount_ratio', E1)).toBeCloseTo(300 / 2500, 6);
    expect(get(X, 'purchase_void_ratio', E1)).toBeCloseTo(1 / 3, 6);
    expect(get(X, 'purchase_void_amount_ratio', E1)).toBeCloseTo(100 / 900, 6);
    expect(get(X, 'sales_negative_ratio', E1)).toBeCloseTo(1 / 4, 6);
    expect(get(X, 'sales_negative_amount_ratio', E1)).toBeCloseTo(200 / 2000, 6);
    expect(get(X, 'purchase_negative_ratio', E1)).toBe(0);
  });

  it('counts counterparties on valid invoices and their concentration', () => {
    expect(get(X, 'customers', E1)).toBe(2); // B3 appears on a void invoice only
    expect(get(X, 'suppliers', E1)).toBe(2);
    expect(get(X, 'top1_customer_share', E1)).toBeCloseTo(1500 / 1800, 6);
    expect(get(X, 'top5_customer_share', E1)).toBeCloseTo(1, 6);
    expect(get(X, 'top1_supplier_share', E1)).toBeCloseTo(600 / 800, 6);
  });

  it('computes activity, growth and volatility from monthly sales', () => {
    // E1 monthly net sales 1000, 500, 300 over 2019-01..03: slope −350/month, mean 600.
    expect(get(X, 'active_months', E1)).toBe(3);
    expect(get(X, 'months_since_last_invoice', E1)).toBe(9);
    expect(get(X, 'months_since_last_sale', E1)).toBe(9);
    expect(get(X, 'sales_month_share', E1)).toBe(1);
    expect(get(X, 'sales_growth', E1)).toBeCloseTo((-350 * 12) / 600, 5);
    expect(get(X, 'sales_growth', E1)).toBeLessThan(0);
    expect(get(X, 'sales_volatility', E1)).toBeCloseTo(Math.sqrt((400 ** 2 + 100 ** 2 + 300 ** 2) / 3) / 600, 6);
    // E4: 100 in 2018-06, 300 in 2019-06 → growing; year over year ×3; nothing in the last 6 months.
    expect(get(X, 'active_months', E4)).toBe(13);
    expect(get(X, 'sales_growth', E4)).toBeGreaterThan(0);
    expect(get(X, 'sales_month_share', E4)).toBeCloseTo(2 / 13, 6);
    expect(get(X, 'sales_yoy_growth', E4)).toBeCloseTo(2, 6);
    expect(get(X, 'sales_recent_trend', E4)).toBe(-1);
    expect(get(X, 'sales_yoy_growth', E1)).toBeNaN(); // no sales in 2018
  });

  it('gives NaN, not Infinity, for firms without sales or without invoices', () => {
    for (const name of ['gross_margin', 'sales_void_ratio', 'sales_negative_ratio', 'sales_avg_invoice', 'sales_tax_rate',
      'top1_customer_share', 'top5_customer_share', 'sales_growth', 'sales_volatility', 'months_since_last_sale', 'sales_yoy_growth']) {
      expect(get(X, name, E2), name).toBeNaN();
      expect(get(X, name, E3), name).toBeNaN();
    }
    expect(get(X, 'sales_total', E2)).toBe(0);
    expect(get(X, 'customers', E2)).toBe(0);
    expect(get(X, 'purchases_total', E2)).toBe(400);
    expect(get(X, 'months_since_last_invoice', E2)).toBe(6);
    expect(get(X, 'active_months', E3)).toBe(0);
    expect(get(X, 'months_since_last_invoice', E3)).toBeNaN();
    for (const c of X.columns) for (const v of c.values) expect(Number.isNaN(v) || Number.isFinite(v), c.name).toBe(true);
  });

  it('reads the firm type from the enterprise name', () => {
    expect(Array.from(X.column('individual_business').values)).toEqual([0, 0, 1, 0]);
    expect(Array.from(X.column('branch').values)).toEqual([0, 1, 0, 0]);
  });

  it('defaults asOf to the latest invoice month of the tables', () => {
    // E9 (not a listed firm) still sets the month axis: 2021-01.
    const Y = smeFeatures(enterprises, input, output);
    expect(get(Y, 'months_since_last_invoice', E1)).toBe(monthIndex('2021-01') - monthIndex('2019-03'));
    expect(get(Y, 'sales_total', E1)).toBe(1800);
  });

  it('rejects swapped tables and a bad asOf', () => {
    expect(() => smeFeatures(enterprises, output, input)).toThrow(CreditkitError);
    expect(() => smeFeatures(enterprises, input, output, { asOf: '2019/12' })).toThrow(/asOf/);
    expect(() => smeFeatures(enterprises, input, output, { asOf: '9999-01' })).toThrow(/years/);
  });
});

describe('invoice tables', () => {
  it('are built from a CSV in the CUMCM layout', () => {
    const csv = [
      'enterprise_id,invoice_no,invoice_date,buyer_id,amount,tax,total,status',
      'E1,1,2019-01-05,B1,1000,130,1130,valid',
      'E1,2,2019-02-10,B2,-50,-6.5,-56.5,void',
    ].join('\n');
    const ds = parseCsv(csv, { types: { enterprise_id: 'categorical', invoice_date: 'categorical', buyer_id: 'categorical', status: 'categorical' } });
    const t = invoicesFromDataset(ds, 'output');
    expect(t.length).toBe(2);
    expect(Array.from(t.month, monthLabel)).toEqual(['2019-01', '2019-02']);
    expect(Array.from(t.valid)).toEqual([1, 0]);
    expect(Array.from(t.amount)).toEqual([1000, -50]);
    expect(t.counterpartyIds[t.counterparty[1]]).toBe('B2');
    const bad = parseCsv(csv.replace('void', 'lost'), { types: { enterprise_id: 'categorical', invoice_date: 'categorical', buyer_id: 'categorical', status: 'categorical' } });
    expect(() => invoicesFromDataset(bad, 'output', 'x.csv')).toThrow(/status/);
    expect(() => invoicesFromDataset(ds, 'input')).toThrow(/seller_id/);
  });

  it('reject bad records', () => {
    expect(() => invoiceTable('output', [sale('E1', '05/01/2019', 'B1', 1)])).toThrow(CreditkitError);
    expect(() => invoiceTable('output', [sale('E1', '2019-01-05', 'B1', NaN)])).toThrow(CreditkitError);
  });
});

describe('withCreditRating', () => {
  it('appends the rating coded A–D as 1–4', () => {
    const X = smeFeatures(enterprises, input, output, { asOf: '2019-12' });
    const R = withCreditRating(X, ['A', 'D', 'c', '?']);
    expect(R.names.at(-1)).toBe('credit_rating');
    expect(Array.from(R.column('credit_rating').values)).toEqual([1, 4, 3, NaN]);
    expect(() => withCreditRating(X, ['A'])).toThrow(CreditkitError);
  });
});

describe('feature documentation', () => {
  it('the table in the doc comment of features.ts lists SME_FEATURES exactly', () => {
    const source = readFileSync(fileURLToPath(new URL('../../src/sme/features.ts', import.meta.url)), 'utf8');
    const rows = [...source.matchAll(/^ \* \| `([a-z0-9_]+)` \| (.*) \|$/gm)].map((m) => ({ name: m[1], definition: m[2].replaceAll('\\|', '|') }));
    expect(rows).toEqual(SME_FEATURES.map((f) => ({ ...f })));
  });
});

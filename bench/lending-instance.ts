/**
 * A 302-applicant lending problem shaped like CUMCM 2020 C, question 2.
 *
 * - Applicants: the 302 firms of attachment 2 (`a2_enterprises.csv`, ids
 *   E124–E425), read from ../shared/datasets/cumcm2020c/ when present. That
 *   file has only an id and an anonymised name, so:
 *   - the sector is derived from the name by keywords (个体经营 → individual,
 *     建筑/工程/劳务… → construction, 商贸/贸易… → trade, …);
 *   - rating and PD are a seeded STAND-IN until the PD model of the 302 firms
 *     exists: the rating is drawn with attachment 1's rating mix (A 27, B 38,
 *     C 34, D 24 of 123) and the PD log-normally around a per-rating mean
 *     (A 1.5%, B 4%, C 7%, D 40%; σ = 0.5 in log space, capped at 0.99).
 *   Without the shared folder, ids E124–E425 and sectors are drawn instead.
 * - Bank: 10,000 万元 (100M CNY) budget, loans of 10–100 万元, the 29 rates of
 *   attachment 3 (4%–15%) with its churn table (data/cumcm-rate-churn.csv),
 *   rating D excluded, LGD 1 (a default loses the principal), no funding cost.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { churnTableFromCsv } from '../src/lending/churn.js';
import type { LendingApplicant, LendingLimits, LendingProblem } from '../src/lending/problem.js';
import { Random } from '../src/random.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const A2 = `${ROOT}../shared/datasets/cumcm2020c/a2_enterprises.csv`;
const CHURN = `${ROOT}data/cumcm-rate-churn.csv`;

const SECTOR_KEYWORDS: [string, string[]][] = [
  ['individual', ['个体经营']],
  ['construction', ['建筑', '建设', '工程', '劳务', '装饰', '钢结构', '建材', '园林', '市政', '安装', '幕墙', '路桥', '水利', '防水']],
  ['technology', ['科技', '网络', '信息', '通信', '通讯', '软件', '电子', '智能', '数据']],
  ['trade', ['商贸', '贸易', '销售', '物资', '商行', '经营部', '超市', '百货', '经销', '进出口', '供应链', '汽贸', '药房', '店']],
  ['logistics', ['物流', '运输', '货运', '快递', '仓储', '运业', '运贸']],
  ['services', ['文化', '传媒', '广告', '印务', '印刷', '设计', '咨询', '管理', '策划', '服务', '事务所', '教育', '培训', '会计', '代理', '经纪', '影城', '检验', '投资']],
  ['food_agriculture', ['餐饮', '食品', '酒店', '饮品', '茶', '农业', '养殖', '种植', '生态', '园艺', '合作社', '猕猴桃']],
  ['manufacturing', ['机械', '设备', '制造', '材料', '塑料', '塑胶', '化工', '石化', '家具', '家居', '纸', '制品', '五金', '电器', '电气', '机电', '实业', '工贸', '汽车', '鞋', '服饰', '服装', '纺织', '轮胎', '合金', '医药', '药业', '医疗', '天然气', '包装', '卫浴', '石材', '制冷']],
];

export function sectorOf(name: string): string {
  for (const [sector, words] of SECTOR_KEYWORDS) if (words.some((w) => name.includes(w))) return sector;
  return 'other';
}

const RATING_MIX: [string, number][] = [['A', 27], ['B', 38], ['C', 34], ['D', 24]];
const PD_MEAN: Record<string, number> = { A: 0.015, B: 0.04, C: 0.07, D: 0.4 };

export interface InstanceInfo {
  source: 'a2_enterprises.csv' | 'synthetic';
  problem: LendingProblem;
}

export function cumcmInstance(limits: LendingLimits = {}, seed = 2020): InstanceInfo {
  const rng = new Random(seed);
  let firms: { id: string; name: string }[];
  let source: InstanceInfo['source'];
  if (existsSync(A2)) {
    const lines = readFileSync(A2, 'utf8').trim().split(/\r?\n/).slice(1);
    firms = lines.map((l) => {
      const [id, ...rest] = l.split(',');
      return { id, name: rest.join(',') };
    });
    source = 'a2_enterprises.csv';
  } else {
    const names = SECTOR_KEYWORDS.map(([, w]) => w[0]);
    firms = Array.from({ length: 302 }, (_, i) => ({ id: `E${124 + i}`, name: names[rng.int(names.length)] }));
    source = 'synthetic';
  }
  const total = RATING_MIX.reduce((s, [, n]) => s + n, 0);
  const applicants: LendingApplicant[] = firms.map((f) => {
    let u = rng.next() * total;
    let rating = 'D';
    for (const [r, n] of RATING_MIX) {
      if (u < n) { rating = r; break; }
      u -= n;
    }
    const z = normal(rng);
    const pd = Math.min(0.99, PD_MEAN[rating] * Math.exp(0.5 * z - 0.125));
    return { id: f.id, pd: Number(pd.toFixed(6)), rating, sector: sectorOf(f.name) };
  });
  const churn = churnTableFromCsv(readFileSync(CHURN, 'utf8'), CHURN);
  return {
    source,
    problem: {
      applicants,
      bank: { budget: 10_000, minAmount: 10, maxAmount: 100, rates: churn.rates, lgd: 1, fundingCost: 0 },
      churn,
      exclude: { ratings: ['D'] },
      limits,
    },
  };
}

function normal(rng: Random): number {
  let u = 0;
  while (u === 0) u = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/data/csvFile.js';
import { enterprisesFromDataset } from '../../src/sme/invoices.js';
import { SME_SECTORS, smeSector } from '../../src/sme/sector.js';

describe('smeSector', () => {
  it('reads the sector from the business words of a name', () => {
    expect(smeSector('***建筑劳务有限公司')).toBe('construction');
    expect(smeSector('***网络科技有限公司')).toBe('technology');
    expect(smeSector('***物流有限公司')).toBe('logistics');
    expect(smeSector('***文化传媒有限公司')).toBe('services');
    expect(smeSector('***餐饮管理有限公司')).toBe('services'); // 管理 (services) is listed before 餐饮
    expect(smeSector('***食品有限公司')).toBe('food_agriculture');
    expect(smeSector('***机械设备有限公司')).toBe('manufacturing');
    expect(smeSector('***有限公司')).toBe('other');
  });

  it('applies the first matching sector: individual businesses and construction words win', () => {
    expect(smeSector('个体经营E124')).toBe('individual');
    expect(smeSector('***建材销售有限公司')).toBe('construction'); // not trade
    expect(smeSector('***电子商贸有限公司')).toBe('technology'); // technology is listed before trade
  });

  it('sorts every CUMCM unrated firm into a known sector, most of them not "other"', async () => {
    const file = fileURLToPath(new URL('../../data/cumcm/a2_enterprises.csv.gz', import.meta.url));
    const enterprises = enterprisesFromDataset(await readCsvFile(file), file);
    expect(enterprises.names).toHaveLength(302);
    const sectors = enterprises.names.map(smeSector);
    for (const s of sectors) expect(SME_SECTORS).toContain(s);
    const counts = new Map<string, number>();
    for (const s of sectors) counts.set(s, (counts.get(s) ?? 0) + 1);
    expect(counts.get('individual')).toBe(enterprises.names.filter((n) => n.startsWith('个体经营')).length);
    expect(counts.get('other') ?? 0).toBeLessThan(0.15 * sectors.length);
    expect(counts.size).toBeGreaterThanOrEqual(7);
  });
});

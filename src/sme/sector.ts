/**
 * A sector for an SME from its (anonymised) name, by keywords.
 *
 * The CUMCM 2020 C enterprise tables keep only the business words of a firm's
 * name (`***建筑劳务有限公司`), which usually say what the firm does. The first
 * sector in SME_SECTOR_KEYWORDS with a keyword contained in the name wins, so
 * the order matters: an individual business (个体经营) is its own sector
 * whatever it sells, and construction words beat trade words (建材销售 is a
 * building-materials dealer, exposed to construction). Names with no keyword
 * are 'other'. Used for sector concentration caps and sector stress.
 */
export const SME_SECTOR_KEYWORDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['individual', ['个体经营']],
  ['construction', ['建筑', '建设', '工程', '劳务', '装饰', '钢结构', '建材', '园林', '市政', '安装', '幕墙', '路桥', '水利', '防水']],
  ['technology', ['科技', '网络', '信息', '通信', '通讯', '软件', '电子', '智能', '数据']],
  ['trade', ['商贸', '贸易', '销售', '物资', '商行', '经营部', '超市', '百货', '经销', '进出口', '供应链', '汽贸', '药房', '店']],
  ['logistics', ['物流', '运输', '货运', '快递', '仓储', '运业', '运贸']],
  ['services', ['文化', '传媒', '广告', '印务', '印刷', '设计', '咨询', '管理', '策划', '服务', '事务所', '教育', '培训', '会计', '代理', '经纪', '影城', '检验', '投资']],
  ['food_agriculture', ['餐饮', '食品', '酒店', '饮品', '茶', '农业', '养殖', '种植', '生态', '园艺', '合作社', '猕猴桃']],
  ['manufacturing', ['机械', '设备', '制造', '材料', '塑料', '塑胶', '化工', '石化', '家具', '家居', '纸', '制品', '五金', '电器', '电气', '机电', '实业', '工贸', '汽车', '鞋', '服饰', '服装', '纺织', '轮胎', '合金', '医药', '药业', '医疗', '天然气', '包装', '卫浴', '石材', '制冷']],
];

/** Every sector `smeSector` can return, 'other' last. */
export const SME_SECTORS: readonly string[] = [...SME_SECTOR_KEYWORDS.map(([s]) => s), 'other'];

/** The sector of a firm from its name (see SME_SECTOR_KEYWORDS); 'other' when no keyword matches. */
export function smeSector(name: string): string {
  for (const [sector, words] of SME_SECTOR_KEYWORDS) if (words.some((w) => name.includes(w))) return sector;
  return 'other';
}

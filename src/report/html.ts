/**
 * The HTML of a report: one self-contained page (inline CSS, inline SVG, no
 * script, no external resource, system fonts) with a table of contents.
 * Sections are plain data; charts arrive already rendered to SVG.
 */

/** A block of a section, in reading order. */
export type ReportBlock =
  | { kind: 'chart'; title: string; howToRead: string; svg: string }
  | { kind: 'table'; caption?: string; headers: string[]; rows: (string | number)[][]; numeric?: boolean[] }
  | { kind: 'text'; text: string }
  | { kind: 'note'; text: string };

export interface ReportSection {
  id: string;
  title: string;
  blocks: ReportBlock[];
}

export interface ReportPage {
  title: string;
  subtitle?: string;
  sections: ReportSection[];
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** 12,345 / 0.1234 / 1.23e-7: thousands separators, four significant decimals for small numbers. */
export function formatValue(x: number): string {
  if (Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  const a = Math.abs(x);
  if (a >= 1000) return x.toLocaleString('en-US', { maximumFractionDigits: 1 });
  if (a >= 1) return x.toLocaleString('en-US', { maximumFractionDigits: 3 });
  if (a >= 1e-4) return x.toFixed(4);
  return x.toExponential(2);
}

export function formatPercent(x: number | null, digits = 2): string {
  return x === null || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(digits)}%`;
}

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0; color: #1d1d1f; background: #f6f7f9; line-height: 1.45; }
header { background: #17324d; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; opacity: 0.85; }
main { max-width: 1180px; margin: 0 auto; padding: 16px 32px 48px; }
nav { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 10px 18px; margin: 16px 0; }
nav h2 { font-size: 15px; margin: 4px 0 6px; }
nav ol { margin: 0; padding-left: 22px; columns: 2; }
nav a { color: #17324d; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 6px 22px 18px; margin: 18px 0; }
section > h2 { font-size: 20px; border-bottom: 2px solid #17324d; padding-bottom: 4px; }
.charts { display: flex; flex-wrap: wrap; gap: 18px; }
figure { margin: 0; padding: 8px; border: 1px solid #eceef1; border-radius: 4px; max-width: 100%; overflow-x: auto; }
figure h3 { font-size: 14px; margin: 0 0 4px; }
figcaption { font-size: 12.5px; color: #4a4f55; max-width: 520px; margin-top: 4px; }
figcaption b { color: #1d1d1f; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13.5px; }
caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e4e7eb; text-align: left; }
th { background: #f0f2f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
p.note { background: #fff8e1; border-left: 4px solid #f0b400; padding: 6px 10px; }
footer { color: #666; font-size: 12px; text-align: center; padding: 12px; }
`;

function renderBlock(b: ReportBlock): string {
  switch (b.kind) {
    case 'chart':
      return `<figure><h3>${escapeHtml(b.title)}</h3>${b.svg}<figcaption><b>How to read:</b> ${escapeHtml(b.howToRead)}</figcaption></figure>`;
    case 'table': {
      const numeric = b.numeric ?? b.headers.map((_, j) => b.rows.length > 0 && b.rows.every((r) => typeof r[j] === 'number'));
      const cell = (c: string | number, j: number) => `<td${numeric[j] ? ' class="num"' : ''}>${escapeHtml(typeof c === 'number' ? formatValue(c) : c)}</td>`;
      return `<table>${b.caption ? `<caption>${escapeHtml(b.caption)}</caption>` : ''}<thead><tr>${b.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
        `<tbody>${b.rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
    }
    case 'text':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'note':
      return `<p class="note">${escapeHtml(b.text)}</p>`;
  }
}

/** Consecutive charts share a flex row; other blocks stand alone. */
function renderBlocks(blocks: readonly ReportBlock[]): string {
  const out: string[] = [];
  let charts: string[] = [];
  const flush = () => {
    if (charts.length > 0) out.push(`<div class="charts">${charts.join('')}</div>`);
    charts = [];
  };
  for (const b of blocks) {
    if (b.kind === 'chart') charts.push(renderBlock(b));
    else {
      flush();
      out.push(renderBlock(b));
    }
  }
  flush();
  return out.join('\n');
}

/** The whole page as one string. */
export function renderPage(page: ReportPage): string {
  const toc = page.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('');
  const body = page.sections.map((s) => `<section id="${escapeHtml(s.id)}">\n<h2>${escapeHtml(s.title)}</h2>\n${renderBlocks(s.blocks)}\n</section>`).join('\n');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeHtml(page.title)}</h1>${page.subtitle ? `<p>${escapeHtml(page.subtitle)}</p>` : ''}</header>`,
    '<main>',
    `<nav><h2>Contents</h2><ol>${toc}</ol></nav>`,
    body,
    '</main>',
    '<footer>Made by creditkit. Charts: Vega-Lite specifications rendered to SVG by Vega; the file needs no network and no script.</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

import { CreditkitError } from '../errors.js';
import { importOptional } from '../optionalPackage.js';
import type { VegaLiteSpec } from './charts/common.js';

/**
 * Renders a Vega-Lite spec to SVG text in Node, as the report embeds it:
 * compiled by vega-lite, laid out and drawn by vega's headless SVG renderer.
 * The libraries are imported on first use, so programs that never render a
 * chart do not load them (they are optional peers: E_MISSING_PACKAGE when absent). The `xmlns` attributes are dropped: SVG inline in
 * HTML needs none, and the report then holds no URL at all. Element ids
 * (clip paths, gradients) are made unique per chart, as ids are global in an
 * HTML page holding many SVGs.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([importOptional('vega', () => import('vega')), importOptional('vega-lite', () => import('vega-lite'))]);
  let runtime;
  try {
    runtime = vega.parse(vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec);
  } catch (e) {
    throw new CreditkitError('E_OPTION', `the chart specification is not valid Vega-Lite: ${(e as Error).message}`);
  }
  const view = new vega.View(runtime, { renderer: 'none', logLevel: vega.Error });
  try {
    const svg = (await view.toSVG()).replace(/ xmlns(:xlink)?="[^"]*"/g, '');
    return uniqueIds(roundGeometry(svg));
  } finally {
    view.finalize();
  }
}

/** Prefixes every id of an SVG, and its references, with a hash of the SVG (so equal charts share names harmlessly). */
function uniqueIds(svg: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < svg.length; i++) h = Math.imul(h ^ svg.charCodeAt(i), 0x01000193) >>> 0;
  const prefix = `c${h.toString(36)}-`;
  return svg
    .replace(/ id="([^"]+)"/g, ` id="${prefix}$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}$1"`);
}

/**
 * Rounds coordinates in path data and transforms to 1/100 pixel: vega writes
 * up to 16 digits, which makes a chart of thousands of dots several times
 * larger for no visible difference.
 */
function roundGeometry(svg: string): string {
  return svg.replace(/ (d|transform)="([^"]*)"/g, (_, attr: string, value: string) =>
    ` ${attr}="${value.replace(/-?\d+\.\d{3,}(e-?\d+)?/g, (n) => String(Math.round(Number(n) * 100) / 100))}"`);
}

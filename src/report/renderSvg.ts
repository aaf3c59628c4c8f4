import { CreditkitError } from '../errors.js';
import type { VegaLiteSpec } from './charts/common.js';

/**
 * Renders a Vega-Lite spec to SVG text in Node, as the report embeds it:
 * compiled by vega-lite, laid out and drawn by vega's headless SVG renderer.
 * The libraries are imported on first use, so programs that never render a
 * chart do not load them. The `xmlns` attributes are dropped: SVG inline in
 * HTML needs none, and the report then holds no URL at all.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  let runtime;
  try {
    runtime = vega.parse(vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec);
  } catch (e) {
    throw new CreditkitError('E_OPTION', `the chart specification is not valid Vega-Lite: ${(e as Error).message}`);
  }
  const view = new vega.View(runtime, { renderer: 'none', logLevel: vega.Error });
  try {
    const svg = await view.toSVG();
    return svg.replace(/ xmlns(:xlink)?="[^"]*"/g, '');
  } finally {
    view.finalize();
  }
}

import { CreditkitError } from '../../errors.js';
import { COLOR, percentAxis, SCHEMA, type VegaLiteSpec } from './common.js';

/** One attribute (bin) of a scorecard characteristic, as the chart draws it. */
export interface BinOfCharacteristic {
  attribute: string;
  share: number;
  eventRate: number;
  woe: number;
}

export interface CharacteristicBinsChartOptions {
  width?: number;
  height?: number;
}

/**
 * A scorecard characteristic's attributes in table order: the event (bad)
 * rate of each as bars (left axis) and its WOE as a line (right axis). With
 * WOE = ln(%good / %bad), the line falls where the bars rise.
 */
export function characteristicBinsChartSpec(feature: string, bins: readonly BinOfCharacteristic[], options: CharacteristicBinsChartOptions = {}): VegaLiteSpec {
  if (bins.length === 0) throw new CreditkitError('E_EMPTY_DATA', `characteristic "${feature}" has no attributes to draw`);
  const values = bins.map((b, k) => {
    if (!(b.eventRate >= 0 && b.eventRate <= 1) || !Number.isFinite(b.woe) || !(b.share >= 0 && b.share <= 1)) {
      throw new CreditkitError('E_NONFINITE', `attribute ${k} of "${feature}" needs an event rate and share in [0, 1] and a finite WOE`);
    }
    // The order number keeps attributes in table order and apart when two labels are equal.
    return { order: k, attribute: `${k + 1}. ${b.attribute}`, share: b.share, eventRate: b.eventRate, woe: b.woe };
  });
  const x = { field: 'attribute', type: 'nominal', sort: values.map((v) => v.attribute), axis: { title: 'Attribute', labelAngle: -30, labelLimit: 160 } };
  return {
    $schema: SCHEMA,
    title: `${feature}: event rate and WOE by attribute`,
    width: options.width ?? 420,
    height: options.height ?? 220,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', color: COLOR.bad, opacity: 0.6 },
        encoding: {
          x,
          y: { field: 'eventRate', type: 'quantitative', axis: percentAxis('Event (default) rate', '.1%') },
          tooltip: [{ field: 'attribute' }, { field: 'eventRate', format: '.2%', title: 'event rate' }, { field: 'share', format: '.1%' }, { field: 'woe', format: '.3f', title: 'WOE' }],
        },
      },
      {
        mark: { type: 'line', color: COLOR.good, point: { color: COLOR.good } },
        encoding: {
          x,
          y: { field: 'woe', type: 'quantitative', axis: { title: 'WOE = ln(%good / %bad)', orient: 'right', grid: false } },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}

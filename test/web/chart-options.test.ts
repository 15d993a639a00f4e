import { describe, expect, it } from 'vitest';
import {
  bucketLabel,
  radarOption,
  scoreHistoryOption,
  tierAt,
  tierBands,
  tierDistributionOption,
} from '../../web/src/components/charts/options';
import { wrapLabel } from '../../web/src/components/charts/wrap-label';

const tiers = [
  { key: 'green', name: 'Green', color: '#16a34a', min: 80 },
  { key: 'yellow', name: 'Yellow', color: '#eab308', min: 40 },
  { key: 'red', name: 'Red', color: '#dc2626', min: 0 },
];

describe('chart options', () => {
  it('turns best-first thresholds into bands that cover 0–100', () => {
    expect(tierBands(tiers).map((b) => [b.tier.key, b.from, b.to])).toEqual([
      ['green', 80, 100],
      ['yellow', 40, 80],
      ['red', 0, 40],
    ]);
    expect(tierAt(79.9, tiers)?.key).toBe('yellow');
    expect(tierAt(80, tiers)?.key).toBe('green');
  });

  it('labels histogram buckets with inclusive ends', () => {
    expect(bucketLabel({ from: 0, to: 10 })).toBe('0–9');
    expect(bucketLabel({ from: 90, to: 100 })).toBe('90–100');
  });

  it('draws the score history on tier bands with a marker at each tier change', () => {
    const option = scoreHistoryOption(
      [
        { period: '2026-11-01', score: 35, tier: 'red' },
        { period: '2026-11-02', score: 45, tier: 'yellow' },
      ],
      [
        { period: '2026-11-02', kind: 'save', fromTier: 'red', toTier: 'yellow' },
        // No score that day: nowhere to put the marker.
        { period: '2026-10-01', kind: 'decline', fromTier: 'yellow', toTier: 'red' },
      ],
      tiers,
      {
        score: 'Score',
        formatPeriod: (p) => p.slice(5),
        transitionLabel: (t) => `${t.kind}: ${t.fromTier}→${t.toTier}`,
      },
    );
    const series = (option.series as unknown[])[0] as {
      data: unknown[];
      markArea: { data: [{ name: string; yAxis: number }, { yAxis: number }][] };
      markPoint: { data: { name: string; coord: [string, number] }[] };
    };
    expect(series.data).toEqual([35, 45]);
    expect(series.markArea.data.map(([from, to]) => [from.name, from.yAxis, to.yAxis])).toEqual([
      ['Green', 80, 100],
      ['Yellow', 40, 80],
      ['Red', 0, 40],
    ]);
    expect(series.markPoint.data).toEqual([
      expect.objectContaining({ name: 'save: red→yellow', coord: ['11-02', 45] }),
    ]);
  });

  it('marks radar axes without data and leaves out an average nobody has', () => {
    const option = radarOption(
      [
        { key: 'usage', name: 'Usage', score: 70, segmentAverage: null },
        { key: 'support', name: 'Support', score: null, segmentAverage: null },
      ],
      { account: 'Acme', segment: 'Segment average', noData: 'no data' },
    );
    const radar = option.radar as { indicator: { name: string }[] };
    expect(radar.indicator.map((i) => i.name)).toEqual(['Usage', 'Support (no data)']);
    const series = (option.series as { data: unknown[] }[])[0]!;
    expect(series.data).toHaveLength(1);
  });

  it('wraps long radar axis names and puts "no data" on its own line, the tooltip keeping the full name', () => {
    const option = radarOption(
      [
        { key: 'relationship', name: 'Relationship with the account team', score: null, segmentAverage: 50 },
        { key: 'usage', name: 'Usage', score: 70, segmentAverage: 60 },
      ],
      { account: 'Acme', segment: 'Segment average', noData: 'no data' },
    );
    const radar = option.radar as {
      indicator: { name: string }[];
      axisName: { formatter: (name: string) => string };
    };
    expect(radar.indicator[0]!.name).toBe('Relationship with the account team (no data)');
    expect(radar.axisName.formatter(radar.indicator[0]!.name)).toBe(
      'Relationship\nwith the\naccount team\n(no data)',
    );
    expect(radar.axisName.formatter('Usage')).toBe('Usage');
    const tooltip = (option.tooltip as { formatter: (p: unknown) => string }).formatter({
      name: 'Acme',
      dataIndex: 0,
    });
    expect(tooltip).toBe('Acme<br>Relationship with the account team: no data<br>Usage: 70');
  });

  it('puts the best tier on top of the distribution, in its colour', () => {
    const option = tierDistributionOption(
      tiers.map((t, i) => ({ ...t, count: i + 1, arrCents: 100 })),
      (c) => `$${c / 100}`,
    );
    expect((option.yAxis as { data: string[] }).data).toEqual(['Red', 'Yellow', 'Green']);
    const bars = (option.series as { data: { value: number; itemStyle: { color: string } }[] }[])[0]!.data;
    expect(bars.at(-1)).toEqual({ value: 1, itemStyle: { color: '#16a34a' } });
  });
});

describe('wrapLabel', () => {
  it('breaks Latin text at spaces into lines of at most 14 letters', () => {
    expect(wrapLabel('Relationship health of the account')).toBe('Relationship\nhealth of the\naccount');
    expect(wrapLabel('Usage')).toBe('Usage');
  });

  it('counts a CJK character as two letters and breaks between any two', () => {
    expect(wrapLabel('客户关系健康度与满意度指标')).toBe('客户关系健康度\n与满意度指标');
  });

  it('keeps a word longer than a line whole, on its own line', () => {
    expect(wrapLabel('Supercalifragilistic x', 10)).toBe('Supercalifragilistic\nx');
  });
});

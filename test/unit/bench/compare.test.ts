import { describe, expect, it } from 'vitest';
import {
  checksOf,
  compareFigures,
  FIGURES,
  type Figures,
  figuresOf,
  MAX_FACTOR,
  medianFigures,
  report,
  worseBy,
} from '../../bench/compare.mjs';

/** A passing smoke results.json, as test/bench/all.mjs writes it. */
function results() {
  return {
    smoke: true,
    failed: [] as string[],
    ingest: { ratio: 0.5, sent: 1000, counted: 1000, rolledUp: 1000, failures: 0, non200: 0 },
    scoring: {
      accounts: 500,
      failed: 0,
      accountsPerSec: 1000,
      coreAccountsPerSec: 100_000,
      queriesPer1000: 40,
    },
    api: { p95Ms: 40, healthP95Ms: 4, p95Ratio: 10, p50Ratio: 8 },
    load: { sent: 500, counted: 500, errors5xx: 0, adminToIngestP95: 3 },
    storage: { snapshotBytesPerAccountDay: 60, rollupBytesPerAccountDay: 300 },
  };
}

describe('figuresOf', () => {
  it('reads every gated figure, the scoring one as worker ÷ core', () => {
    expect(figuresOf(results())).toEqual({
      'ingest.ratio': 0.5,
      'scoring.workerToCore': 0.01,
      'scoring.queriesPer1000': 40,
      'api.p95Ratio': 10,
      'api.p50Ratio': 8,
      'load.adminToIngestP95': 3,
      'storage.snapshotBytesPerAccountDay': 60,
      'storage.rollupBytesPerAccountDay': 300,
    });
  });

  it('gives null for a skipped or failed bench and for non-numbers', () => {
    const r = { ...results(), api: null, ingest: { ratio: 'fast' } };
    const f = figuresOf(r);
    expect(f['api.p95Ratio']).toBeNull();
    expect(f['ingest.ratio']).toBeNull();
    expect(figuresOf(null)['storage.rollupBytesPerAccountDay']).toBeNull();
  });
});

describe('worseBy', () => {
  it('is direction-aware', () => {
    expect(worseBy('higher', 0.8, 0.4)).toBe(2);
    expect(worseBy('higher', 0.4, 0.8)).toBe(0.5);
    expect(worseBy('lower', 10, 25)).toBe(2.5);
    expect(worseBy('lower', 10, 5)).toBe(0.5);
  });

  it('treats a higher-is-better figure fallen to zero as infinitely worse', () => {
    expect(worseBy('higher', 0.5, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(worseBy('lower', 0, 0)).toBe(1);
    expect(worseBy('lower', 0, 3)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('compareFigures', () => {
  const base = figuresOf(results());

  it('passes the same figures and ones up to exactly 2× worse', () => {
    const r = results();
    r.api.p95Ratio = 20; // exactly 2× worse
    r.ingest.ratio = 0.25; // exactly 2× worse, higher is better
    const rows = compareFigures(base, figuresOf(r));
    expect(rows.every((x) => x.verdict === 'ok' || x.verdict === 'info')).toBe(true);
    expect(rows.find((x) => x.key === 'api.p95Ratio')?.factor).toBe(2);
  });

  it('fails a lower-is-better figure more than 2× higher', () => {
    const r = results();
    r.api.p95Ratio = 20.1;
    const row = compareFigures(base, figuresOf(r)).find((x) => x.key === 'api.p95Ratio');
    expect(row).toMatchObject({ baseline: 10, now: 20.1, verdict: 'REGRESSED' });
  });

  it('fails a higher-is-better figure fallen below half, not one that rose', () => {
    const r = results();
    r.ingest.ratio = 0.24;
    r.scoring.coreAccountsPerSec = 10_000; // the worker is now 10× closer to the core: better
    const rows = compareFigures(base, figuresOf(r));
    expect(rows.find((x) => x.key === 'ingest.ratio')?.verdict).toBe('REGRESSED');
    const worker = rows.find((x) => x.key === 'scoring.workerToCore');
    expect(worker?.factor).toBeCloseTo(0.1);
    expect(worker?.verdict).toBe('info');
  });

  it('fails a figure the run lost and only reports one the baseline lacks', () => {
    const rows = compareFigures(
      { ...base, 'load.adminToIngestP95': null },
      { ...base, 'api.p95Ratio': null },
    );
    expect(rows.find((x) => x.key === 'api.p95Ratio')?.verdict).toBe('MISSING');
    expect(rows.find((x) => x.key === 'load.adminToIngestP95')?.verdict).toBe('new');
  });

  it('reports an ungated figure whatever it is, and gates every other', () => {
    const r = results();
    r.scoring.accountsPerSec = 1; // 1,000× worse
    const rows = compareFigures(base, figuresOf(r));
    const worker = rows.find((x) => x.key === 'scoring.workerToCore');
    expect(worker?.factor).toBeCloseTo(1000);
    expect(worker?.verdict).toBe('info');
    expect(report(rows, checksOf(r)).pass).toBe(true);
    expect(FIGURES.filter((f) => f.gate === false).map((f) => f.key)).toEqual(['scoring.workerToCore']);
    expect(compareFigures(base, { ...base, 'scoring.workerToCore': null })[1]?.verdict).toBe('info');
  });

  it('takes another factor', () => {
    const r = results();
    r.storage.rollupBytesPerAccountDay = 400;
    const row = (max: number) =>
      compareFigures(base, figuresOf(r), max).find((x) => x.key === 'storage.rollupBytesPerAccountDay');
    expect(row(MAX_FACTOR)?.verdict).toBe('ok');
    expect(row(1.2)?.verdict).toBe('REGRESSED');
  });
});

describe('checksOf', () => {
  const failing = (r: unknown) =>
    checksOf(r)
      .filter((c) => !c.pass)
      .map((c) => c.check);

  it('passes a complete clean run', () => {
    expect(failing(results())).toEqual([]);
  });

  it('fails when events were lost or doubled, whatever the ratios', () => {
    const r = results();
    r.ingest.counted = 999;
    expect(failing(r)).toEqual([expect.stringMatching(/^ingest: sent 1000 == counted 999/)]);
    const l = results();
    l.load.counted = 501;
    expect(failing(l)).toEqual([expect.stringMatching(/^load: sent 500 == counted 501/)]);
  });

  it('fails on 5xx, ingest failures, unscored accounts and an empty run', () => {
    const r = results();
    r.load.errors5xx = 1;
    r.ingest.non200 = 2;
    r.scoring.failed = 3;
    expect(failing(r)).toHaveLength(3);
    const empty = results();
    empty.ingest.sent = 0;
    empty.ingest.counted = 0;
    empty.ingest.rolledUp = 0;
    expect(failing(empty)).toHaveLength(1);
  });

  it('fails a bench that failed or printed nothing', () => {
    const r = { ...results(), failed: ['storage'], storage: null };
    expect(failing(r)).toEqual([
      'every bench ran and printed its result (failed: storage)',
      'storage has a result',
    ]);
    expect(failing({})).toContain('every bench ran and printed its result (failed: none)');
  });
});

describe('medianFigures', () => {
  it('takes the median of each figure, skipping runs without it', () => {
    const runs: Figures[] = [0.4, 0.6, 0.5].map((ratio) => ({
      ...figuresOf(results()),
      'ingest.ratio': ratio,
    }));
    runs[1]!['api.p95Ratio'] = null;
    runs[2]!['api.p95Ratio'] = 14;
    const m = medianFigures(runs);
    expect(m['ingest.ratio']).toBe(0.5);
    expect(m['api.p95Ratio']).toBe(12);
    expect(Object.keys(m)).toEqual(FIGURES.map((f) => f.key));
  });
});

describe('report', () => {
  it('prints baseline, now, factor and verdict per figure and passes a clean run', () => {
    const base = figuresOf(results());
    const { lines, pass } = report(compareFigures(base, base), checksOf(results()));
    expect(pass).toBe(true);
    expect(lines[0]).toMatch(/figure\s+better\s+baseline\s+now\s+worse\s+verdict/);
    expect(lines.find((l) => l.startsWith('api.p95Ratio'))).toMatch(/lower\s+10\s+10\s+1\.00×\s+ok$/);
    expect(lines.at(-1)).toMatch(/PASS/);
  });

  it('fails on a regressed figure, a missing one, or a failed check', () => {
    const base = figuresOf(results());
    const slow = results();
    slow.api.p95Ratio = 30;
    expect(report(compareFigures(base, figuresOf(slow)), checksOf(slow)).pass).toBe(false);
    expect(report(compareFigures(base, { ...base, 'ingest.ratio': null }), []).pass).toBe(false);
    expect(report(compareFigures(base, base), [{ check: 'x', pass: false }]).pass).toBe(false);
    const lines = report(compareFigures(base, figuresOf(slow)), []).lines;
    expect(lines.find((l) => l.startsWith('api.p95Ratio'))).toMatch(/3\.00×\s+REGRESSED$/);
    expect(lines.at(-1)).toBe('bench smoke: FAIL');
  });
});

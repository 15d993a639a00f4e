import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScoringRun } from '../../web/src/api/dashboard';
import { emptyReason, useDashboard, useScoringRun } from '../../web/src/composables/useDashboard';
import { errorBody, fakeApi } from './fetch';
import { withSetup } from './with-setup';

const run = (patch: Partial<ScoringRun>): ScoringRun => ({
  runId: '00000000-0000-4000-8000-000000000001',
  period: '2026-11-25',
  trigger: 'manual',
  status: 'running',
  scored: 0,
  failed: 0,
  total: 10,
  startedAt: '2026-11-25T00:00:00Z',
  finishedAt: null,
  d1Queries: 0,
  errors: [],
  skipped: 0,
  asOf: null,
  backfillId: null,
  ...patch,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useScoringRun', () => {
  it('starts a run, polls its progress until it is done, then reports it once', async () => {
    vi.useFakeTimers();
    const progress = [run({ scored: 4 }), run({ scored: 9, failed: 1, status: 'done' })];
    const server = fakeApi({
      'POST /api/scoring/run': () => ({
        status: 202,
        body: { runId: run({}).runId, period: '2026-11-25', total: 10 },
      }),
      [`GET /api/scoring/runs/${run({}).runId}`]: () => ({ body: progress.shift() }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const onFinished = vi.fn();
    const { result: scoring, wrapper } = withSetup(() => useScoringRun({ pollMs: 500, onFinished }));
    await scoring.start();
    expect(scoring.state.value).toBe('running');
    expect(scoring.progress.value).toBe(0);
    await vi.advanceTimersByTimeAsync(500);
    expect(scoring.progress.value).toBeCloseTo(0.4);
    expect(onFinished).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(scoring.progress.value).toBe(1);
    expect(scoring.state.value).toBe('done');
    expect(onFinished).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
    wrapper.unmount();
  });

  it('reports a refused start with the API error', async () => {
    const server = fakeApi({
      'POST /api/scoring/run': () => ({ status: 403, body: errorBody('FORBIDDEN', 'admins only', 'req-9') }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const { result: scoring, wrapper } = withSetup(() => useScoringRun());
    await scoring.start();
    expect(scoring.state.value).toBe('error');
    expect(scoring.error.value?.message).toBe('admins only');
    wrapper.unmount();
  });

  it('stops polling when the page is left', async () => {
    vi.useFakeTimers();
    const server = fakeApi({
      'POST /api/scoring/run': () => ({
        status: 202,
        body: { runId: run({}).runId, period: '2026-11-25', total: 10 },
      }),
      [`GET /api/scoring/runs/${run({}).runId}`]: () => ({ body: run({ scored: 1 }) }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const { result: scoring, wrapper } = withSetup(() => useScoringRun({ pollMs: 100 }));
    await scoring.start();
    await vi.advanceTimersByTimeAsync(250);
    wrapper.unmount();
    const seen = server.requests.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.requests).toHaveLength(seen);
  });
});

describe('useDashboard', () => {
  const data = { period: null, from: null, tiers: [], unscored: 0 };

  it('tells a new installation what is missing', () => {
    expect(emptyReason(data, false)).toBe('noAccounts');
    expect(emptyReason({ ...data, unscored: 3 }, false)).toBe('noScores');
    expect(
      emptyReason(
        {
          period: '2026-11-25',
          tiers: [{ key: 'g', name: 'G', color: '#000000', count: 2, arrCents: 0 }],
          unscored: 0,
        },
        false,
      ),
    ).toBeNull();
    // A filter that matches nothing is not a new installation.
    expect(emptyReason(data, true)).toBeNull();
  });

  it('sends the filters and reloads when one changes', async () => {
    const server = fakeApi({
      'GET /api/dashboard': () => ({
        body: {
          ...data,
          histogram: [],
          tierHistory: [],
          movers: { up: [], down: [] },
          filters: { segments: [], owners: [] },
        },
      }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const { result: dashboard, wrapper } = withSetup(() => useDashboard({ owner: 'me' }));
    await flushPromises();
    expect(Object.fromEntries(new URL(server.requests[0]!.url, 'http://x').searchParams)).toEqual({
      owner: 'me',
      days: '90',
      changeDays: '7',
    });
    dashboard.filters.segment = 'smb';
    dashboard.filters.days = 30;
    dashboard.filters.changeDays = 30;
    await flushPromises();
    expect(server.requests).toHaveLength(2);
    expect(Object.fromEntries(new URL(server.requests[1]!.url, 'http://x').searchParams)).toEqual({
      segment: 'smb',
      owner: 'me',
      days: '30',
      changeDays: '30',
    });
    expect(dashboard.empty.value).toBeNull();
    wrapper.unmount();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScoringBackfill } from '../../web/src/api/dashboard';
import { useBackfill } from '../../web/src/composables/useBackfill';
import { errorBody, fakeApi } from './fetch';
import { withSetup } from './with-setup';

const ID = '00000000-0000-4000-8000-0000000000b1';
const backfill = (patch: Partial<ScoringBackfill>): ScoringBackfill => ({
  backfillId: ID,
  status: 'running',
  days: ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'],
  completed: 0,
  total: 4,
  currentDay: '2026-11-20',
  currentRunId: '00000000-0000-4000-8000-000000000001',
  error: null,
  startedAt: '2026-11-25T00:00:00Z',
  finishedAt: null,
  ...patch,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useBackfill', () => {
  it('starts a backfill of the chosen days, polls it until done, then reports it once', async () => {
    vi.useFakeTimers();
    const progress = [
      backfill({ completed: 1 }),
      backfill({ completed: 4, status: 'done', currentDay: null }),
    ];
    const server = fakeApi({
      'POST /api/scoring/backfill': () => ({ status: 202, body: backfill({}) }),
      [`GET /api/scoring/backfills/${ID}`]: () => ({ body: progress.shift() }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const onFinished = vi.fn();
    const { result, wrapper } = withSetup(() => useBackfill({ pollMs: 500, onFinished }));
    await result.start(30);
    expect(server.requests[0]?.body).toEqual({ days: 30 });
    expect(result.state.value).toBe('running');
    await vi.advanceTimersByTimeAsync(500);
    expect(result.progress.value).toBeCloseTo(0.25);
    await vi.advanceTimersByTimeAsync(500);
    expect(result.progress.value).toBe(1);
    expect(result.state.value).toBe('done');
    expect(onFinished).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
    wrapper.unmount();
  });

  it('is done at once when no day needs scoring', async () => {
    const server = fakeApi({
      'POST /api/scoring/backfill': () => ({
        status: 202,
        body: backfill({ status: 'done', days: [], total: 0, currentDay: null, currentRunId: null }),
      }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const { result, wrapper } = withSetup(() => useBackfill());
    await result.start(7);
    expect(result.state.value).toBe('done');
    expect(result.progress.value).toBe(1);
    wrapper.unmount();
  });

  it('reports a refused start with the API error', async () => {
    const server = fakeApi({
      'POST /api/scoring/backfill': () => ({
        status: 403,
        body: errorBody('FORBIDDEN', 'admins only', 'req-9'),
      }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const { result, wrapper } = withSetup(() => useBackfill());
    await result.start(30);
    expect(result.state.value).toBe('error');
    expect(result.error.value?.message).toBe('admins only');
    wrapper.unmount();
  });
});

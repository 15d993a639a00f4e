import { computed, ref, shallowRef } from 'vue';
import type { DemoProgress } from '../../../shared/demo/load';
import type { ApiClient } from '../api/client';
import { type DemoStatus, getDemoStatus, removeDemoData } from '../api/demo';
import { useApi } from './useApi';

// One state for the whole app: the empty dashboard's offer and the dashboard's banner show the same load.
const status = shallowRef<DemoStatus | null>(null);
const state = ref<'idle' | 'loading' | 'removing' | 'error'>('idle');
const action = ref<'load' | 'remove' | null>(null);
const error = shallowRef<Error | null>(null);
const progress = shallowRef<DemoProgress | null>(null);
/** Bumped after every load or removal, so views that show demo data reload. */
const changes = ref(0);
const removedAccounts = ref<number | null>(null);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Answers a survey link through the public survey API, as the customer's browser would, waiting out 429s. */
async function answerSurvey(url: string, answer: { score: number; comment?: string }): Promise<void> {
  const token = url.slice(url.lastIndexOf('/s/') + 3);
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`/api/public/surveys/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(answer),
    });
    if (res.status === 429 && attempt < 10) {
      await sleep(Number(res.headers.get('Retry-After') ?? '5') * 1000);
      continue;
    }
    if (!res.ok) throw new Error(`survey answer: ${res.status}`);
    return;
  }
}

/**
 * The demo workspace from the SPA: its status, "Load demo data" (the same generator and loader as `npm run demo`,
 * loaded on demand: events through the SDK with the demo source's write key, records through the admin API with
 * this session) and "Remove demo data". `progress` follows the load phase by phase.
 * @example const { status, refresh, load, remove, progress } = useDemoData()
 */
export function useDemoData(api: ApiClient = useApi()) {
  async function refresh(): Promise<void> {
    try {
      status.value = await getDemoStatus(api);
    } catch (err) {
      error.value = err instanceof Error ? err : new Error(String(err));
    }
  }

  async function load(): Promise<void> {
    if (state.value === 'loading' || state.value === 'removing') return;
    state.value = 'loading';
    action.value = 'load';
    error.value = null;
    removedAccounts.value = null;
    progress.value = null;
    try {
      const [{ generateDemo }, { loadDemo }, { createKeepwell }] = await Promise.all([
        import('../../../shared/demo/generate'),
        import('../../../shared/demo/load'),
        import('../../../sdk/src/index'),
      ]);
      const ws = generateDemo({ today: new Date().toISOString().slice(0, 10) });
      await loadDemo(
        ws,
        {
          api: <T>(method: string, path: string, body?: unknown) =>
            api.request<T>(method, path, body === undefined ? {} : { body }),
          sdk: (writeKey) =>
            createKeepwell({
              writeKey,
              host: window.location.origin,
              flushAt: 1000,
              maxQueueSize: 100_000,
              flushInterval: 60_000,
              flushOnHide: false,
            }),
          answerSurvey,
          sleep,
        },
        { onProgress: (p) => (progress.value = p) },
      );
      state.value = 'idle';
    } catch (err) {
      error.value = err instanceof Error ? err : new Error(String(err));
      state.value = 'error';
    } finally {
      await refresh();
      changes.value++;
    }
  }

  async function remove(): Promise<void> {
    if (state.value === 'loading' || state.value === 'removing') return;
    state.value = 'removing';
    action.value = 'remove';
    error.value = null;
    try {
      removedAccounts.value = (await removeDemoData(api)).accounts;
      state.value = 'idle';
    } catch (err) {
      error.value = err instanceof Error ? err : new Error(String(err));
      state.value = 'error';
    } finally {
      await refresh();
      changes.value++;
    }
  }

  const percent = computed(() => Math.round((progress.value?.overall ?? 0) * 100));
  return { status, state, action, error, progress, percent, changes, removedAccounts, refresh, load, remove };
}

import { computed, getCurrentInstance, ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { DEFAULT_TEXTS_ZH } from '../../../shared/health/default-texts';
import { DEFAULT_TIERS } from '../../../shared/health/defaults';
import { getTierSettings, putTierSettings, type TierDisplay } from '../api/settings';
import { i18n } from '../i18n';
import { useApi } from './useApi';
import type { LoadState } from './useLoader';

/** Grey for a tier key no setting knows (e.g. a custom model's tier). */
const UNKNOWN_TIER_COLOR = '#64748b';

/** The built-in names and colours, best first. */
export const DEFAULT_TIER_DISPLAY: readonly TierDisplay[] = DEFAULT_TIERS.map((t) => ({
  key: t.key,
  name: t.label ?? t.key,
  names: { zh: DEFAULT_TEXTS_ZH.tiers[t.key]?.label },
  color: t.color ?? UNKNOWN_TIER_COLOR,
}));

// One copy for the whole app: every badge and chart shows the same names and colours.
const tiers = shallowRef<readonly TierDisplay[]>(DEFAULT_TIER_DISPLAY);
const state = ref<LoadState>('idle');
const error = shallowRef<Error | null>(null);
let loading: Promise<void> | null = null;

/**
 * Tier display names and colours from `GET /api/settings/tiers`, loaded once and shared; the defaults show until
 * then (and if the request fails). `tier(key)` never fails: an unknown key shows as itself in grey.
 * @example
 * const { tiers, tier } = useTiers()
 * tier('green').name // 'Green', or what an admin renamed it to
 */
export function useTiers() {
  const api = useApi();
  // In a component the tree's i18n (tests mount their own); elsewhere the app's.
  const locale = getCurrentInstance() ? useI18n().locale : i18n.global.locale;

  function load(force = false): Promise<void> {
    if (loading && !force) return loading;
    state.value = 'loading';
    loading = getTierSettings(api)
      .then((res) => {
        tiers.value = res.tiers;
        state.value = 'done';
        error.value = null;
      })
      .catch((err: unknown) => {
        error.value = err instanceof Error ? err : new Error(String(err));
        state.value = 'error';
        loading = null;
      });
    return loading;
  }

  /** Saves new names/colours (admin) and updates every badge at once. */
  async function save(next: TierDisplay[]): Promise<void> {
    const res = await putTierSettings(api, next);
    tiers.value = res.tiers;
  }

  /** The tiers with `name` in the reader's language (the stored name where the tier has no translation). */
  const localized = computed(() =>
    tiers.value.map((t) => {
      const name = locale.value === 'zh' ? t.names?.zh : undefined;
      return name ? { ...t, name } : t;
    }),
  );
  const byKey = computed(() => new Map(localized.value.map((t) => [t.key, t])));

  if (state.value === 'idle') void load();

  return {
    /** Best first, named in the reader's language. */
    tiers: localized,
    /** Best first, as stored (English names; `names` their translations): for the settings form. */
    stored: tiers,
    state,
    error,
    tier: (key: string): TierDisplay => byKey.value.get(key) ?? { key, name: key, color: UNKNOWN_TIER_COLOR },
    reload: () => load(true),
    save,
  };
}

/** Restores the defaults and forgets the loaded settings; for tests. */
export function resetTiersForTests(): void {
  tiers.value = DEFAULT_TIER_DISPLAY;
  state.value = 'idle';
  error.value = null;
  loading = null;
}

import { computed, onScopeDispose, type Ref, ref, watch } from 'vue';
import type { ApiClient } from '../api/client';
import { ApiError } from '../api/client';
import { type HealthModel, validateModel } from '../api/studio-models';
import { type ModelIssue, toModelIssues } from '../components/studio/model/model-issues';
import { useApi } from './useApi';
import { useLoader } from './useLoader';

/** Quiet time after the last edit before the model is checked (and then previewed), ms. */
export const CHECK_DEBOUNCE_MS = 600;

interface CheckResult {
  /** The config that was checked (a copy taken when the check started). */
  config: HealthModel;
  ok: boolean;
  issues: ModelIssue[];
}

/**
 * Checks `config` with `POST /api/models/validate` once edits pause for {@link CHECK_DEBOUNCE_MS} (at once for
 * the first config): `issues` of the latest check, `validConfig` the latest config that passed (a new object each
 * time, so a preview can follow it), `pending` while an edit has not been checked yet. A newer check aborts an older
 * one. When the check itself cannot run (network, an old API), the config counts as valid and the preview's own
 * answer says what is wrong.
 * @example const { validConfig, issues, pending } = useModelValidation(config, { enabled: isAdmin })
 */
export function useModelValidation(
  config: Ref<HealthModel | null>,
  options: { enabled: Ref<boolean>; api?: ApiClient; debounceMs?: number },
) {
  const api = options.api ?? useApi();
  const debounceMs = options.debounceMs ?? CHECK_DEBOUNCE_MS;
  let snapshot: HealthModel | null = null;

  const check = useLoader<CheckResult | null>(
    async (signal) => {
      const body = snapshot;
      if (!body) return null;
      try {
        await validateModel(api, body, signal);
        return { config: body, ok: true, issues: [] };
      } catch (err) {
        if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') {
          return { config: body, ok: false, issues: toModelIssues(err.issues) };
        }
        if (signal.aborted || (err instanceof ApiError && err.status === 401)) throw err;
        return { config: body, ok: true, issues: [] };
      }
    },
    { immediate: false },
  );

  const pending = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let first = true;
  function schedule(value: HealthModel | null) {
    clearTimeout(timer);
    if (!options.enabled.value || !value) {
      pending.value = false;
      return;
    }
    pending.value = true;
    const run = () => {
      snapshot = value;
      void check.reload().then(() => {
        if (snapshot === value) pending.value = false;
      });
    };
    if (first) run();
    else timer = setTimeout(run, debounceMs);
    first = false;
  }
  watch(
    () => [JSON.stringify(config.value), options.enabled.value] as const,
    ([json], old) => {
      // A different model (or none) starts over: its first config is checked at once.
      if (json === 'null' || old?.[0] === 'null') first = true;
      schedule(config.value);
    },
    { immediate: true },
  );
  onScopeDispose(() => clearTimeout(timer));

  return {
    state: check.state,
    error: check.error,
    pending,
    issues: computed(() => check.data.value?.issues ?? []),
    validConfig: computed(() => (check.data.value?.ok ? check.data.value.config : null)),
  };
}

import { computed, type Ref, ref, watch } from 'vue';
import type { ApiClient } from '../api/client';
import { ApiError } from '../api/client';
import {
  discardDraft,
  getModelDiff,
  type ModelDiff,
  type ModelVersion,
  publishModel,
  rollbackModel,
} from '../api/studio-models';
import { useApi } from './useApi';
import { useLoader } from './useLoader';
import { useSubmit } from './useSubmit';

/**
 * Versions of one model: publish the draft with a note, roll back to an older version (a 409 because a draft is
 * open sets `rollbackConflict`, and `discardAndRollback` resolves it), and the diff of any two versions (`from`,
 * `to`; by default the published version against the newest). `reload` reloads the model after each change.
 * @example const versions = useModelVersions(modelId, editor.versions, editor.model.reload)
 */
export function useModelVersions(
  modelId: Ref<string | null>,
  versions: Ref<readonly ModelVersion[]>,
  reload: () => Promise<void>,
  api: ApiClient = useApi(),
) {
  const from = ref<number | null>(null);
  const to = ref<number | null>(null);
  // New versions (a save, a publish, another model) reset the pair to the most useful comparison.
  watch(
    () => versions.value.map((v) => v.version).join(','),
    () => {
      const list = versions.value;
      const newest = list[0];
      const older = list.find((v) => v.status === 'published' && v !== newest) ?? list[1];
      to.value = newest?.version ?? null;
      from.value = older?.version ?? null;
    },
    { immediate: true },
  );

  const diff = useLoader<ModelDiff | null>(
    (signal) => {
      const id = modelId.value;
      if (!id || from.value === null || to.value === null || from.value === to.value)
        return Promise.resolve(null);
      return getModelDiff(api, id, from.value, to.value, signal);
    },
    { watch: [modelId, from, to] },
  );

  const publish = useSubmit(async (note: string) => {
    if (!modelId.value) return;
    await publishModel(api, modelId.value, note.trim() || undefined);
    await reload();
  });

  /** The version a rollback was refused for because a draft is open. */
  const rollbackConflict = ref<number | null>(null);
  const rollback = useSubmit(async (version: number, note: string) => {
    if (!modelId.value) return;
    rollbackConflict.value = null;
    try {
      await rollbackModel(api, modelId.value, version, note.trim() || undefined);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) rollbackConflict.value = version;
      throw err;
    }
    await reload();
  });

  /** Discards the open draft, then rolls back (the admin confirmed losing the draft). */
  const discardAndRollback = useSubmit(async (version: number, note: string) => {
    if (!modelId.value) return;
    await discardDraft(api, modelId.value);
    rollbackConflict.value = null;
    await rollbackModel(api, modelId.value, version, note.trim() || undefined);
    await reload();
  });

  const canCompare = computed(() => versions.value.length > 1);

  return { from, to, diff, canCompare, publish, rollback, rollbackConflict, discardAndRollback };
}

/** What useModelVersions returns (passed to the version components). */
export type ModelVersions = ReturnType<typeof useModelVersions>;

import { computed, type Ref, ref, shallowRef, watch } from 'vue';
import type { ApiClient } from '../api/client';
import { ApiError } from '../api/client';
import { discardDraft, getModel, type HealthModel, type Model, saveDraft } from '../api/studio-models';
import {
  cloneConfig,
  configForApi,
  totalIsHundred,
  weightTotal,
} from '../components/studio/model/model-form';
import { type ModelIssue, placeIssues, toModelIssues } from '../components/studio/model/model-issues';
import { useApi } from './useApi';
import { useLoader } from './useLoader';
import { useModelValidation } from './useModelValidation';
import { useSubmit } from './useSubmit';

/**
 * One model in the editor: the model with its versions, a working copy of its draft (or, without a draft, of the
 * published version: saving it opens the next version as a draft), the weight total, the issues of the last save or
 * of the live check (`POST /api/models/validate`, debounced), save and discard.
 * `check` turns the live check on (admins only: the API refuses it to others).
 * @example const editor = useModelEditor(modelId, { check: computed(() => auth.can('admin')) })
 */
export function useModelEditor(
  modelId: Ref<string | null>,
  options: { check: Ref<boolean>; api?: ApiClient },
) {
  const api = options.api ?? useApi();
  const model = useLoader<Model | null>(
    (signal) => (modelId.value ? getModel(api, modelId.value, signal) : Promise.resolve(null)),
    { watch: [modelId] },
  );

  const versions = computed(() => model.data.value?.versions ?? []);
  const draftVersion = computed(() => versions.value.find((v) => v.status === 'draft') ?? null);
  const publishedVersion = computed(() => versions.value.find((v) => v.status === 'published') ?? null);
  /** What the working copy started from: the open draft, else the published version, else the newest. */
  const baseVersion = computed(
    () => draftVersion.value ?? publishedVersion.value ?? versions.value[0] ?? null,
  );

  const draft = ref<HealthModel | null>(null);
  const baseline = ref('');
  function reset() {
    const base = baseVersion.value;
    draft.value = base ? cloneConfig(base.config) : null;
    baseline.value = JSON.stringify(draft.value);
    saveIssues.value = null;
  }
  // A (re)loaded model replaces the working copy: it is what the server now holds.
  watch(() => model.data.value, reset);

  const json = computed(() => JSON.stringify(draft.value));
  const dirty = computed(() => draft.value !== null && json.value !== baseline.value);
  const total = computed(() => weightTotal(draft.value?.measures ?? []));
  const totalOk = computed(() => totalIsHundred(total.value));

  const saveIssues = shallowRef<ModelIssue[] | null>(null);
  watch(json, () => (saveIssues.value = null));
  const validation = useModelValidation(
    computed(() => (draft.value ? configForApi(draft.value) : null)),
    { enabled: options.check, api },
  );
  const issues = computed(() => saveIssues.value ?? validation.issues.value);
  const placed = computed(() =>
    placeIssues(issues.value, {
      measures: draft.value?.measures.length ?? 0,
      tiers: draft.value?.tiers.length ?? 0,
    }),
  );

  const save = useSubmit(async () => {
    const id = modelId.value;
    if (!id || !draft.value) return;
    try {
      model.data.value = await saveDraft(api, id, configForApi(draft.value));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION_FAILED')
        saveIssues.value = toModelIssues(err.issues);
      throw err;
    }
  });

  /** Deletes the open draft on the server (if any) and starts again from the published version. */
  const discard = useSubmit(async () => {
    const id = modelId.value;
    if (id && draftVersion.value) {
      await discardDraft(api, id);
      await model.reload();
    } else reset();
  });

  return {
    model,
    versions,
    draftVersion,
    publishedVersion,
    baseVersion,
    draft,
    dirty,
    total,
    totalOk,
    issues,
    placed,
    validation,
    save,
    discard,
    reset,
  };
}

/** What useModelEditor returns (passed to the editor's components). */
export type ModelEditor = ReturnType<typeof useModelEditor>;

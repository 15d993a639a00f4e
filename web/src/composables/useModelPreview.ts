import { type Ref, watch } from 'vue';
import type { ApiClient } from '../api/client';
import { type HealthModel, type ModelPreview, previewModel } from '../api/studio-models';
import { useApi } from './useApi';
import { type Loader, useLoader } from './useLoader';

/**
 * The live preview of a model's draft against its published version (`POST /api/models/:id/preview`): reloaded
 * whenever `config` becomes a newly checked valid config (useModelValidation debounces the edits), so a newer
 * edit aborts the preview of an older one and a late answer to it is never shown. Cleared when the model changes.
 * @example const preview = useModelPreview(modelId, validation.validConfig)
 */
export function useModelPreview(
  modelId: Ref<string | null>,
  config: Ref<HealthModel | null>,
  api: ApiClient = useApi(),
): Loader<ModelPreview | null> {
  let body: HealthModel | null = null;
  const loader = useLoader<ModelPreview | null>(
    (signal) => {
      const id = modelId.value;
      return id && body ? previewModel(api, id, body, signal) : Promise.resolve(null);
    },
    { immediate: false },
  );
  watch(modelId, () => {
    loader.data.value = null;
  });
  watch(
    config,
    (value) => {
      if (!value) return;
      body = value;
      void loader.reload();
    },
    { immediate: true },
  );
  return loader;
}

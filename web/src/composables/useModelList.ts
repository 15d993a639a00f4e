import { computed } from 'vue';
import type { ApiClient } from '../api/client';
import { createModel, getModel, listModels, listSegments, type Model } from '../api/studio-models';
import { useApi } from './useApi';
import { useLoader } from './useLoader';

/**
 * The model studio's list: every model, the segments (which model each scores with), the model of the default
 * segment, and `create` (a new model whose first version is a draft copied from another model's config).
 * @example const { models, usedBy, defaultModelId, create } = useModelList()
 */
export function useModelList(api: ApiClient = useApi()) {
  const models = useLoader((signal) => listModels(api, signal));
  const segments = useLoader((signal) => listSegments(api, signal));

  /** Segment names by model id, in match order. */
  const usedBy = computed(() => {
    const map = new Map<string, string[]>();
    for (const s of segments.data.value?.items ?? []) {
      const names = map.get(s.modelId) ?? [];
      names.push(s.name);
      map.set(s.modelId, names);
    }
    return map;
  });

  /** The default segment's model, else the first model; null while neither is known. */
  const defaultModelId = computed(
    () =>
      segments.data.value?.items.find((s) => s.isDefault)?.modelId ?? models.data.value?.items[0]?.id ?? null,
  );

  /**
   * Creates model `id` from a copy of `fromId`'s published config (its newest version when never published), then
   * reloads the list.
   */
  async function create(input: { id: string; name: string; fromId: string }): Promise<Model> {
    const source = await getModel(api, input.fromId);
    const version = source.versions.find((v) => v.status === 'published') ?? source.versions[0];
    if (!version) throw new Error(`model '${input.fromId}' has no version to copy`);
    const created = await createModel(api, { id: input.id, name: input.name, config: version.config });
    await models.reload();
    return created;
  }

  return { models, segments, usedBy, defaultModelId, create };
}

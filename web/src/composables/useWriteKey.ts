import { computed, type Ref } from 'vue';
import { ApiError } from '../api/client';
import { sourceWriteKey } from '../api/settings';
import { useApi } from './useApi';
import { useLoader } from './useLoader';

/**
 * A source's write key for the snippets, loaded for admins only (write keys are secrets: other roles get null
 * and the snippets show a placeholder). `notKept`: the key exists but cannot be shown again (409).
 * @example const { writeKey, notKept } = useWriteKey(sourceId, computed(() => auth.can('admin')))
 */
export function useWriteKey(sourceId: Ref<string | null>, allowed: Ref<boolean>) {
  const api = useApi();
  const loader = useLoader(
    async (signal) => (allowed.value && sourceId.value ? sourceWriteKey(api, sourceId.value, signal) : null),
    { watch: [sourceId, allowed] },
  );
  const notKept = computed(
    () => loader.error.value instanceof ApiError && loader.error.value.code === 'CONFLICT',
  );
  return {
    writeKey: computed(() => (loader.state.value === 'done' ? (loader.data.value ?? null) : null)),
    notKept,
    state: loader.state,
    /** A failure other than "not kept" (network, server). */
    error: computed(() => (notKept.value ? null : loader.error.value)),
    reload: loader.reload,
  };
}

import { type Ref, reactive, ref, watch } from 'vue';
import { listSegments } from '../api/accounts';
import type { ApiClient } from '../api/client';
import {
  getSummary,
  getSurvey,
  listResponses,
  listSurveys,
  type ResponseFilters,
  type SurveyResponseDto,
} from '../api/surveys';
import { useApi } from './useApi';
import { useLoader } from './useLoader';
import { useCursorPages } from './useTimeline';

/** Windows the survey page offers for its results, days. */
export const SUMMARY_DAYS = [30, 90, 180, 365] as const;

/**
 * Every survey with its links sent and answers (the `/surveys` list).
 * @example const { data, state, error, reload } = useSurveyList()
 */
export function useSurveyList(api: ApiClient = useApi()) {
  return useLoader((signal) => listSurveys(api, signal));
}

/**
 * One survey (`/surveys/:id`): its settings, its results over the chosen window (`days`, reloaded when it or the
 * survey changes) and the segments (for the filters and the links form).
 * @example const { survey, summary, days } = useSurvey(toRef(props, 'id'))
 */
export function useSurvey(id: Ref<number>, api: ApiClient = useApi()) {
  const days = ref<number>(90);
  const survey = useLoader((signal) => getSurvey(api, id.value, signal), { watch: [id] });
  const summary = useLoader((signal) => getSummary(api, id.value, days.value, signal), { watch: [id, days] });
  const segments = useLoader((signal) => listSegments(api, signal));
  return { survey, summary, segments, days };
}

/**
 * A survey's answers, newest first, filtered by group, segment and days; "load more" appends the next page and a
 * change of filter (or survey) starts over.
 * @example const { filters, items, loadMore } = useSurveyResponses(toRef(props, 'id'))
 */
export function useSurveyResponses(id: Ref<number>, options: { pageSize?: number; api?: ApiClient } = {}) {
  const api = options.api ?? useApi();
  const pageSize = options.pageSize ?? 25;
  const filters = reactive<Required<{ [K in keyof ResponseFilters]: ResponseFilters[K] }>>({
    group: null,
    segment: null,
    from: null,
    to: null,
  });
  const pages = useCursorPages<SurveyResponseDto>(
    (cursor, signal) =>
      listResponses(api, id.value, { ...filters, limit: pageSize, cursor }, signal).then((page) => ({
        items: page.items,
        next: page.nextCursor,
      })),
    (r) => r.id,
  );
  watch([id, () => ({ ...filters })], () => void pages.reload(), { deep: true });
  void pages.reload();
  return { ...pages, filters };
}

import { computed, ref, shallowRef, watch } from 'vue';
import { type ApiClient, ApiError } from '../api/client';
import {
  createSegment,
  deleteSegment,
  getSegmentMatches,
  listModelSummaries,
  listSegments,
  reorderSegments,
  type Segment,
  updateSegment,
} from '../api/studio-segments';
import {
  conditionOf,
  draftOf,
  emptyCondition,
  type PlacedIssues,
  placeSegmentIssues,
  rowProblems,
  type SegmentDraft,
  segmentIdFrom,
} from './segment-rules';
import { useApi } from './useApi';
import { useLoader } from './useLoader';
import { useSubmit } from './useSubmit';

/** The segment form open in the editor: a new segment, or the stored one with id `id`. */
export interface SegmentEditing {
  mode: 'create' | 'edit';
  /** The stored id (edit), null for a new segment. */
  id: string | null;
  draft: SegmentDraft;
}

const NO_ISSUES: PlacedIssues = { fields: {}, other: [] };

/** Match order: the non-default segments by `order`, then the default one. */
function inMatchOrder(list: readonly Segment[]): Segment[] {
  return [...list].sort((a, b) => Number(a.isDefault) - Number(b.isDefault) || a.order - b.order);
}

function draftFrom(segment: Segment): SegmentDraft {
  return {
    id: segment.id,
    name: segment.name,
    match: segment.match,
    conditions: segment.conditions.map(draftOf),
    modelId: segment.modelId,
    isDefault: segment.isDefault,
  };
}

/**
 * The segments editor of the model studio: the segments in match order with the accounts each matches now, the
 * models they may use, reordering (moves are shown at once and sent in turn through `POST /api/segments/reorder`;
 * a failed one reloads the stored order), and the create/edit form with the API's validation issues placed on it.
 * @example
 * const { rows, move, startEdit, save } = useSegmentsEditor()
 * move('enterprise', 1) // one place later in the match order
 */
export function useSegmentsEditor(api: ApiClient = useApi()) {
  const segments = useLoader((signal) => listSegments(api, signal));
  const matches = useLoader((signal) => getSegmentMatches(api, signal));
  const models = useLoader((signal) => listModelSummaries(api, signal));

  /** Segments as shown: match order, the default last; ahead of the server while a reorder is being sent. */
  const rows = shallowRef<Segment[]>([]);
  watch(segments.data, (list) => (rows.value = inMatchOrder(list ?? [])), { immediate: true });
  const movable = computed(() => rows.value.filter((s) => !s.isDefault));

  /** Models a segment may use: those with a published version. */
  const publishedModels = computed(() =>
    (models.data.value ?? []).filter((m) => m.publishedVersion !== null),
  );
  const modelName = (id: string) => models.data.value?.find((m) => m.id === id)?.name ?? id;
  const isPublished = (id: string) => publishedModels.value.some((m) => m.id === id);
  /** Accounts the segment matches now; null while the counts are unknown. */
  const matchCount = (id: string): number | null =>
    matches.data.value ? (matches.data.value.counts[id] ?? 0) : null;

  // ---- reorder -------------------------------------------------------------------------------------------

  const reorderError = shallowRef<Error | null>(null);
  const reordering = ref(false);
  let pending = 0;
  let queue: Promise<void> = Promise.resolve();

  async function sendOrder(): Promise<void> {
    const ids = movable.value.map((s) => s.id);
    try {
      const saved = inMatchOrder(await reorderSegments(api, ids));
      // A later move may already be queued: keep what the admin sees until the last one has been stored.
      if (pending === 1) segments.data.value = saved;
    } catch (err) {
      reorderError.value = err instanceof Error ? err : new Error(String(err));
      if (pending === 1) await segments.reload();
    }
  }

  /**
   * Moves a non-default segment to `toIndex` of the non-default ones (clamped) and stores the new order.
   * Returns false when nothing moved.
   */
  function moveTo(id: string, toIndex: number): boolean {
    const list = [...movable.value];
    const from = list.findIndex((s) => s.id === id);
    const to = Math.max(0, Math.min(list.length - 1, toIndex));
    if (from < 0 || from === to) return false;
    const [segment] = list.splice(from, 1);
    list.splice(to, 0, segment!);
    rows.value = [...list, ...rows.value.filter((s) => s.isDefault)];
    reorderError.value = null;
    pending++;
    reordering.value = true;
    queue = queue.then(sendOrder).finally(() => {
      pending--;
      if (pending === 0) {
        reordering.value = false;
        // First match wins, so the order changes the counts.
        void matches.reload();
      }
    });
    return true;
  }

  /** Moves a segment `by` places (−1 = one earlier in the match order). */
  const move = (id: string, by: number) => moveTo(id, movable.value.findIndex((s) => s.id === id) + by);
  /** Its place among the movable segments (0 = tried first), −1 for the default one. */
  const positionOf = (id: string) => movable.value.findIndex((s) => s.id === id);

  // Drag and drop: the dragged id is kept here, not in dataTransfer, which some browsers hide until the drop.
  const dragging = ref<string | null>(null);
  const dropTarget = ref<string | null>(null);
  const drag = {
    start(id: string) {
      dragging.value = positionOf(id) >= 0 ? id : null;
      return dragging.value !== null;
    },
    /** True when the dragged segment may be dropped on `id` (any non-default segment). */
    over(id: string) {
      const ok = dragging.value !== null && positionOf(id) >= 0;
      dropTarget.value = ok ? id : null;
      return ok;
    },
    drop(id: string) {
      const from = dragging.value;
      drag.end();
      return from !== null && positionOf(id) >= 0 ? moveTo(from, positionOf(id)) : false;
    },
    end() {
      dragging.value = null;
      dropTarget.value = null;
    },
  };

  // ---- create / edit / delete ------------------------------------------------------------------------------

  const editing = ref<SegmentEditing | null>(null);
  const issues = shallowRef<PlacedIssues>(NO_ISSUES);
  /** Set by a save attempt, so the form's own checks show only once the admin tried to save. */
  const attempted = ref(false);
  /** The id follows the name of a new segment until the admin types one. */
  const idTouched = ref(false);

  function open(next: SegmentEditing) {
    editing.value = next;
    issues.value = NO_ISSUES;
    attempted.value = false;
    idTouched.value = next.mode === 'edit';
  }

  function startCreate() {
    const modelId = publishedModels.value[0]?.id ?? rows.value.find((s) => s.isDefault)?.modelId ?? '';
    open({
      mode: 'create',
      id: null,
      draft: { id: '', name: '', match: 'all', conditions: [emptyCondition()], modelId, isDefault: false },
    });
  }

  function startEdit(id: string) {
    const segment = rows.value.find((s) => s.id === id);
    if (segment) open({ mode: 'edit', id, draft: draftFrom(segment) });
  }

  function cancel() {
    editing.value = null;
  }

  /** Call when the name of a new segment changes: its id follows until typed by hand. */
  function nameChanged() {
    const e = editing.value;
    if (e?.mode !== 'create' || idTouched.value) return;
    e.draft.id = segmentIdFrom(
      e.draft.name,
      rows.value.map((s) => s.id),
    );
  }

  /** The form's own checks, as i18n keys by part (`name`, `id`, `modelId`, `conditions.<i>.field|value`). */
  const problems = computed<Record<string, string>>(() => {
    const draft = editing.value?.draft;
    if (!draft) return {};
    const found: Record<string, string> = {};
    if (!draft.name.trim()) found.name = 'studio.segments.problems.name';
    if (!draft.id.trim()) found.id = 'studio.segments.problems.id';
    if (!draft.modelId) found.modelId = 'studio.segments.problems.model';
    if (!draft.isDefault) {
      draft.conditions.forEach((row, i) => {
        for (const [part, key] of Object.entries(rowProblems(row))) found[`conditions.${i}.${part}`] = key;
      });
    }
    return found;
  });

  /** Reloads the list and the counts (after a write). */
  async function reloadAll() {
    await Promise.all([segments.reload(), matches.reload()]);
  }

  const saving = useSubmit(async () => {
    const e = editing.value;
    if (!e) return;
    const { draft } = e;
    const fields = {
      name: draft.name.trim(),
      match: draft.match,
      // The default segment's conditions are never consulted; it keeps them as stored.
      ...(draft.isDefault ? {} : { conditions: draft.conditions.map(conditionOf) }),
      modelId: draft.modelId,
    };
    const list = segments.data.value ?? [];
    // Where this segment sits in the list the API checks as a whole (a new one is appended).
    const ownIndex = e.mode === 'create' ? list.length : list.findIndex((s) => s.id === e.id);
    issues.value = NO_ISSUES;
    try {
      if (e.mode === 'create') {
        const order = Math.max(0, ...list.filter((s) => !s.isDefault).map((s) => s.order)) + 1;
        await createSegment(api, { id: draft.id.trim(), order, conditions: [], ...fields });
      } else await updateSegment(api, e.id!, fields);
    } catch (err) {
      if (err instanceof ApiError && err.issues?.length)
        issues.value = placeSegmentIssues(err.issues, ownIndex);
      throw err;
    }
    editing.value = null;
    await reloadAll();
  });

  /** Saves the form; false (with the problems shown) when it is not ready or the API refused it. */
  function save(): Promise<boolean> {
    attempted.value = true;
    if (Object.keys(problems.value).length > 0) return Promise.resolve(false);
    return saving.submit();
  }

  const removing = useSubmit(async (id: string) => {
    await deleteSegment(api, id);
    if (editing.value?.id === id) editing.value = null;
    await reloadAll();
  });

  /** The message at a form part: the API's issue, else the form's own check once a save was attempted. */
  function issueAt(key: string): { text: string } | { key: string } | null {
    const text = issues.value.fields[key];
    if (text) return { text };
    const problem = attempted.value ? problems.value[key] : undefined;
    return problem ? { key: problem } : null;
  }

  return {
    segments,
    matches,
    models,
    rows,
    movable,
    publishedModels,
    modelName,
    isPublished,
    matchCount,
    move,
    moveTo,
    positionOf,
    reordering,
    reorderError,
    dragging,
    dropTarget,
    drag,
    editing,
    issues,
    issueAt,
    /** True once a save was refused by the form's own checks (until the form is fixed). */
    blocked: computed(() => attempted.value && Object.keys(problems.value).length > 0),
    idTouched,
    nameChanged,
    startCreate,
    startEdit,
    cancel,
    save,
    saving,
    removing,
  };
}

import { computed, ref, shallowRef } from 'vue';
import type { AlertSeverity } from '../api/alerts';
import { listAlertRules } from '../api/alerts';
import { type ApiClient, ApiError } from '../api/client';
import { type AlertRule, putAlertRule } from '../api/studio-segments';
import {
  type ParamValue,
  paramDraftOf,
  paramProblems,
  paramSpecs,
  paramsOf,
  placeRuleIssues,
  type TaskTemplateDraft,
  taskDraftsOf,
  taskProblems,
  tasksOf,
} from './alert-rule-params';
import type { PlacedIssues } from './segment-rules';
import { useApi } from './useApi';
import { useLoader } from './useLoader';
import { useSubmit } from './useSubmit';

/** The rule form, as typed. */
export interface RuleDraft {
  id: string;
  name: string;
  severity: AlertSeverity;
  playbook: string;
  /** The Chinese name and playbook; empty: readers in Chinese see the English ones. */
  nameZh: string;
  playbookZh: string;
  params: Record<string, ParamValue>;
  /** The playbook as ordered task templates, created with each new alert. */
  tasks: TaskTemplateDraft[];
}

const NO_ISSUES: PlacedIssues = { fields: {}, other: [] };

/** The rule's translations from the form; blank fields are left out (the English text is shown instead). */
function textsOf(d: RuleDraft): AlertRule['texts'] {
  const name = d.nameZh.trim();
  const playbook = d.playbookZh.trim();
  if (!name && !playbook) return undefined;
  return { zh: { ...(name ? { name } : {}), ...(playbook ? { playbook } : {}) } };
}

/**
 * The alert-rules editor of the model studio: the rules, one rule's form (name, severity, playbook, params) with
 * the API's validation issues placed on it, and the enabled switch of each rule, saved at once. Every write is
 * `PUT /api/alerts/rules/:id` with the whole rule.
 * @example
 * const { rules, openRule, draft, save, setEnabled } = useAlertRulesEditor()
 * await setEnabled('stale-data', false)
 */
export function useAlertRulesEditor(api: ApiClient = useApi()) {
  const rules = useLoader((signal) => listAlertRules(api, signal).then((r) => r.items));
  const ruleById = (id: string) => rules.data.value?.find((r) => r.id === id);

  function store(saved: AlertRule) {
    rules.data.value = (rules.data.value ?? []).map((r) => (r.id === saved.id ? saved : r));
  }

  // ---- the form of one rule ------------------------------------------------------------------------------

  const draft = ref<RuleDraft | null>(null);
  const issues = shallowRef<PlacedIssues>(NO_ISSUES);
  const attempted = ref(false);
  const openRuleId = computed(() => draft.value?.id ?? null);
  const specs = computed(() => {
    const rule = draft.value && ruleById(draft.value.id);
    return rule ? paramSpecs(rule) : [];
  });

  function openRule(id: string) {
    const rule = ruleById(id);
    if (!rule) return;
    draft.value = {
      id: rule.id,
      name: rule.name,
      severity: rule.severity,
      playbook: rule.playbook,
      nameZh: rule.texts?.zh?.name ?? '',
      playbookZh: rule.texts?.zh?.playbook ?? '',
      params: paramDraftOf(rule),
      tasks: taskDraftsOf(rule),
    };
    issues.value = NO_ISSUES;
    attempted.value = false;
  }

  function close() {
    draft.value = null;
  }

  /** The form's own checks, as i18n keys by part (`name`, `playbook`, `params.<name>`). */
  const problems = computed<Record<string, string>>(() => {
    const d = draft.value;
    if (!d) return {};
    const found = { ...paramProblems(specs.value, d.params), ...taskProblems(d.tasks) };
    if (!d.name.trim()) found.name = 'studio.rules.problems.name';
    if (!d.playbook.trim()) found.playbook = 'studio.rules.problems.playbook';
    return found;
  });

  const saving = useSubmit(async () => {
    const d = draft.value;
    const stored = d && ruleById(d.id);
    if (!d || !stored) return;
    issues.value = NO_ISSUES;
    // The kind and the enabled switch are kept as stored; the switch saves on its own.
    const next = {
      ...stored,
      name: d.name.trim(),
      severity: d.severity,
      playbook: d.playbook.trim(),
      params: paramsOf(specs.value, d.params),
      tasks: tasksOf(d.tasks),
      texts: textsOf(d),
    } as AlertRule;
    try {
      store(await putAlertRule(api, next));
    } catch (err) {
      if (err instanceof ApiError && err.issues?.length) issues.value = placeRuleIssues(err.issues);
      throw err;
    }
    draft.value = null;
  });

  /** Saves the form; false (with the problems shown) when it is not ready or the API refused it. */
  function save(): Promise<boolean> {
    attempted.value = true;
    if (Object.keys(problems.value).length > 0) return Promise.resolve(false);
    return saving.submit();
  }

  /** The message at a form part: the API's issue, else the form's own check once a save was attempted. */
  function issueAt(key: string): { text: string } | { key: string } | null {
    const text = issues.value.fields[key];
    if (text) return { text };
    const problem = attempted.value ? problems.value[key] : undefined;
    return problem ? { key: problem } : null;
  }

  // ---- the enabled switch ----------------------------------------------------------------------------------

  /** Rule ids whose switch is being saved. */
  const toggling = ref<ReadonlySet<string>>(new Set());
  const toggleError = shallowRef<{ id: string; error: Error } | null>(null);

  /** Turns a rule on or off; resolves false when the API refused (the switch shows the stored state). */
  async function setEnabled(id: string, enabled: boolean): Promise<boolean> {
    const stored = ruleById(id);
    if (!stored || toggling.value.has(id)) return false;
    toggling.value = new Set([...toggling.value, id]);
    toggleError.value = null;
    try {
      store(await putAlertRule(api, { ...stored, enabled }));
      return true;
    } catch (err) {
      toggleError.value = { id, error: err instanceof Error ? err : new Error(String(err)) };
      return false;
    } finally {
      toggling.value = new Set([...toggling.value].filter((x) => x !== id));
    }
  }

  return {
    rules,
    ruleById,
    draft,
    openRuleId,
    specs,
    openRule,
    close,
    issues,
    issueAt,
    /** True once a save was refused by the form's own checks (until the form is fixed). */
    blocked: computed(() => attempted.value && Object.keys(problems.value).length > 0),
    save,
    saving,
    toggling,
    toggleError,
    setEnabled,
  };
}

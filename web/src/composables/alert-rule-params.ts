import type { AlertRule, AlertRuleKind } from '../../../shared/alerts';
import type { PlacedIssues, Translate } from './segment-rules';

// The alert-rule editor: each rule kind's params with their input and unit (the catalog of
// shared/alerts/rules.ts, typed over its kinds so a new kind fails to compile until it is described here), the
// params to and from the form, a rule's params in words and the API's issues placed on the form. A param this
// catalog does not know (a newer API) still gets an input from its value's type. Pure.

/** The unit shown after a number input. */
export type ParamUnit = 'points' | 'days' | 'periods' | 'ratio' | 'scale';

/** How one param is edited. */
export type ParamSpec =
  | { name: string; type: 'number'; unit?: ParamUnit; integer?: boolean; min?: number; max?: number }
  | { name: string; type: 'text' }
  | { name: string; type: 'choice'; options: readonly string[] }
  /** Tier keys, chosen among the tiers; `optional` = none chosen leaves the param out. */
  | { name: string; type: 'tiers'; optional: boolean }
  /** A param only known from its value: a comma-separated list, a flag. */
  | { name: string; type: 'list' }
  | { name: string; type: 'flag' };

/** Each kind's params, as `ALERT_RULE_PARAMS` in shared/alerts/rules.ts (ranges there are the API's). */
export const RULE_PARAMS: Record<AlertRuleKind, readonly ParamSpec[]> = {
  tier_drop: [{ name: 'toTiers', type: 'tiers', optional: true }],
  score_drop: [
    { name: 'points', type: 'number', unit: 'points', min: 0, max: 100 },
    { name: 'days', type: 'number', unit: 'days', integer: true, min: 1, max: 365 },
  ],
  measure_below: [
    { name: 'measureKey', type: 'text' },
    { name: 'threshold', type: 'number' },
    { name: 'on', type: 'choice', options: ['points', 'raw'] },
  ],
  below_segment_average: [
    { name: 'measureKey', type: 'text' },
    { name: 'periods', type: 'number', unit: 'periods', integer: true, min: 1, max: 52 },
    { name: 'ratio', type: 'number', unit: 'ratio', min: 0, max: 10 },
    { name: 'periodLength', type: 'choice', options: ['day', 'week', 'month'] },
    { name: 'compareWith', type: 'choice', options: ['segment', 'platform', 'platform-pooled'] },
  ],
  above_average: [
    { name: 'measureKey', type: 'text' },
    { name: 'compareWith', type: 'choice', options: ['segment', 'platform', 'platform-pooled'] },
    { name: 'by', type: 'choice', options: ['ratio', 'difference'] },
    { name: 'ratio', type: 'number', unit: 'ratio', min: 0, max: 100 },
    { name: 'difference', type: 'number' },
    { name: 'periods', type: 'number', unit: 'periods', integer: true, min: 1, max: 52 },
    { name: 'periodLength', type: 'choice', options: ['day', 'week', 'month'] },
  ],
  below_own_average: [
    { name: 'measureKey', type: 'text' },
    { name: 'ratio', type: 'number', unit: 'ratio', min: 0, max: 10 },
    { name: 'baselinePeriods', type: 'number', unit: 'periods', integer: true, min: 1, max: 52 },
    { name: 'periods', type: 'number', unit: 'periods', integer: true, min: 1, max: 52 },
    { name: 'periodLength', type: 'choice', options: ['day', 'week', 'month'] },
  ],
  renewal_due: [
    { name: 'withinDays', type: 'number', unit: 'days', integer: true, min: 1, max: 730 },
    { name: 'tiers', type: 'tiers', optional: false },
  ],
  key_contact_deactivated: [
    { name: 'withinDays', type: 'number', unit: 'days', integer: true, min: 1, max: 365 },
  ],
  champion_quiet: [{ name: 'days', type: 'number', unit: 'days', integer: true, min: 1, max: 365 }],
  stale_data: [{ name: 'days', type: 'number', unit: 'days', integer: true, min: 1, max: 365 }],
  nps_detractor: [{ name: 'raiseAlert', type: 'flag' }],
  nps_passive: [{ name: 'raiseAlert', type: 'flag' }],
  nps_promoter: [{ name: 'raiseAlert', type: 'flag' }],
  ces_poor: [{ name: 'atOrBelow', type: 'number', unit: 'scale', min: 1, max: 7 }],
};

function isKnownKind(kind: string): kind is AlertRuleKind {
  return Object.hasOwn(RULE_PARAMS, kind);
}

function specFromValue(name: string, value: unknown): ParamSpec {
  if (typeof value === 'number') return { name, type: 'number' };
  if (typeof value === 'boolean') return { name, type: 'flag' };
  if (Array.isArray(value)) return { name, type: 'list' };
  return { name, type: 'text' };
}

/**
 * The inputs of a rule's params: its kind's catalog, then any param the catalog does not know.
 * @example paramSpecs(rule).map((s) => s.name) // ['points', 'days'] for a score_drop rule
 */
export function paramSpecs(rule: Pick<AlertRule, 'kind' | 'params'>): ParamSpec[] {
  const known = isKnownKind(rule.kind) ? RULE_PARAMS[rule.kind] : [];
  const names = new Set(known.map((s) => s.name));
  const extra = Object.entries(rule.params as Record<string, unknown>)
    .filter(([name]) => !names.has(name))
    .map(([name, value]) => specFromValue(name, value));
  return [...known, ...extra];
}

/** A param as typed: text of a number/text/choice/list, the chosen tier keys, a flag. */
export type ParamValue = string | string[] | boolean;

/** The form's values of a rule's params. */
export function paramDraftOf(rule: Pick<AlertRule, 'kind' | 'params'>): Record<string, ParamValue> {
  const params = rule.params as Record<string, unknown>;
  const draft: Record<string, ParamValue> = {};
  for (const spec of paramSpecs(rule)) {
    const value = params[spec.name];
    if (spec.type === 'tiers') draft[spec.name] = Array.isArray(value) ? value.map(String) : [];
    else if (spec.type === 'list') draft[spec.name] = Array.isArray(value) ? value.join(', ') : '';
    else if (spec.type === 'flag') draft[spec.name] = value === true;
    else draft[spec.name] = value === undefined || value === null ? '' : String(value);
  }
  return draft;
}

const asText = (value: ParamValue | undefined) => (typeof value === 'string' ? value.trim() : '');

/**
 * The params the API takes from the form. An empty input is left out (its default applies, or the API says it is
 * required); a number that is not one is sent as null so the API names it too.
 * @example paramsOf(RULE_PARAMS.score_drop, { points: '20', days: '14' }) // { points: 20, days: 14 }
 */
export function paramsOf(
  specs: readonly ParamSpec[],
  draft: Record<string, ParamValue>,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = draft[spec.name];
    if (spec.type === 'flag') params[spec.name] = value === true;
    else if (spec.type === 'tiers') {
      const keys = Array.isArray(value) ? value : [];
      if (keys.length > 0 || !spec.optional) params[spec.name] = keys;
    } else if (spec.type === 'list') {
      const items = asText(value)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (items.length > 0) params[spec.name] = items;
    } else {
      const text = asText(value);
      if (text === '') continue;
      if (spec.type === 'number') {
        const n = Number(text);
        params[spec.name] = Number.isFinite(n) ? n : null;
      } else params[spec.name] = text;
    }
  }
  return params;
}

/**
 * The form's own checks of the params, as i18n keys by `params.<name>`; the API checks ranges.
 * @example paramProblems(RULE_PARAMS.stale_data, { days: 'ten' }) // { 'params.days': 'studio.rules.problems.number' }
 */
export function paramProblems(
  specs: readonly ParamSpec[],
  draft: Record<string, ParamValue>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const spec of specs) {
    const text = asText(draft[spec.name]);
    if (spec.type === 'number' && text !== '' && !Number.isFinite(Number(text)))
      problems[`params.${spec.name}`] = 'studio.rules.problems.number';
  }
  return problems;
}

const RULE_PARTS = new Set(['name', 'severity', 'playbook', 'enabled', 'kind']);

/**
 * Places the `issues` of a 400 VALIDATION_FAILED of `PUT /api/alerts/rules/:id` on the form: `params.<name>`,
 * `name`, `severity`, `playbook`, `enabled`; anything else in `other`.
 * @example placeRuleIssues([{ path: ['params', 'days'], message: 'too big' }]).fields['params.days'] // 'too big'
 */
export function placeRuleIssues(issues: readonly unknown[]): PlacedIssues {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of issues) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { path, message, code } = issue as { path?: unknown; message?: unknown; code?: unknown };
    const text = typeof message === 'string' ? message : String(code ?? '');
    const [head, name] = Array.isArray(path) ? path : [];
    const key =
      head === 'params' && typeof name === 'string'
        ? `params.${name}`
        : typeof head === 'string' && RULE_PARTS.has(head)
          ? head
          : null;
    if (key) fields[key] ??= text;
    else other.push(text);
  }
  return { fields, other };
}

/** Formats a number for display (the locale's grouping). */
type FormatNumber = (value: number) => string;

/**
 * A rule's params in words, e.g. `Falls 15 points within 30 days`; `tierName` names a tier key.
 * @example describeParams({ kind: 'stale_data', params: { days: 14 } }, t, String, (k) => k) // 'No events for 14 days'
 */
export function describeParams(
  rule: Pick<AlertRule, 'kind' | 'params'>,
  t: Translate,
  num: FormatNumber,
  tierName: (key: string) => string,
): string {
  const p = rule.params as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === 'number' ? num(v) : String(v ?? ''));
  const tiers = (v: unknown) =>
    (Array.isArray(v) ? v : []).map((k) => tierName(String(k))).join(t('studio.rules.summary.or'));
  const key = `studio.rules.summary.${rule.kind}`;
  switch (rule.kind) {
    case 'tier_drop':
      return p.toTiers ? t('studio.rules.summary.tier_dropInto', { tiers: tiers(p.toTiers) }) : t(key);
    case 'measure_below':
      return t(key, {
        measure: String(p.measureKey ?? ''),
        threshold: n(p.threshold),
        on: t(p.on === 'raw' ? 'studio.rules.summary.onRaw' : 'studio.rules.summary.onPoints'),
      });
    case 'below_segment_average':
      return t(key, { measure: String(p.measureKey ?? ''), ratio: n(p.ratio), periods: n(p.periods) });
    case 'renewal_due':
      return t(key, { withinDays: n(p.withinDays), tiers: tiers(p.tiers) });
    case 'above_average':
    case 'below_own_average': {
      const option = (v: unknown, fallback: string) => t(`studio.rules.onOptions.${String(v ?? fallback)}`);
      return t(key, {
        measure: String(p.measureKey ?? ''),
        ratio: n(p.ratio),
        periods: n(p.periods),
        compareWith: option(p.compareWith, 'segment'),
        periodLength: option(p.periodLength, rule.kind === 'above_average' ? 'month' : 'week'),
      });
    }
    case 'score_drop':
    case 'key_contact_deactivated':
    case 'champion_quiet':
    case 'stale_data':
    case 'ces_poor':
    case 'nps_detractor':
    case 'nps_passive':
    case 'nps_promoter':
      return t(key, Object.fromEntries(Object.entries(p).map(([name, v]) => [name, n(v)])));
    default:
      // A kind newer than this SPA: its params as they are.
      return Object.entries(p)
        .map(([name, v]) =>
          t('studio.rules.summary.generic', { name, value: Array.isArray(v) ? v.join(', ') : n(v) }),
        )
        .join(', ');
  }
}

// ---- playbook task templates -------------------------------------------------------------------------------

/** One task template as the form edits it; `dueInDays` is the input's text until saved. */
export interface TaskTemplateDraft {
  title: string;
  dueInDays: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
}

/** The most templates a rule may hold (the API refuses more). */
export const MAX_TASK_TEMPLATES = 10;

/**
 * A rule's templates as form drafts.
 * @example taskDraftsOf({ tasks: [{ title: 'Call', dueInDays: 2, priority: 'high' }] })[0].dueInDays // '2'
 */
export function taskDraftsOf(rule: Pick<AlertRule, 'tasks'>): TaskTemplateDraft[] {
  return (rule.tasks ?? []).map((t) => ({
    title: t.title,
    dueInDays: String(t.dueInDays),
    priority: t.priority,
  }));
}

/**
 * The drafts as the API takes them: titles trimmed, days as whole numbers.
 * @example tasksOf([{ title: ' Call ', dueInDays: '2', priority: 'normal' }]) // [{ title: 'Call', dueInDays: 2, priority: 'normal' }]
 */
export function tasksOf(drafts: readonly TaskTemplateDraft[]): AlertRule['tasks'] {
  return drafts.map((d) => ({ title: d.title.trim(), dueInDays: Number(d.dueInDays), priority: d.priority }));
}

/**
 * The form's own checks of the templates, as i18n keys by `tasks.<index>.<field>`.
 * @example taskProblems([{ title: '', dueInDays: '-1', priority: 'low' }]) // { 'tasks.0.title': …, 'tasks.0.dueInDays': … }
 */
export function taskProblems(drafts: readonly TaskTemplateDraft[]): Record<string, string> {
  const found: Record<string, string> = {};
  drafts.forEach((d, i) => {
    if (!d.title.trim()) found[`tasks.${i}.title`] = 'studio.rules.tasks.problems.title';
    const days = Number(d.dueInDays);
    if (d.dueInDays.trim() === '' || !Number.isInteger(days) || days < 0 || days > 365) {
      found[`tasks.${i}.dueInDays`] = 'studio.rules.tasks.problems.dueInDays';
    }
  });
  return found;
}

/**
 * The list with item `from` moved by `by` places (clamped to the list), as a new array.
 * @example moveItem(['a', 'b', 'c'], 2, -1) // ['a', 'c', 'b']
 */
export function moveItem<T>(list: readonly T[], from: number, by: number): T[] {
  const to = Math.min(list.length - 1, Math.max(0, from + by));
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

import type { LifecycleStage } from '../../../shared/health/lifecycle';
import type { CONDITION_OPS, SEGMENT_FIELDS, SegmentCondition } from '../../../shared/health/segments';

// The segment rule builder: which operators and value inputs each account field takes, the builder's rows to and
// from the API's conditions, a rule in words, and the API's validation issues placed on the rows. Records over
// the shared types rather than the shared lists, whose module would pull zod into the studio chunk; a field,
// operator or stage added to shared/ fails to compile here until it is given a kind. Pure.

/** An account field a condition can test, besides `traits.<name>`. */
export type SegmentField = (typeof SEGMENT_FIELDS)[number];
/** A condition operator of the API. */
export type ConditionOp = (typeof CONDITION_OPS)[number];
export type { LifecycleStage };

/** How a field's values are typed: `money` is entered in major units and sent in cents (`arrCents`). */
export type FieldKind = 'text' | 'number' | 'money' | 'date' | 'lifecycle' | 'trait';

const FIELD_KINDS: Record<SegmentField, Exclude<FieldKind, 'trait'>> = {
  externalId: 'text',
  name: 'text',
  plan: 'text',
  industry: 'text',
  employees: 'number',
  seats: 'number',
  arrCents: 'money',
  mrrCents: 'money',
  currency: 'text',
  ownerEmail: 'text',
  status: 'text',
  contractStartDate: 'date',
  renewalDate: 'date',
  lifecycleStage: 'lifecycle',
  daysToRenewal: 'number',
  tenureDays: 'number',
};

const STAGE_SET: Record<LifecycleStage, true> = {
  onboarding: true,
  growth: true,
  maturity: true,
  renewal: true,
  churned: true,
};
/** Lifecycle stages in the order of a customer's life. */
export const STAGES = Object.keys(STAGE_SET) as LifecycleStage[];

/** The builder's field choice: an account field, or `trait` with a trait name. */
export type FieldChoice = SegmentField | 'trait';

/** The field select, the fields CS teams segment by most first; `trait` (any account trait) last. */
export const FIELD_CHOICES: readonly FieldChoice[] = [
  'plan',
  'seats',
  'arrCents',
  'mrrCents',
  'industry',
  'employees',
  'lifecycleStage',
  'daysToRenewal',
  'tenureDays',
  'renewalDate',
  'contractStartDate',
  'status',
  'currency',
  'ownerEmail',
  'name',
  'externalId',
  'trait',
];

/** A builder operator: the API's, plus `missing` (sent as `exists: false`). */
export type BuilderOp = ConditionOp | 'missing';

/** Operators that make sense for each kind of field, the usual one first. */
export const OPS_BY_KIND: Record<FieldKind, readonly BuilderOp[]> = {
  text: ['eq', 'neq', 'in', 'nin', 'contains', 'exists', 'missing'],
  number: ['gte', 'gt', 'lte', 'lt', 'eq', 'neq', 'in', 'nin', 'exists', 'missing'],
  money: ['gte', 'gt', 'lte', 'lt', 'eq', 'neq', 'exists', 'missing'],
  date: ['gte', 'gt', 'lte', 'lt', 'eq', 'neq', 'exists', 'missing'],
  lifecycle: ['eq', 'neq', 'in', 'nin', 'exists', 'missing'],
  trait: ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists', 'missing'],
};

/** What the value of a row is typed into. */
export type ValueInput = 'none' | 'text' | 'number' | 'date' | 'stage' | 'stages' | 'list';

/** One row of the rule builder, as typed. */
export interface ConditionDraft {
  field: FieldChoice;
  /** The trait's name when `field` is `trait` (a dotted name reads a nested trait). */
  trait: string;
  op: BuilderOp;
  /** One value, or a comma-separated list for `in`/`nin`; money in major units, dates `YYYY-MM-DD`. */
  value: string;
  /** Lifecycle stages of `in`/`nin` on `lifecycleStage`. */
  stages: LifecycleStage[];
}

/** The segment form, as typed. */
export interface SegmentDraft {
  id: string;
  name: string;
  match: 'all' | 'any';
  conditions: ConditionDraft[];
  modelId: string;
  isDefault: boolean;
}

/**
 * The kind of a field choice.
 * @example fieldKind('arrCents') // 'money'
 */
export function fieldKind(field: FieldChoice): FieldKind {
  return field === 'trait' ? 'trait' : FIELD_KINDS[field];
}

function isSegmentField(field: string): field is SegmentField {
  return Object.hasOwn(FIELD_KINDS, field);
}

const isList = (op: BuilderOp) => op === 'in' || op === 'nin';

/**
 * The input a row's value needs.
 * @example valueInput('lifecycleStage', 'in') // 'stages'
 */
export function valueInput(field: FieldChoice, op: BuilderOp): ValueInput {
  if (op === 'exists' || op === 'missing') return 'none';
  const kind = fieldKind(field);
  if (isList(op)) return kind === 'lifecycle' ? 'stages' : 'list';
  if (kind === 'lifecycle') return 'stage';
  if (kind === 'number' || kind === 'money') return 'number';
  if (kind === 'date') return 'date';
  return 'text';
}

/** A new, empty row. */
export function emptyCondition(): ConditionDraft {
  return { field: 'plan', trait: '', op: 'eq', value: '', stages: [] };
}

/**
 * The row with another field: the operator is kept while the kind of field stays the same (else it becomes the
 * new kind's usual one) and the value is cleared.
 * @example withField({ ...emptyCondition(), op: 'neq' }, 'seats').op // 'gte'
 */
export function withField(draft: ConditionDraft, field: FieldChoice): ConditionDraft {
  const kind = fieldKind(field);
  const op = kind === fieldKind(draft.field) ? draft.op : OPS_BY_KIND[kind][0]!;
  return { ...draft, field, op, value: '', stages: [] };
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function numberOf(text: string): number | null {
  const n = text.trim() === '' ? Number.NaN : Number(text);
  return Number.isFinite(n) ? n : null;
}

/** One typed value as the API takes it; null when a number is not one (the form flags it before sending). */
function scalarOf(kind: FieldKind, text: string, op: BuilderOp): string | number | null {
  const trimmed = text.trim();
  if (kind === 'number') return numberOf(trimmed);
  if (kind === 'money') {
    const n = numberOf(trimmed);
    return n === null ? null : Math.round(n * 100);
  }
  // A numeric trait compares as a number (equal to "12" or 12 alike); `contains` tests a substring.
  if (kind === 'trait' && op !== 'contains' && NUMERIC.test(trimmed)) return Number(trimmed);
  return trimmed;
}

/**
 * The API's condition for a builder row.
 * @example conditionOf({ field: 'arrCents', trait: '', op: 'gte', value: '100000', stages: [] }) // { field: 'arrCents', op: 'gte', value: 10000000 }
 */
export function conditionOf(draft: ConditionDraft): SegmentCondition {
  const field = draft.field === 'trait' ? `traits.${draft.trait.trim()}` : draft.field;
  if (draft.op === 'exists' || draft.op === 'missing')
    return { field, op: 'exists', value: draft.op === 'exists' };
  const kind = fieldKind(draft.field);
  if (isList(draft.op)) {
    const value =
      kind === 'lifecycle'
        ? [...draft.stages]
        : splitList(draft.value).map((item) => scalarOf(kind, item, draft.op) ?? item);
    return { field, op: draft.op, value };
  }
  return { field, op: draft.op, value: scalarOf(kind, draft.value, draft.op) };
}

function typed(kind: FieldKind, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (kind === 'money' && typeof value === 'number') return String(value / 100);
  return String(value);
}

/**
 * The builder row of a stored condition (a field the builder does not know shows as a trait-less text row).
 * @example draftOf({ field: 'traits.region', op: 'in', value: ['EMEA', 'APAC'] }) // { field: 'trait', trait: 'region', op: 'in', value: 'EMEA, APAC', stages: [] }
 */
export function draftOf(condition: SegmentCondition): ConditionDraft {
  const isTrait = condition.field.startsWith('traits.');
  const field: FieldChoice = isTrait || !isSegmentField(condition.field) ? 'trait' : condition.field;
  const trait = isTrait ? condition.field.slice('traits.'.length) : field === 'trait' ? condition.field : '';
  const op: BuilderOp = condition.op === 'exists' && condition.value === false ? 'missing' : condition.op;
  const kind = fieldKind(field);
  const raw = condition.value;
  if (Array.isArray(raw)) {
    return kind === 'lifecycle'
      ? {
          field,
          trait,
          op,
          value: '',
          stages: raw.filter((s): s is LifecycleStage => STAGES.includes(s as LifecycleStage)),
        }
      : { field, trait, op, value: raw.map((v) => typed(kind, v)).join(', '), stages: [] };
  }
  return { field, trait, op, value: op === 'exists' || op === 'missing' ? '' : typed(kind, raw), stages: [] };
}

/**
 * What is wrong with a row before it is sent, as i18n keys by part (`field`, `value`); empty when nothing is.
 * The API checks again and its issues are shown the same way.
 * @example rowProblems({ field: 'seats', trait: '', op: 'gte', value: 'many', stages: [] }) // { value: 'studio.segments.problems.number' }
 */
export function rowProblems(draft: ConditionDraft): Partial<Record<'field' | 'value', string>> {
  const problems: Partial<Record<'field' | 'value', string>> = {};
  if (draft.field === 'trait' && !/^[^.\s]/.test(draft.trait.trim()))
    problems.field = 'studio.segments.problems.trait';
  const input = valueInput(draft.field, draft.op);
  if (input === 'none') return problems;
  if (input === 'stages') {
    if (draft.stages.length === 0) problems.value = 'studio.segments.problems.list';
  } else if (input === 'list') {
    const items = splitList(draft.value);
    if (items.length === 0) problems.value = 'studio.segments.problems.list';
    else if (fieldKind(draft.field) === 'number' && items.some((i) => numberOf(i) === null))
      problems.value = 'studio.segments.problems.number';
  } else if (draft.value.trim() === '') problems.value = 'studio.segments.problems.value';
  else if (input === 'number' && numberOf(draft.value) === null)
    problems.value = 'studio.segments.problems.number';
  else if (input === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(draft.value.trim()))
    problems.value = 'studio.segments.problems.date';
  return problems;
}

/** A translator: vue-i18n's `t`. */
export type Translate = (key: string, named?: Record<string, unknown>) => string;
/** Formats a number for display (the locale's grouping). */
export type FormatNumber = (value: number) => string;

function valueWords(kind: FieldKind, value: unknown, t: Translate, num: FormatNumber): string {
  if (Array.isArray(value)) return value.map((v) => valueWords(kind, v, t, num)).join(', ');
  if (kind === 'lifecycle' && typeof value === 'string' && STAGES.includes(value as LifecycleStage))
    return t(`accounts.stages.${value}`);
  if (typeof value === 'number') return num(kind === 'money' ? value / 100 : value);
  if (typeof value === 'string') return kind === 'date' ? value : `“${value}”`;
  return String(value);
}

/**
 * A field's name in words: its label, or the trait's name.
 * @example fieldWords('traits.region', t) // 'trait “region”'
 */
export function fieldWords(field: string, t: Translate): string {
  if (field.startsWith('traits.')) return t('studio.segments.traitNamed', { name: field.slice(7) });
  return isSegmentField(field) ? t(`studio.segments.fields.${field}`) : field;
}

/**
 * One condition in words, e.g. `ARR is at least 100,000`.
 * @example describeCondition({ field: 'seats', op: 'gte', value: 50 }, t, String) // 'Seats is at least 50'
 */
export function describeCondition(c: SegmentCondition, t: Translate, num: FormatNumber): string {
  const kind = c.field.startsWith('traits.') || !isSegmentField(c.field) ? 'trait' : FIELD_KINDS[c.field];
  const field = fieldWords(c.field, t);
  if (c.op === 'exists')
    return t(c.value === false ? 'studio.segments.rule.missing' : 'studio.segments.rule.exists', { field });
  const opKey = kind === 'date' && ['gt', 'gte', 'lt', 'lte'].includes(c.op) ? `date.${c.op}` : c.op;
  return t('studio.segments.rule.condition', {
    field,
    op: t(`studio.segments.ops.${opKey}`),
    value: valueWords(kind, c.value, t, num),
  });
}

/**
 * A segment's rule in words: its conditions joined by "and"/"or", "every account" without any, and the default
 * segment's own sentence.
 * @example describeRule({ isDefault: false, match: 'all', conditions: [{ field: 'plan', op: 'eq', value: 'pro' }] }, t, String) // 'Plan is “pro”'
 */
export function describeRule(
  segment: { isDefault: boolean; match: 'all' | 'any'; conditions: readonly SegmentCondition[] },
  t: Translate,
  num: FormatNumber,
): string {
  if (segment.isDefault) return t('studio.segments.rule.default');
  if (segment.conditions.length === 0) return t('studio.segments.rule.everyAccount');
  const joiner = t(segment.match === 'any' ? 'studio.segments.rule.or' : 'studio.segments.rule.and');
  return segment.conditions.map((c) => describeCondition(c, t, num)).join(joiner);
}

/** Messages by form part: `id`, `name`, `match`, `modelId`, `conditions`, `conditions.<i>.field|op|value`; `other` for the rest. */
export interface PlacedIssues {
  fields: Record<string, string>;
  other: string[];
}

const SEGMENT_PARTS = new Set(['id', 'name', 'match', 'modelId', 'conditions']);
const CONDITION_PARTS = new Set(['field', 'op', 'value']);

/**
 * Places the `issues` of a 400 VALIDATION_FAILED on the segment form. Paths are into the segment (`['conditions',
 * 1, 'value']`) or, when the API checked the whole list, into the list (`[3, 'modelId']`): `ownIndex` is this
 * segment's place in that list (its index, or the list's length for a new one); issues of other segments go to
 * `other`.
 * @example placeSegmentIssues([{ path: ['conditions', 0, 'value'], message: 'needs a number' }], null).fields['conditions.0.value'] // 'needs a number'
 */
export function placeSegmentIssues(issues: readonly unknown[], ownIndex: number | null): PlacedIssues {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of issues) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { path, message, code } = issue as { path?: unknown; message?: unknown; code?: unknown };
    const text = typeof message === 'string' ? message : String(code ?? '');
    let parts = Array.isArray(path) ? path : [];
    if (typeof parts[0] === 'number') {
      if (parts[0] !== ownIndex) {
        other.push(text);
        continue;
      }
      parts = parts.slice(1);
    }
    const key = partOf(parts);
    if (key) fields[key] ??= text;
    else other.push(text);
  }
  return { fields, other };
}

function partOf(path: readonly unknown[]): string | null {
  const [head, row, part] = path;
  if (typeof head !== 'string' || !SEGMENT_PARTS.has(head)) return null;
  if (head !== 'conditions' || typeof row !== 'number') return head;
  return `conditions.${row}.${typeof part === 'string' && CONDITION_PARTS.has(part) ? part : 'value'}`;
}

/**
 * A URL-safe id from a name, for a new segment (the admin may change it before creating).
 * @example segmentIdFrom('Enterprise EMEA', []) // 'enterprise-emea'
 */
export function segmentIdFrom(name: string, taken: readonly string[]): string {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'segment';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

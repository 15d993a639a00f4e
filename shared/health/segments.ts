import { z } from 'zod';
import type { AccountRecord } from './input';
import { daysBetween, LIFECYCLE_STAGES, type LifecycleStage, lifecycleStage } from './lifecycle';
import { type ConfigIssue, type ConfigResult, issue, toConfigIssues } from './model';

/**
 * Account fields a segment condition can test, besides `traits.<name>` (any trait; a dotted name reads a
 * nested trait when no trait has the literal dotted key). `lifecycleStage`, `daysToRenewal` (from
 * `asOfDay` to the renewal date) and `tenureDays` (since the contract start) are derived on `asOfDay`.
 * @example SEGMENT_FIELDS.includes('arrCents') // true
 */
export const SEGMENT_FIELDS = [
  'externalId',
  'name',
  'plan',
  'industry',
  'employees',
  'seats',
  'arrCents',
  'mrrCents',
  'currency',
  'ownerEmail',
  'status',
  'contractStartDate',
  'renewalDate',
  'lifecycleStage',
  'daysToRenewal',
  'tenureDays',
] as const;

/**
 * Condition operators. `eq`/`neq`/`in`/`nin`/`contains` compare strings case-insensitively and numbers
 * numerically (a numeric string trait equals the number); `gt`..`lte` compare numbers, or strings
 * lexicographically (so `YYYY-MM-DD` dates work); `contains` tests a substring or an array element;
 * `exists` (value `true`, default, or `false`) tests for a non-empty value. A missing field fails every
 * operator except `neq`, `nin` and `exists: false`.
 * @example CONDITION_OPS.length // 10
 */
export const CONDITION_OPS = [
  'eq',
  'neq',
  'in',
  'nin',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'exists',
] as const;

const scalar = z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()]);

/**
 * One condition over an account field.
 * @example conditionSchema.parse({ field: 'traits.region', op: 'in', value: ['EMEA', 'APAC'] })
 */
export const conditionSchema = z
  .object({
    field: z.string().min(1).max(200),
    op: z.enum(CONDITION_OPS),
    value: z
      .union([scalar, z.array(z.union([z.string().max(500), z.number().finite(), z.boolean()])).max(500)])
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const known = (SEGMENT_FIELDS as readonly string[]).includes(c.field) || /^traits\.[^.].*$/.test(c.field);
    if (!known) {
      issue(
        ctx,
        'UNKNOWN_FIELD',
        `unknown field '${c.field}'; use ${SEGMENT_FIELDS.join(', ')} or traits.<name>`,
        ['field'],
      );
    }
    const v = c.value;
    const bad = (message: string) => issue(ctx, 'INVALID_CONDITION', message, ['value']);
    if (c.op === 'in' || c.op === 'nin') {
      if (!Array.isArray(v) || v.length === 0) bad(`'${c.op}' needs a non-empty array value`);
    } else if (c.op === 'exists') {
      if (v !== undefined && typeof v !== 'boolean') bad(`'exists' takes true, false or no value`);
    } else if (c.op === 'gt' || c.op === 'gte' || c.op === 'lt' || c.op === 'lte') {
      if (typeof v !== 'number' && typeof v !== 'string') bad(`'${c.op}' needs a number or string value`);
    } else if (c.op === 'contains') {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        bad(`'contains' needs a string, number or boolean value`);
      }
    } else if (v === undefined || Array.isArray(v)) {
      bad(`'${c.op}' needs a single value`);
    }
    if (c.field === 'lifecycleStage' && c.op !== 'exists') {
      const values = Array.isArray(v) ? v : [v];
      for (const s of values) {
        if (typeof s !== 'string' || !(LIFECYCLE_STAGES as readonly string[]).includes(s)) {
          bad(`lifecycleStage is one of ${LIFECYCLE_STAGES.join(', ')}; got ${JSON.stringify(s)}`);
        }
      }
    }
  });

/**
 * A parsed condition.
 * @example const c: SegmentCondition = { field: 'plan', op: 'eq', value: 'enterprise' };
 */
export type SegmentCondition = z.infer<typeof conditionSchema>;

/**
 * A segment: accounts matching its conditions (`match: 'all'` = every condition, `'any'` = at least one;
 * no conditions = every account) are scored with model `modelId`. Segments are tried by ascending
 * `order`; the first match wins; the one `isDefault` segment catches the rest (its conditions are not
 * consulted).
 * @example segmentSchema.parse({ id: 'ent', name: 'Enterprise', order: 1, conditions: [{ field: 'arrCents', op: 'gte', value: 10_000_000 }], modelId: 'm-ent' })
 */
export const segmentSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().trim().min(1).max(120),
    order: z.number().int().min(0).max(1_000_000),
    match: z.enum(['all', 'any']).default('all'),
    conditions: z.array(conditionSchema).max(50).default([]),
    modelId: z.string().min(1).max(64),
    isDefault: z.boolean().default(false),
  })
  .strict();

/**
 * A parsed segment.
 * @example const s: Segment = DEFAULT_SEGMENT;
 */
export type Segment = z.infer<typeof segmentSchema>;
/**
 * A segment as submitted (defaults optional).
 * @example const s: SegmentInput = { id: 'smb', name: 'SMB', order: 2, modelId: 'm-smb', conditions: [{ field: 'employees', op: 'lt', value: 50 }] };
 */
export type SegmentInput = z.input<typeof segmentSchema>;

/**
 * The full, ordered list of segments: unique ids, unique orders, exactly one default segment.
 * @example segmentListSchema.parse([DEFAULT_SEGMENT])
 */
export const segmentListSchema = z
  .array(segmentSchema)
  .min(1)
  .max(500)
  .superRefine((list, ctx) => {
    const ids = new Set<string>();
    const orders = new Map<number, string>();
    list.forEach((s, i) => {
      if (ids.has(s.id)) issue(ctx, 'DUPLICATE_KEY', `duplicate segment id '${s.id}'`, [i, 'id']);
      ids.add(s.id);
      if (s.isDefault) return;
      const other = orders.get(s.order);
      if (other !== undefined) {
        issue(ctx, 'DUPLICATE_ORDER', `segments '${other}' and '${s.id}' share order ${s.order}`, [
          i,
          'order',
        ]);
      } else orders.set(s.order, s.id);
    });
    const defaults = list.filter((s) => s.isDefault).length;
    if (defaults !== 1) {
      issue(ctx, 'DEFAULT_SEGMENT', `exactly one segment must be the default; found ${defaults}`, []);
    }
  });

/**
 * Validates a submitted segment list, with stable issue codes.
 * @example validateSegments([{ id: 'a', name: 'A', order: 1, modelId: 'm' }]) // { ok: false, issues: [{ code: 'DEFAULT_SEGMENT', … }] }
 */
export function validateSegments(input: unknown): ConfigResult<Segment[]> {
  const parsed = segmentListSchema.safeParse(input);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: toConfigIssues(parsed.error.issues) as ConfigIssue[] };
}

// ---------------------------------------------------------------------------------------------------
// Evaluation

type Scalar = string | number | boolean | null;

/** Per-account view of the fields, derived values computed at most once per resolution. */
class FieldReader {
  #stage: LifecycleStage | null | undefined;
  constructor(
    readonly account: AccountRecord,
    readonly asOfDay: string,
  ) {}

  get(field: string): unknown {
    const a = this.account;
    switch (field) {
      case 'lifecycleStage':
        if (this.#stage === undefined) this.#stage = lifecycleStage(a, this.asOfDay);
        return this.#stage;
      case 'daysToRenewal':
        return daysBetween(this.asOfDay, a.renewalDate);
      case 'tenureDays':
        return daysBetween(a.contractStartDate, this.asOfDay);
      default:
        if (field.startsWith('traits.')) return traitValue(a.traits, field.slice(7));
        return (a as unknown as Record<string, unknown>)[field];
    }
  }
}

function traitValue(traits: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(traits, name)) return traits[name];
  let cur: unknown = traits;
  for (const part of name.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, part))
      return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function isMissing(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** Condition value with strings pre-lower-cased at compile time. */
function prepare(v: Scalar): Scalar {
  return typeof v === 'string' ? v.trim().toLowerCase() : v;
}

function equals(actual: unknown, expected: Scalar): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (actual === null || actual === undefined) return false;
  if (typeof expected === 'number') return toNumber(actual) === expected;
  if (typeof expected === 'boolean') {
    return (
      actual === expected || (typeof actual === 'string' && actual.trim().toLowerCase() === String(expected))
    );
  }
  if (typeof actual === 'string') return actual.trim().toLowerCase() === expected;
  if (typeof actual === 'number' || typeof actual === 'boolean')
    return String(actual).toLowerCase() === expected;
  return false;
}

function compare(actual: unknown, expected: number | string): number | null {
  if (typeof expected === 'number') {
    const n = toNumber(actual);
    return n === null ? null : n - expected;
  }
  if (typeof actual !== 'string') return null;
  return actual < expected ? -1 : actual > expected ? 1 : 0;
}

type Test = (fields: FieldReader) => boolean;

function compileCondition(c: SegmentCondition): Test {
  const field = c.field;
  const raw = c.value;
  if (c.op === 'in' || c.op === 'nin') {
    const values = (Array.isArray(raw) ? raw : [raw ?? null]).map(prepare);
    const negate = c.op === 'nin';
    return (f) => {
      const v = f.get(field);
      const hit = values.some((e) => equals(v, e));
      return negate ? !hit : hit;
    };
  }
  if (c.op === 'exists') {
    const want = raw !== false;
    return (f) => !isMissing(f.get(field)) === want;
  }
  const value = prepare(Array.isArray(raw) ? null : (raw ?? null));
  switch (c.op) {
    case 'eq':
      return (f) => equals(f.get(field), value);
    case 'neq':
      return (f) => !equals(f.get(field), value);
    case 'contains':
      return (f) => {
        const v = f.get(field);
        if (Array.isArray(v)) return v.some((e) => equals(e, value));
        return typeof v === 'string' && typeof value === 'string' && v.toLowerCase().includes(value);
      };
    default: {
      // Numbers compare numerically; string bounds (e.g. dates) compare as written, not lower-cased.
      const bound = typeof raw === 'number' || typeof raw === 'string' ? raw : null;
      if (bound === null) return () => false;
      const op = c.op;
      return (f) => {
        const d = compare(f.get(field), bound);
        if (d === null) return false;
        return op === 'gt' ? d > 0 : op === 'gte' ? d >= 0 : op === 'lt' ? d < 0 : d <= 0;
      };
    }
  }
}

/**
 * Segments compiled once per run: `resolve` returns the segment an account belongs to on `asOfDay`.
 * @example compileSegments(segments).resolve(account, '2026-04-30').modelId // 'm-ent'
 */
export interface SegmentResolver {
  resolve(account: AccountRecord, asOfDay: string): Segment;
  /** Whether one segment's conditions match (ignores order and default). */
  matches(segment: Segment, account: AccountRecord, asOfDay: string): boolean;
}

/**
 * Validates (once) and compiles a segment list. Throws a `RangeError` listing the issues when invalid.
 * @example compileSegments([DEFAULT_SEGMENT]).resolve(account, '2026-04-30').id // 'default'
 */
export function compileSegments(segments: readonly SegmentInput[]): SegmentResolver {
  const checked = validateSegments(segments);
  if (!checked.ok) {
    throw new RangeError(
      `invalid segments: ${checked.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const list = checked.value;
  const fallback = list.find((s) => s.isDefault)!;
  const compiled = new Map<Segment, Test>();
  const testOf = (s: Segment): Test => {
    let t = compiled.get(s);
    if (!t) {
      const tests = s.conditions.map(compileCondition);
      t =
        s.match === 'any' && tests.length > 0
          ? (f) => tests.some((x) => x(f))
          : (f) => tests.every((x) => x(f));
      compiled.set(s, t);
    }
    return t;
  };
  const ordered = list
    .map((s, i) => ({ s, i }))
    .filter((x) => !x.s.isDefault)
    .sort((a, b) => a.s.order - b.s.order || a.i - b.i)
    .map((x) => ({ segment: x.s, test: testOf(x.s) }));
  return {
    resolve(account, asOfDay) {
      const fields = new FieldReader(account, asOfDay);
      for (const o of ordered) if (o.test(fields)) return o.segment;
      return fallback;
    },
    matches(segment, account, asOfDay) {
      return testOf(segment)(new FieldReader(account, asOfDay));
    },
  };
}

/**
 * The segment of one account (compiles on each call; use {@link compileSegments} in loops).
 * @example resolveSegment(account, [DEFAULT_SEGMENT], '2026-04-30').id // 'default'
 */
export function resolveSegment(
  account: AccountRecord,
  segments: readonly SegmentInput[],
  asOfDay: string,
): Segment {
  return compileSegments(segments).resolve(account, asOfDay);
}

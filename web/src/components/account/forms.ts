// Validation of the account page's forms (touchpoint, rating, override) and the alert actions (snooze, close).
// Pure: the form's values and `nowMs` in; either the exact JSON body the API expects, or per-field message keys
// (under `account.form.errors.*` in the i18n files) to show beside the inputs. Limits mirror the API's contracts.

import { reactive, ref, shallowRef } from 'vue';
import type {
  OverridePayload,
  RatingPayload,
  RescoreResult,
  TouchpointKind,
  TouchpointPayload,
} from '../../api/account';
import { useSubmit } from '../../composables/useSubmit';

// A record rather than an imported list: importing the contract's value would pull zod into this chunk, and a
// Record over the contract's type fails to compile if a kind is missing or unknown.
const KIND_PRESENT: Record<TouchpointKind, true> = {
  call: true,
  meeting: true,
  email: true,
  qbr: true,
  visit: true,
  note: true,
};

/** Kinds of touchpoint, in the order the form offers them. */
export const TOUCHPOINT_KINDS = Object.keys(KIND_PRESENT) as TouchpointKind[];

const DAY_MS = 86_400_000;
export const SUMMARY_MAX = 200;
export const BODY_MAX = 5000;
export const COMMENT_MAX = 2000;
export const REASON_MAX = 2000;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Epoch ms of an `<input type="datetime-local">` value (the browser's zone), or null when empty or not a real time.
 * @example parseLocalDateTime('2026-11-25T14:30') === new Date(2026, 10, 25, 14, 30).getTime() // true
 */
export function parseLocalDateTime(value: string): number | null {
  const m = LOCAL_DATE_TIME.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = m.slice(1).map((part) => Number(part ?? 0)) as number[];
  const date = new Date(y!, mo! - 1, d!, h!, mi!, sec!);
  return date.getMonth() === mo! - 1 && date.getDate() === d && h! < 24 && mi! < 60 ? date.getTime() : null;
}

/**
 * Epoch ms of the local midnight starting an `<input type="date">` day, or null when empty or not a real day.
 * @example parseLocalDay('2026-02-30') // null
 */
export function parseLocalDay(value: string): number | null {
  const m = LOCAL_DATE.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  const date = new Date(y, mo - 1, d);
  return date.getMonth() === mo - 1 && date.getDate() === d ? date.getTime() : null;
}

/**
 * The `datetime-local` value of an instant in the browser's zone, e.g. to prefill "now".
 * @example toLocalDateTimeInput(new Date(2026, 10, 25, 9, 5).getTime()) // '2026-11-25T09:05'
 */
export function toLocalDateTimeInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A validated body, or the fields that failed with an i18n message key each. */
export type Validated<T, F extends string> =
  | { ok: true; payload: T }
  | { ok: false; errors: Partial<Record<F, string>> };

function result<T, F extends string>(errors: Partial<Record<F, string>>, payload: () => T): Validated<T, F> {
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, payload: payload() };
}

/** What the touchpoint form holds; `occurredAt` is a `datetime-local` value. */
export interface TouchpointValues {
  kind: TouchpointKind | null;
  occurredAt: string;
  summary: string;
  body: string;
}

/**
 * A touchpoint needs a kind, a time no more than a day ahead (a meeting booked for tomorrow is fine), and a
 * 1–200 character summary; notes are optional, up to 5000 characters.
 * @example validateTouchpoint({ kind: 'call', occurredAt: '2026-11-25T10:00', summary: 'QBR prep', body: '' }, now).ok // true
 */
export function validateTouchpoint(
  values: TouchpointValues,
  nowMs: number,
): Validated<TouchpointPayload, keyof TouchpointValues> {
  const errors: Partial<Record<keyof TouchpointValues, string>> = {};
  const summary = values.summary.trim();
  const body = values.body.trim();
  if (!values.kind || !TOUCHPOINT_KINDS.includes(values.kind)) errors.kind = 'kindRequired';
  const occurredAtMs = parseLocalDateTime(values.occurredAt);
  if (occurredAtMs === null) errors.occurredAt = 'dateRequired';
  else if (occurredAtMs > nowMs + DAY_MS) errors.occurredAt = 'dateTooFarAhead';
  if (!summary) errors.summary = 'summaryRequired';
  else if (summary.length > SUMMARY_MAX) errors.summary = 'summaryTooLong';
  if (body.length > BODY_MAX) errors.body = 'bodyTooLong';
  return result(errors, () => ({
    kind: values.kind as TouchpointKind,
    occurredAt: new Date(occurredAtMs as number).toISOString(),
    summary,
    ...(body ? { body } : {}),
  }));
}

/** What the rating form holds. */
export interface RatingValues {
  stars: number | null;
  comment: string;
}

/**
 * A rating is 1–5 whole stars with an optional comment of up to 2000 characters.
 * @example validateRating({ stars: 4, comment: '' }) // { ok: true, payload: { stars: 4 } }
 */
export function validateRating(values: RatingValues): Validated<RatingPayload, keyof RatingValues> {
  const errors: Partial<Record<keyof RatingValues, string>> = {};
  const comment = values.comment.trim();
  if (values.stars === null || !Number.isInteger(values.stars) || values.stars < 1 || values.stars > 5)
    errors.stars = 'starsRequired';
  if (comment.length > COMMENT_MAX) errors.comment = 'commentTooLong';
  return result(errors, () => ({ stars: values.stars as number, ...(comment ? { comment } : {}) }));
}

/**
 * What the override form holds: `score` as typed (empty = keep the computed score; Vue's v-model turns a number
 * input's text into a number), `expiresOn` a date-input value.
 */
export interface OverrideValues {
  tier: string | null;
  score: string | number;
  reason: string;
  expiresOn: string;
}

/**
 * The end of the local day that starts at `dayStartMs` (the next local midnight), so "expires on 3 March" keeps the
 * override through 3 March. Built from calendar fields, not + 24 h, so a daylight-saving change cannot shift it.
 * @example new Date(endOfLocalDay(new Date(2026, 2, 3).getTime())).getDate() // 4
 */
export function endOfLocalDay(dayStartMs: number): number {
  const d = new Date(dayStartMs);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

/**
 * An override names one of `tiers`, optionally a 0–100 score, a reason (1–2000 characters) and an expiry day
 * that has not ended yet.
 * @example validateOverride({ tier: 'yellow', score: '', reason: 'Sponsor left', expiresOn: '2026-12-31' }, ['green', 'yellow'], now).ok // true
 */
export function validateOverride(
  values: OverrideValues,
  tiers: readonly string[],
  nowMs: number,
): Validated<OverridePayload, keyof OverrideValues> {
  const errors: Partial<Record<keyof OverrideValues, string>> = {};
  const reason = values.reason.trim();
  if (!values.tier || !tiers.includes(values.tier)) errors.tier = 'tierRequired';
  const scoreText = String(values.score).trim();
  const score = scoreText === '' ? null : Number(scoreText);
  if (score !== null && !(Number.isFinite(score) && score >= 0 && score <= 100)) errors.score = 'scoreRange';
  if (!reason) errors.reason = 'reasonRequired';
  else if (reason.length > REASON_MAX) errors.reason = 'reasonTooLong';
  const dayStartMs = parseLocalDay(values.expiresOn);
  const expiresAtMs = dayStartMs === null ? null : endOfLocalDay(dayStartMs);
  if (expiresAtMs === null) errors.expiresOn = 'expiryRequired';
  else if (expiresAtMs <= nowMs) errors.expiresOn = 'expiryInPast';
  return result(errors, () => ({
    tier: values.tier as string,
    ...(score !== null ? { score } : {}),
    reason,
    expiresAt: new Date(expiresAtMs as number).toISOString(),
  }));
}

/**
 * A snooze must end in the future.
 * @example validateSnooze({ until: '2026-12-01T09:00' }, now) // { ok: true, payload: { until: '2026-12-01T08:00:00.000Z' } }
 */
export function validateSnooze(
  values: { until: string },
  nowMs: number,
): Validated<{ until: string }, 'until'> {
  const errors: Partial<Record<'until', string>> = {};
  const untilMs = parseLocalDateTime(values.until);
  if (untilMs === null) errors.until = 'snoozeRequired';
  else if (untilMs <= nowMs) errors.until = 'snoozeInPast';
  return result(errors, () => ({ until: new Date(untilMs as number).toISOString() }));
}

/**
 * A closing note is optional, up to 2000 characters.
 * @example validateCloseNote({ note: ' ' }) // { ok: true, payload: {} }
 */
export function validateCloseNote(values: { note: string }): Validated<{ note?: string }, 'note'> {
  const note = values.note.trim();
  return result(note.length > COMMENT_MAX ? { note: 'noteTooLong' } : {}, () => (note ? { note } : {}));
}

/**
 * A form's state and submission: `values` bound to the inputs, `errors` (message keys per field) after a
 * failed check, and useSubmit's `submitting`/`error` for the request (an ApiError carries the requestId).
 * `submit()` validates first and sends nothing when a field is wrong; after success the values reset,
 * `result` holds what the API answered and `onSaved` runs (e.g. to reload the page data).
 * @example
 * const form = useForm({ initial: () => ({ stars: null, comment: '' }), validate: validateRating,
 *   send: (body) => rateAccount(api, id, body), onSaved: reload })
 */
export function useForm<V extends object, P, F extends string, R = unknown>(options: {
  initial: () => V;
  validate: (values: V, nowMs: number) => Validated<P, F>;
  send: (payload: P) => Promise<R>;
  onSaved?: () => unknown;
}) {
  const values = reactive(options.initial()) as V;
  const errors = ref<Partial<Record<F, string>>>({});
  /** True after a successful submit until the next attempt, for a "Saved" confirmation. */
  const saved = ref(false);
  /** The API's answer to the last successful submit. */
  const result = shallowRef<R | null>(null);
  const {
    submitting,
    error,
    submit: send,
  } = useSubmit(async (payload: P) => {
    result.value = await options.send(payload);
  });

  function reset(): void {
    Object.assign(values, options.initial());
    errors.value = {};
    error.value = null;
  }

  /** Resolves true when the API accepted the form; never rejects. */
  async function submit(): Promise<boolean> {
    if (submitting.value) return false;
    saved.value = false;
    const checked = options.validate(values, Date.now());
    errors.value = checked.ok ? {} : checked.errors;
    if (!checked.ok || !(await send(checked.payload))) return false;
    reset();
    saved.value = true;
    await options.onSaved?.();
    return true;
  }

  return { values, errors, error, submitting, saved, result, submit, reset };
}

/**
 * The message key after saving an input that rescores the account: `saved` when the rescore wrote today's
 * score (the page shows it at once), `savedLater` when the input counts from the next scoring run.
 * @example savedKey('account.rating', { status: 'skipped', … }) // 'account.rating.savedLater'
 */
export function savedKey(prefix: string, rescore: Pick<RescoreResult, 'status'> | null | undefined): string {
  return `${prefix}.${rescore?.status === 'scored' ? 'saved' : 'savedLater'}`;
}

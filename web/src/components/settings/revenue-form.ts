import type { RevenueSettings } from '../../api/revenue';

// The Revenue settings form: editable drafts from the settings, the body `PUT /api/settings/revenue` expects, and
// the API's validation issues placed on the inputs they are about. Pure.

export interface RevenueDraft {
  reportingCurrency: string;
  /** Rows of the rates table; `rate` as typed. */
  rates: { code: string; rate: string }[];
  reasons: { key: string; label: string }[];
  /** Gross margin as a percentage 0..100, as typed. */
  marginPercent: string;
}

/** Drafts of the stored settings (rates sorted by currency). */
export function draftOf(settings: RevenueSettings): RevenueDraft {
  return {
    reportingCurrency: settings.reportingCurrency,
    rates: Object.entries(settings.currencyRates)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, rate]) => ({ code, rate: String(rate) })),
    reasons: settings.renewalReasons.map((r) => ({ ...r })),
    // Rounded so 0.3 shows as 30, not 30.000000000000004.
    marginPercent: String(Math.round(settings.grossMarginRate * 10_000) / 100),
  };
}

/**
 * The request body of a draft. Codes are trimmed and upper-cased; numbers are read as typed (a bad one becomes NaN
 * and the API says what is wrong with it). Rows whose code is blank are left out.
 * @example settingsOf({ reportingCurrency: 'usd', rates: [{ code: 'eur', rate: '1.08' }], reasons: [{ key: 'price', label: 'Price' }], marginPercent: '80' }).grossMarginRate // 0.8
 */
export function settingsOf(draft: RevenueDraft): RevenueSettings {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  return {
    reportingCurrency: draft.reportingCurrency.trim().toUpperCase(),
    currencyRates: Object.fromEntries(
      draft.rates.filter((r) => r.code.trim()).map((r) => [r.code.trim().toUpperCase(), number(r.rate)]),
    ),
    renewalReasons: draft.reasons.map((r) => ({ key: r.key.trim(), label: r.label.trim() })),
    grossMarginRate: number(draft.marginPercent) / 100,
  };
}

/** Indexes of rate rows whose currency another row already has (the later ones). */
export function duplicateRates(draft: RevenueDraft): number[] {
  const seen = new Set<string>();
  return draft.rates.flatMap((r, i) => {
    const code = r.code.trim().toUpperCase();
    if (!code) return [];
    if (seen.has(code)) return [i];
    seen.add(code);
    return [];
  });
}

/** Messages by input: `reportingCurrency`, `rates`, `rates.<i>.code|rate`, `reasons`, `reasons.<i>.key|label`, `grossMarginRate`; `other` for issues on no input. */
export interface PlacedIssues {
  fields: Record<string, string>;
  other: string[];
}

/**
 * Places the `issues` of a 400 VALIDATION_FAILED (zod paths into the PUT body) on the draft's inputs.
 * @example placeIssues([{ path: ['renewalReasons', 1, 'key'], message: 'must be a reason key' }], draft).fields['reasons.1.key']
 */
export function placeIssues(issues: readonly unknown[], draft: RevenueDraft): PlacedIssues {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of issues) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { path, message, code } = issue as { path?: unknown[]; message?: string; code?: string };
    const text = message ?? String(code ?? '');
    const key = fieldOf(Array.isArray(path) ? path : [], code, draft);
    if (key) fields[key] ??= text;
    else other.push(text);
  }
  return { fields, other };
}

function fieldOf(path: readonly unknown[], code: string | undefined, draft: RevenueDraft): string | null {
  const [head, second, third] = path;
  if (head === 'reportingCurrency' || head === 'grossMarginRate') return head;
  if (head === 'currencyRates') {
    if (second === undefined) return 'rates';
    const row = draft.rates.findIndex((r) => r.code.trim().toUpperCase() === String(second).toUpperCase());
    if (row < 0) return 'rates';
    return `rates.${row}.${code === 'invalid_key' ? 'code' : 'rate'}`;
  }
  if (head === 'renewalReasons') {
    if (typeof second !== 'number') return 'reasons';
    return `reasons.${second}.${third === 'label' ? 'label' : 'key'}`;
  }
  return null;
}

/**
 * One input of an editable row (see RevenueRows.vue): the row's property it edits, its accessible name for the
 * `i`-th row, and the input's shape. `invalid` marks it beyond the API's issues (a duplicate currency code).
 * @example const code: RowField<{ code: string; rate: string }> = { key: 'code', label: (i) => `Currency of rate ${i + 1}`, maxlength: 3, code: true };
 */
export interface RowField<Row> {
  key: keyof Row & string;
  label: (i: number, row: Row) => string;
  maxlength?: number;
  inputmode?: 'decimal';
  /** A short upper-cased code input. */
  code?: boolean;
  /** Takes the row's spare width. */
  grow?: boolean;
  invalid?: (i: number) => boolean;
}

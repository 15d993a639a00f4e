import Papa from 'papaparse';
import type { RevenueMetrics } from '../../api/revenue';
import { currencyDigits } from '../../format';
import { type AttributionRow, attributionRows } from './attribution';
import { KPIS } from './kpis';

// The metrics page as CSV: one row per figure with this period's and the previous period's value. Pure.
// Numbers stay numbers in plain notation (money in major units of the reporting currency, rates in percent), so a
// spreadsheet can compute with them; every text cell is formula-safe.

/** The header row; stable, untranslated, so scripts can read the file. */
export const METRICS_CSV_FIELDS = ['section', 'metric', 'label', 'current', 'previous', 'unit'] as const;

/** A cell starting with one of these is a formula to a spreadsheet: it gets a leading apostrophe (as the API's CSVs). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Translated names of what the rows describe; reason labels are the configured (user-written) ones. */
export interface MetricsCsvLabels {
  kpi: (key: string) => string;
  count: (key: string) => string;
  movement: (key: 'new' | 'expansion' | 'contraction' | 'churned') => string;
  tier: (key: string | null) => string;
  reason: (key: string | null) => string;
  attribution: (row: AttributionRow) => string;
  tierColumn: (column: 'due' | 'renewed' | 'rate') => string;
  reasonColumn: (column: 'churnedArr' | 'renewedArr' | 'churned' | 'renewed') => string;
  period: string;
  previousPeriod: string;
}

type Unit = 'percent' | 'count' | 'minutes' | 'day' | 'text' | string;
type Value = number | string | null;

/**
 * The CSV text (header row, CRLF) of the shown metrics: period, KPIs, counts, MRR movement, renewal rate by tier,
 * churned and renewed ARR by reason, and the CS attribution.
 * @example metricsCsv(current, previous, labels).split('\r\n')[0] // 'section,metric,label,current,previous,unit'
 */
export function metricsCsv(
  current: RevenueMetrics,
  previous: RevenueMetrics,
  labels: MetricsCsvLabels,
): string {
  const currency = current.reportingCurrency;
  const digits = currencyDigits(currency);
  const money = (minor: number | null) => (minor === null ? null : minor / 10 ** digits);
  const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 1_000_000) / 10_000);
  const rows: [string, string, string, Value, Value, Unit][] = [];
  const add = (section: string, metric: string, label: string, cur: Value, prev: Value, unit: Unit) =>
    rows.push([section, metric, label, cur, prev, unit]);

  add('period', 'label', '', labels.period, labels.previousPeriod, 'text');
  add('period', 'from', '', current.from, previous.from, 'day');
  add('period', 'to', '', current.to, previous.to, 'day');

  for (const def of KPIS) {
    const [cur, prev] = [def.read(current), def.read(previous)];
    if (def.format === 'rate') add('kpi', def.key, labels.kpi(def.key), pct(cur), pct(prev), 'percent');
    else if (def.format === 'money')
      add('kpi', def.key, labels.kpi(def.key), money(cur), money(prev), currency);
    else add('kpi', def.key, labels.kpi(def.key), cur, prev, 'minutes');
  }
  add(
    'kpi',
    'cltvByChurn',
    labels.kpi('cltvByChurn'),
    money(current.cltvByChurnMinor),
    money(previous.cltvByChurnMinor),
    currency,
  );

  for (const key of Object.keys(current.counts) as (keyof RevenueMetrics['counts'])[])
    add('counts', key, labels.count(key), current.counts[key], previous.counts[key], 'count');

  const movement = [
    ['new', 'newMrrMinor'],
    ['expansion', 'expansionMrrMinor'],
    ['contraction', 'contractionMrrMinor'],
    ['churned', 'churnedMrrMinor'],
  ] as const;
  for (const [key, field] of movement)
    add('mrr_movement', key, labels.movement(key), money(current[field]), money(previous[field]), currency);

  for (const row of current.byTier) {
    const tier = row.tier ?? '';
    const label = labels.tier(row.tier);
    add(
      'renewal_by_tier',
      `${tier}.due`,
      `${label}: ${labels.tierColumn('due')}`,
      row.renewalsDue,
      null,
      'count',
    );
    add(
      'renewal_by_tier',
      `${tier}.renewed`,
      `${label}: ${labels.tierColumn('renewed')}`,
      row.renewed,
      null,
      'count',
    );
    add(
      'renewal_by_tier',
      `${tier}.rate`,
      `${label}: ${labels.tierColumn('rate')}`,
      pct(row.renewalRate),
      null,
      'percent',
    );
  }

  for (const row of current.byReason) {
    const reason = row.reason ?? '';
    const label = labels.reason(row.reason);
    const col = labels.reasonColumn;
    add(
      'by_reason',
      `${reason}.churned_arr`,
      `${label}: ${col('churnedArr')}`,
      money(row.churnedArrMinor),
      null,
      currency,
    );
    add(
      'by_reason',
      `${reason}.renewed_arr`,
      `${label}: ${col('renewedArr')}`,
      money(row.renewedArrMinor),
      null,
      currency,
    );
    add('by_reason', `${reason}.churned`, `${label}: ${col('churned')}`, row.churned, null, 'count');
    add('by_reason', `${reason}.renewed`, `${label}: ${col('renewed')}`, row.renewed, null, 'count');
  }

  const before = new Map(attributionRows(previous).map((r) => [r.key, r.value]));
  for (const row of attributionRows(current)) {
    const prev = before.get(row.key) ?? null;
    if (row.format === 'money')
      add('attribution', row.key, labels.attribution(row), money(row.value), money(prev), currency);
    else if (row.format === 'rate')
      add('attribution', row.key, labels.attribution(row), pct(row.value), pct(prev), 'percent');
    else add('attribution', row.key, labels.attribution(row), row.value, prev, 'count');
  }

  return Papa.unparse(
    { fields: [...METRICS_CSV_FIELDS], data: rows },
    { escapeFormulae: FORMULA_START, newline: '\r\n' },
  );
}

/**
 * Hands `csv` to the browser as a file download. A byte-order mark goes first so spreadsheet apps read the
 * (possibly Chinese) labels as UTF-8.
 */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // After the click has started the download; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

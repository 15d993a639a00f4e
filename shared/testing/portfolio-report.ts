import type { HarnessResult } from './portfolio-harness';

/**
 * The harness result as plain-text tables for a test log: per archetype the last day's tiers, how many are
 * flagged (alarm tiers) against the ground truth, red days, and days from the change to an alarm / to red
 * (`–` = never); then the 2×2 confusion table and AUC; then the tiers per archetype once a week.
 * @example console.log(formatHarnessReport(runPortfolioHarness(portfolio, DEFAULT_MODEL)))
 */
export function formatHarnessReport(
  result: HarnessResult,
  alarmTiers: readonly string[] = ['yellow', 'red'],
) {
  const last = result.days[result.days.length - 1] ?? '';
  const tierCols = [...result.tierKeys, 'none'];
  const header = ['archetype', 'truth', 'n', ...tierCols, 'flagged', 'mean', 'ever red', 'red days'];
  const rows = result.archetypes.map((a) => [
    a.archetype,
    a.outcome,
    String(a.accounts),
    ...tierCols.map((k) => String(a.finalTiers[k] ?? 0)),
    `${a.alarmedAtEnd}/${a.accounts}`,
    a.meanFinalScore === null ? '–' : a.meanFinalScore.toFixed(1),
    String(a.accountsEverRed),
    String(a.redAccountDays),
  ]);
  const changes = result.archetypes
    .filter((a) => a.daysToAlarm.length > 0)
    .map((a) => [a.archetype, a.daysToAlarm.map(dash).join(' '), a.daysToRed.map(dash).join(' ')]);

  let tp = 0;
  let fn = 0;
  let fp = 0;
  let tn = 0;
  for (const a of result.archetypes) {
    if (a.outcome === 'churn') {
      tp += a.alarmedAtEnd;
      fn += a.accounts - a.alarmedAtEnd;
    } else {
      fp += a.alarmedAtEnd;
      tn += a.accounts - a.alarmedAtEnd;
    }
  }
  const weeks = result.days.flatMap((_day, i) => ((result.days.length - 1 - i) % 7 === 0 ? [i] : []));
  const weekly = result.archetypes.map((a) => [
    a.archetype,
    ...weeks.map((i) => result.tierKeys.map((k) => a.dailyTiers[i]?.[k] ?? 0).join('·')),
  ]);
  weekly.push(['AUC', ...weeks.map((i) => auc(result.aucByDay[i] ?? null))]);
  return [
    `Tiers on ${last} by archetype (${result.days[0]} – ${last} scored; flagged = ${alarmTiers.join(' or ')})`,
    table(header, rows),
    '',
    'Days from the change day to the first alarm tier / to red (one per account, – = never)',
    table(['archetype', `to ${alarmTiers.join('/')}`, 'to red'], changes),
    '',
    `Confusion on ${last} (flagged vs churned): TP ${tp}  FN ${fn}  FP ${fp}  TN ${tn}`,
    `AUC (score vs renewal, ${last}): ${auc(result.auc)}` +
      (result.unscoredAtEnd > 0 ? ` (${result.unscoredAtEnd} unscored accounts left out)` : ''),
    '',
    `Tiers per week (${result.tierKeys.join('·')}), and that day's AUC`,
    table(['archetype', ...weeks.map((i) => result.days[i]!.slice(5))], weekly),
  ].join('\n');
}

const dash = (n: number | null) => (n === null ? '–' : String(n));
const auc = (x: number | null) => (x === null ? '–' : x.toFixed(3));

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

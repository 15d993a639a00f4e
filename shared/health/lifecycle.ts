import { addDays, utcDay } from '../time';
import type { AccountRecord } from './input';

/**
 * Lifecycle stages (seed 002): onboarding = months 0–1 of the contract, growth = months 1–3,
 * maturity = from month 3 on, renewal = the last 90 days before the renewal date (and after it until
 * the account renews or churns), churned.
 * @example LIFECYCLE_STAGES.includes('growth') // true
 */
export const LIFECYCLE_STAGES = ['onboarding', 'growth', 'maturity', 'renewal', 'churned'] as const;

/**
 * One of {@link LIFECYCLE_STAGES}.
 * @example const s: LifecycleStage = 'renewal';
 */
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function validDay(day: string | null | undefined): string | null {
  return day && DAY_PATTERN.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ? day : null;
}

/**
 * Shifts a `YYYY-MM-DD` day by whole calendar months, clamping to the month's last day
 * (`2026-01-31` + 1 month = `2026-02-28`).
 * @example addMonths('2026-01-31', 1) // '2026-02-28'
 */
export function addMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const d = Number(day.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return utcDay(Date.UTC(year, month, Math.min(d, last)));
}

/**
 * The account's lifecycle stage on `asOfDay`, by precedence: churned (status `'churned'` or `churnedAt`
 * on or before `asOfDay`); renewal (`asOfDay` ≥ renewalDate − `renewalWindowDays`, i.e. the 90 days
 * before renewal, and any day after it while not churned); then by months since `contractStartDate`:
 * onboarding before month 1 (and before the start), growth before month 3, maturity after.
 * Boundaries are inclusive on the later stage: exactly one month after the start is growth.
 * Null when no stage can be told (no valid start date and not in a renewal window).
 * @example lifecycleStage({ contractStartDate: '2026-01-15', renewalDate: '2027-01-15' }, '2026-02-15') // 'growth'
 */
export function lifecycleStage(
  account: Pick<AccountRecord, 'contractStartDate' | 'renewalDate'> &
    Partial<Pick<AccountRecord, 'status' | 'churnedAt'>>,
  asOfDay: string,
  renewalWindowDays = 90,
): LifecycleStage | null {
  if (typeof account.status === 'string' && account.status.trim().toLowerCase() === 'churned')
    return 'churned';
  if (typeof account.churnedAt === 'number' && Number.isFinite(account.churnedAt)) {
    if (utcDay(account.churnedAt) <= asOfDay) return 'churned';
  }
  const renewal = validDay(account.renewalDate);
  if (renewal && asOfDay >= addDays(renewal, -renewalWindowDays)) return 'renewal';
  const start = validDay(account.contractStartDate);
  if (!start) return null;
  if (asOfDay < addMonths(start, 1)) return 'onboarding';
  if (asOfDay < addMonths(start, 3)) return 'growth';
  return 'maturity';
}

/**
 * Whole days from `fromDay` to `toDay` (negative when `toDay` is earlier); null if either is invalid.
 * @example daysBetween('2026-04-30', '2026-05-30') // 30
 */
export function daysBetween(
  fromDay: string | null | undefined,
  toDay: string | null | undefined,
): number | null {
  const a = validDay(fromDay);
  const b = validDay(toDay);
  if (!a || !b) return null;
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

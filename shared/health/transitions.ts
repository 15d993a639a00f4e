import type { TierTransition } from './tiers';

// Wins and saves as a CS leader presents them (handbook, "Transitions"): an account bouncing between two
// tiers is not a string of wins, and one account is one win however often it crossed the line. Scoring
// records every tier change (worker/scoring/snapshots-store.ts); this decides which of them count.

/** Days an account must keep a tier change before it counts, unless an admin sets another number. */
export const DEFAULT_HYSTERESIS_DAYS = 7;
/** The most days an admin may set: beyond a quarter a "bounce" is a real change. */
export const MAX_HYSTERESIS_DAYS = 90;

/** A tier change as scoring recorded it (`tier_transitions`). */
export interface RecordedTransition {
  accountId: number;
  /** `YYYY-MM-DD` */
  period: string;
  kind: Exclude<TierTransition, 'none'>;
  fromTier: string;
  toTier: string;
  /** The account's ARR when it changed tier, cents. */
  arrCents: number | null;
}

export interface CountWinsOptions {
  /** First and last day of the window (inclusive): only changes on those days count. */
  from: string;
  to: string;
  /** A change undone within this many days is a bounce: neither it nor its undoing counts. 0 = none is. */
  hysteresisDays: number;
  /** Position of a tier, best first (0 = best); undefined for a key it does not know. */
  rank?: (tier: string) => number | undefined;
  /**
   * The counting unit within the window, e.g. the renewal cycle a change belongs to (attribution of renewed
   * ARR counts an account's win once per cycle). Default: the whole window, one unit.
   */
  cycleOf?: (t: RecordedTransition) => string;
  /**
   * Whether a change may count (e.g. it passes a segment filter). Changes that may not still take part in
   * bounces. Default: every change may.
   */
  eligible?: (t: RecordedTransition) => boolean;
}

/** The counted wins and saves: one per account (and cycle), its latest in the window, newest first. */
export interface CountedWins {
  wins: RecordedTransition[];
  saves: RecordedTransition[];
  /** Σ ARR of the listed accounts (each once), cents. */
  winsArrCents: number;
  savesArrCents: number;
}

const DAY_MS = 86_400_000;
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY_MS);
const isUp = (kind: RecordedTransition['kind']) => kind !== 'decline';

/**
 * Whether `later` undoes `earlier`: a move down back to (or below) the tier a move up left, or a move up
 * back to (or above) the tier a move down left.
 */
function undoes(
  earlier: RecordedTransition,
  later: RecordedTransition,
  rank: CountWinsOptions['rank'],
): boolean {
  if (isUp(earlier.kind) === isUp(later.kind)) return false;
  if (later.toTier === earlier.fromTier) return true;
  const a = rank?.(later.toTier);
  const b = rank?.(earlier.fromTier);
  if (a === undefined || b === undefined) return false;
  return isUp(earlier.kind) ? a >= b : a <= b;
}

/**
 * The tier changes that are bounces: per account in time order, a change undone within `hysteresisDays`
 * days cancels with its undoing (matched like brackets, so yellow → green → yellow → green cancels the
 * first pair and keeps the last change). Returns them as a set of the given objects.
 * @example bounces([{ …yellow→green on 1 May }, { …green→yellow on 3 May }], 7, undefined).size // 2
 */
export function bounces(
  rows: readonly RecordedTransition[],
  hysteresisDays: number,
  rank?: CountWinsOptions['rank'],
): Set<RecordedTransition> {
  const bounced = new Set<RecordedTransition>();
  const byAccount = new Map<number, RecordedTransition[]>();
  for (const r of rows) {
    const list = byAccount.get(r.accountId);
    if (list) list.push(r);
    else byAccount.set(r.accountId, [r]);
  }
  for (const list of byAccount.values()) {
    list.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
    const open: RecordedTransition[] = [];
    for (const t of list) {
      const top = open[open.length - 1];
      if (top && daysBetween(top.period, t.period) <= hysteresisDays && undoes(top, t, rank)) {
        open.pop();
        bounced.add(top).add(t);
      } else {
        open.push(t);
      }
    }
  }
  return bounced;
}

/**
 * The window's wins and saves that count: not bounces (see {@link bounces}; pass the changes of the
 * `hysteresisDays` before `from` too, so that a dip that began before the window is recognised), and each
 * account once per kind and cycle — its latest — with its ARR counted once.
 * @example countWinsAndSaves(rows, { from: '2026-04-01', to: '2026-04-30', hysteresisDays: 7 }).wins.length
 */
export function countWinsAndSaves(rows: readonly RecordedTransition[], opts: CountWinsOptions): CountedWins {
  const bounced = bounces(rows, opts.hysteresisDays, opts.rank);
  const latest = { win: new Map<string, RecordedTransition>(), save: new Map<string, RecordedTransition>() };
  for (const t of rows) {
    if (t.kind !== 'win' && t.kind !== 'save') continue;
    if (t.period < opts.from || t.period > opts.to || bounced.has(t)) continue;
    if (opts.eligible && !opts.eligible(t)) continue;
    const key = `${t.accountId}\u0000${opts.cycleOf?.(t) ?? ''}`;
    const seen = latest[t.kind].get(key);
    if (!seen || seen.period < t.period) latest[t.kind].set(key, t);
  }
  const newestFirst = (m: Map<string, RecordedTransition>) =>
    [...m.values()].sort((a, b) =>
      a.period === b.period ? a.accountId - b.accountId : a.period < b.period ? 1 : -1,
    );
  const wins = newestFirst(latest.win);
  const saves = newestFirst(latest.save);
  const arr = (list: RecordedTransition[]) => list.reduce((sum, t) => sum + (t.arrCents ?? 0), 0);
  return { wins, saves, winsArrCents: arr(wins), savesArrCents: arr(saves) };
}

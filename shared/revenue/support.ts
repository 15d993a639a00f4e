import { utcDay } from '../time';
import { inPeriod, median, ratio } from './periods';
import type { RevenueTicket } from './types';

// Support (seed 001 "首次接触解决率"): of the requests received in a period, the share solved in the first
// interaction, and how fast the first answer came.

/**
 * First-contact resolution: tickets resolved at first contact ÷ tickets received, 0..1; null when none
 * was received.
 * @example fcr(78, 100) // 0.78
 */
export function fcr(resolvedFirstContact: number, received: number): number | null {
  return ratio(resolvedFirstContact, received);
}

/** The support figures of a period. */
export interface SupportSummary {
  /** Tickets opened in the period. */
  tickets: number;
  /** Of them, marked resolved at first contact (unknown counts as not). */
  resolvedFirstContact: number;
  /** {@link fcr}, 0..1 or null. */
  fcr: number | null;
  /** Median minutes from opening to the first response over tickets that have one; null when none. */
  medianFirstResponseMinutes: number | null;
}

/**
 * Support figures over the tickets opened (UTC day of `openedAt`) in `[from, to]`; others are ignored.
 * A ticket whose first contact outcome is unknown (`null`) is received but not resolved at first contact.
 * @example supportSummary([{ accountId: 1, openedAt: Date.UTC(2026, 4, 2), firstResponseAt: Date.UTC(2026, 4, 2, 0, 30), resolvedAt: null, resolvedOnFirstContact: null }], '2026-05-01', '2026-05-31') // { tickets: 1, resolvedFirstContact: 0, fcr: 0, medianFirstResponseMinutes: 30 }
 */
export function supportSummary(tickets: readonly RevenueTicket[], from: string, to: string): SupportSummary {
  let received = 0;
  let resolvedFirstContact = 0;
  const responseMinutes: number[] = [];
  for (const t of tickets) {
    if (!inPeriod(utcDay(t.openedAt), from, to)) continue;
    received++;
    if (t.resolvedOnFirstContact === true) resolvedFirstContact++;
    if (t.firstResponseAt !== null)
      responseMinutes.push(Math.max(0, t.firstResponseAt - t.openedAt) / 60_000);
  }
  return {
    tickets: received,
    resolvedFirstContact,
    fcr: fcr(resolvedFirstContact, received),
    medianFirstResponseMinutes: median(responseMinutes),
  };
}

/**
 * What a database can count about the tickets opened in a period without sending each one: how many, how many
 * were resolved at first contact, and the middle value (odd count) or two middle values (even count) of
 * `max(0, firstResponseAt − openedAt)` in ms over those with a first response, sorted ascending (empty when
 * none has one).
 */
export interface TicketTotals {
  tickets: number;
  resolvedFirstContact: number;
  middleFirstResponseMs: readonly number[];
}

/**
 * The {@link supportSummary} of tickets given as {@link TicketTotals}: the same figures, since the median only
 * reads the middle of the sorted response times.
 * @example supportFromTotals({ tickets: 4, resolvedFirstContact: 3, middleFirstResponseMs: [600_000, 1_200_000] }) // { tickets: 4, resolvedFirstContact: 3, fcr: 0.75, medianFirstResponseMinutes: 15 }
 */
export function supportFromTotals(totals: TicketTotals): SupportSummary {
  return {
    tickets: totals.tickets,
    resolvedFirstContact: totals.resolvedFirstContact,
    fcr: fcr(totals.resolvedFirstContact, totals.tickets),
    medianFirstResponseMinutes: median(totals.middleFirstResponseMs.map((ms) => Math.max(0, ms) / 60_000)),
  };
}

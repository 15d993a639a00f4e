import { describe, expect, it } from 'vitest';
import { advocacyInput, contractInput, leadInput, ticketInput } from '../../../shared/contracts/revenue';
import { DEMO_ID_PREFIX } from '../../../shared/demo/catalog';
import { generateDemo, holidayFactor } from '../../../shared/demo/generate';

const TODAY = '2026-12-07';
const ws = generateDemo({ today: TODAY });

describe('generateDemo', () => {
  it('gives the same workspace for the same seed and day, and another for another seed', () => {
    const again = generateDemo({ today: TODAY });
    expect(again.accounts).toEqual(ws.accounts);
    expect(again.usage.length).toBe(ws.usage.length);
    expect(again.usage.slice(0, 500)).toEqual(ws.usage.slice(0, 500));
    expect(again.contracts).toEqual(ws.contracts);
    expect(again.surveys).toEqual(ws.surveys);
    const other = generateDemo({ today: TODAY, seed: 7, accounts: 20 });
    expect(other.accounts.map((a) => a.name)).not.toEqual(ws.accounts.slice(0, 20).map((a) => a.name));
  });

  it('has 300 tagged accounts across three segments, several industries and every archetype', () => {
    expect(ws.accounts).toHaveLength(300);
    expect(ws.accounts.every((a) => a.externalId.startsWith(DEMO_ID_PREFIX) && a.traits.demo === true)).toBe(
      true,
    );
    expect(new Set(ws.accounts.map((a) => a.segment))).toEqual(new Set(['smb', 'mid_market', 'key_account']));
    expect(new Set(ws.accounts.map((a) => a.industry)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(ws.accounts.map((a) => a.archetype)).size).toBe(6);
    expect(new Set(ws.accounts.map((a) => a.name)).size).toBe(300);
    // Lifecycle stages come from contract dates: young contracts, renewals due within 90 days, churned.
    expect(ws.accounts.some((a) => a.contractStartDate > '2026-11-07')).toBe(true);
    expect(ws.accounts.some((a) => !a.churnedOn && a.renewalDate <= '2027-03-07')).toBe(true);
    expect(ws.accounts.filter((a) => a.churnedOn).length).toBeGreaterThanOrEqual(15);
  });

  it('has users with emails and roles, and 200 days of usage that stops on churn and dips at weekends', () => {
    expect(ws.users.every((u) => /^[a-z.]+\d+@[a-z0-9-]+\.example$/.test(u.email))).toBe(true);
    expect(new Set(ws.users.map((u) => u.role))).toEqual(new Set(['admin', 'member', 'viewer']));
    const days = ws.usage.map((e) => new Date(e.timestampMs).toISOString().slice(0, 10));
    expect(days.every((d) => d >= ws.startDay && d < TODAY)).toBe(true);
    expect(new Set(days).size).toBeGreaterThan(190);
    const churned = new Map(ws.accounts.filter((a) => a.churnedOn).map((a) => [a.externalId, a.churnedOn!]));
    expect(
      ws.usage.every(
        (e, i) => !churned.has(e.accountExternalId) || days[i]! < churned.get(e.accountExternalId)!,
      ),
    ).toBe(true);
    const weekday = (d: number) => ws.usage.filter((e) => new Date(e.timestampMs).getUTCDay() === d).length;
    expect(weekday(0)).toBeLessThan(weekday(3) / 3);
    expect(holidayFactor('2026-08-10')).toBeLessThan(1);
  });

  it('has records the admin API accepts, with past renewals that follow health', () => {
    for (const c of ws.contracts) expect(contractInput.safeParse(c).success).toBe(true);
    for (const t of ws.tickets) expect(ticketInput.safeParse(t).success).toBe(true);
    for (const l of ws.leads) expect(leadInput.safeParse(l).success).toBe(true);
    for (const a of ws.advocacy) expect(advocacyInput.safeParse(a).success).toBe(true);
    const past = ws.contracts.filter((c) => c.outcome && c.periodEnd < TODAY && c.periodEnd >= ws.startDay);
    expect(past.length).toBeGreaterThanOrEqual(30);
    expect(new Set(past.map((c) => c.outcome))).toContain('churned');
    expect(new Set(ws.contracts.map((c) => c.outcome))).toContain('expanded');
    const archetypeOf = new Map(ws.accounts.map((a) => [a.externalId, a.archetype]));
    const churns = past.filter((c) => c.outcome === 'churned');
    expect(churns.every((c) => archetypeOf.get(c.accountExternalId) === 'churned')).toBe(true);
    expect(ws.leads.length).toBeGreaterThan(10);
    expect(ws.tickets.length).toBeGreaterThan(300);
    expect(ws.touchpoints.length).toBeGreaterThan(50);
  });

  it('answers NPS, CSAT and CES within their scales, detractors from unhealthy accounts', () => {
    expect(ws.surveys.map((s) => s.type)).toEqual(['nps', 'csat', 'ces']);
    const [nps, csat, ces] = ws.surveys;
    expect(nps!.answers.every((a) => a.score >= 0 && a.score <= 10)).toBe(true);
    expect(csat!.answers.every((a) => a.score >= 1 && a.score <= 5)).toBe(true);
    expect(ces!.answers.every((a) => a.score >= 1 && a.score <= 7)).toBe(true);
    expect(nps!.answers.some((a) => a.score <= 6)).toBe(true);
    expect(nps!.answers.some((a) => a.score >= 9)).toBe(true);
    // Under the public survey page's limit of 120 requests a minute per address, with room to spare.
    expect(ws.surveys.reduce((n, s) => n + s.answers.length, 0)).toBeLessThanOrEqual(115);
  });
});

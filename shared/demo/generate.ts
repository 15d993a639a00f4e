import type { z } from 'zod';
import type { advocacyInput, ContractInput, LeadInput, TicketInput } from '../contracts/revenue';
import { createRng, deriveSeed, type Rng } from '../prng';
import { addDays } from '../time';
import {
  COMPANY_FIRST,
  COMPANY_SECOND,
  CSM_TEAM,
  DEMO_FEATURES,
  DEMO_ID_PREFIX,
  DEMO_INDUSTRIES,
  DEMO_NAME_PREFIX,
  DEMO_REGIONS,
  DEMO_SEGMENTS,
  type DemoSegment,
  FIRST_NAMES,
  LAST_NAMES,
  NPS_COMMENTS,
  TOUCHPOINT_SUMMARIES,
} from './catalog';

const DAY_MS = 86_400_000;

type AdvocacyInput = z.input<typeof advocacyInput>;

/**
 * What to generate. The workspace is a function of these options alone: no clock, no global randomness.
 * @example const opts: DemoOptions = { seed: 2026, today: '2026-12-07' };
 */
export interface DemoOptions {
  seed?: number;
  /** The day the demo is loaded (`YYYY-MM-DD`, UTC): usage ends the day before. */
  today: string;
  /** Accounts (default 300). */
  accounts?: number;
  /** Days of usage before `today` (default 200). */
  days?: number;
}

/**
 * How an account's health moves over the period (drives its usage, renewal outcome, tickets and answers).
 * @example const a: DemoArchetype = 'recovering';
 */
export type DemoArchetype = 'steady' | 'growing' | 'declining' | 'recovering' | 'churned' | 'onboarding';

const ARCHETYPE_WEIGHTS: Record<DemoArchetype, number> = {
  steady: 36,
  growing: 14,
  declining: 15,
  recovering: 10,
  churned: 13,
  onboarding: 12,
};

/** One demo account with the ground truth behind it. */
export interface DemoAccount {
  externalId: string;
  name: string;
  segment: DemoSegment;
  industry: string;
  region: string;
  plan: string;
  seats: number;
  employees: number;
  arrMinor: number;
  ownerEmail: string;
  archetype: DemoArchetype;
  /** Start of the current (or, for a churned account, the last) contract term. */
  contractStartDate: string;
  renewalDate: string;
  /** Churned accounts: the day their last term ended (usage stops then); otherwise null. */
  churnedOn: string | null;
  /** First day with usage. */
  firstDay: string;
  /** The group traits sent through the SDK (tagged `demo: true`). */
  traits: Record<string, string | number | boolean>;
}

/** A user of a demo account, as `identify` describes them. */
export interface DemoUser {
  externalId: string;
  accountExternalId: string;
  name: string;
  email: string;
  role: 'admin' | 'member' | 'viewer';
  /** Joined (first identify/group) on this day. */
  joinDay: string;
}

/**
 * One day of one user's use of one feature, aggregated into a single `track` (its `durationMs` is the day's
 * active time and `count` the actions), so 200 days of 300 accounts stay within what a laptop ingests in a minute.
 */
export interface DemoUsage {
  userExternalId: string;
  accountExternalId: string;
  feature: string;
  module: string;
  timestampMs: number;
  durationMs: number;
  count: number;
}

/** A demo survey and the answers its contacts give through their links. */
export interface DemoSurvey {
  type: 'nps' | 'csat' | 'ces';
  name: string;
  answers: { accountExternalId: string; email: string; name: string; score: number; comment?: string }[];
}

/** A touchpoint logged on an account. */
export interface DemoTouchpoint {
  accountExternalId: string;
  kind: 'call' | 'meeting' | 'email' | 'qbr' | 'note';
  occurredAt: string;
  summary: string;
}

/**
 * The whole demo workspace, ready to send: SDK calls come from `accounts`, `users` and `usage`; the rest goes
 * to the admin API's bulk endpoints (`contracts`, `tickets`, `leads`, `advocacy`), survey links and touchpoints.
 */
export interface DemoWorkspace {
  seed: number;
  today: string;
  startDay: string;
  days: number;
  accounts: DemoAccount[];
  users: DemoUser[];
  usage: DemoUsage[];
  contracts: ContractInput[];
  tickets: TicketInput[];
  leads: LeadInput[];
  advocacy: AdvocacyInput[];
  surveys: DemoSurvey[];
  touchpoints: DemoTouchpoint[];
}

/**
 * The holiday factor (0..1) of a day: a dip over the year-end break and a softer one in mid-August, which a
 * model must not read as risk.
 * @example holidayFactor('2026-12-28') // 0.2
 */
export function holidayFactor(day: string): number {
  const md = day.slice(5);
  if (md >= '12-24' || md <= '01-01') return 0.2;
  if (md >= '08-04' && md <= '08-15') return 0.55;
  return 1;
}

/**
 * An archetype's health (0..1) on day index `t` of `days`: usage, answers and renewals follow it.
 * `pivot` is the account's own turning point (day index).
 * @example archetypeHealth('steady', 10, 200, 100) // 0.85
 */
export function archetypeHealth(archetype: DemoArchetype, t: number, days: number, pivot: number): number {
  const progress = t / Math.max(1, days - 1);
  switch (archetype) {
    case 'steady':
    case 'onboarding':
      return 0.85;
    case 'growing':
      return 0.5 + 0.45 * progress;
    case 'declining':
      return t < pivot ? 0.85 : Math.max(0.15, 0.85 - (0.7 * (t - pivot)) / Math.max(1, days - pivot));
    case 'recovering': {
      // A dip to 0.3 around the pivot, then back to 0.85 over six weeks.
      const d = Math.abs(t - pivot);
      return d > 42 ? 0.85 : 0.3 + (0.55 * d) / 42;
    }
    case 'churned':
      // Declines over the 120 days before the churn day (pivot), silent after: visible in the renewal window.
      if (t >= pivot) return 0;
      return t < pivot - 120 ? 0.8 : 0.15 + (0.65 * (pivot - t)) / 120;
  }
}

/**
 * Generates the demo workspace: ~300 accounts of a fictional SaaS across SMB, mid-market and key accounts,
 * eight industries and every lifecycle stage, with users, 200 days of usage (weekly rhythm, holiday dips),
 * contracts whose past renewals follow health with noise, expansions, tickets, CSQLs, CSQAs, survey answers
 * and touchpoints. Deterministic: the same options give the same workspace; each account has its own stream.
 * @example generateDemo({ today: '2026-12-07' }).accounts.length // 300
 */
export function generateDemo(opts: DemoOptions): DemoWorkspace {
  const seed = opts.seed ?? 2026;
  const count = opts.accounts ?? 300;
  const days = opts.days ?? 200;
  if (Number.isNaN(Date.parse(`${opts.today}T00:00:00Z`))) throw new RangeError(`today: ${opts.today}`);
  if (!Number.isInteger(count) || count < 1 || count > 5000) throw new RangeError(`accounts: ${count}`);
  if (!Number.isInteger(days) || days < 30 || days > 365) throw new RangeError(`days: ${days}`);
  const startDay = addDays(opts.today, -days);
  const ws: DemoWorkspace = {
    seed,
    today: opts.today,
    startDay,
    days,
    accounts: [],
    users: [],
    usage: [],
    contracts: [],
    tickets: [],
    leads: [],
    advocacy: [],
    surveys: [],
    touchpoints: [],
  };
  const names = new Set<string>();
  const archetypes = Object.keys(ARCHETYPE_WEIGHTS) as DemoArchetype[];
  const weights = archetypes.map((a) => ARCHETYPE_WEIGHTS[a]);
  const healthByAccount = new Map<string, (t: number) => number>();
  for (let i = 1; i <= count; i++) {
    const externalId = `${DEMO_ID_PREFIX}acct-${String(i).padStart(3, '0')}`;
    const rng = createRng(deriveSeed(seed, externalId));
    const archetype = archetypes[rng.weighted(weights)]!;
    const account = makeAccount(rng, externalId, archetype, opts.today, days, names);
    const pivot = pivotOf(rng, account, startDay, days);
    const health = (t: number) => archetypeHealth(archetype, t, days, pivot);
    healthByAccount.set(externalId, health);
    ws.accounts.push(account);
    const users = makeUsers(rng, account);
    ws.users.push(...users);
    simulateUsage(rng, account, users, health, startDay, days, ws.usage);
    ws.contracts.push(...makeContracts(rng, account, health, startDay, opts.today));
    ws.tickets.push(...makeTickets(rng, account, health, startDay, days));
    makeCommercial(rng, account, health, days, opts.today, ws);
  }
  ws.surveys = makeSurveys(createRng(deriveSeed(seed, 'surveys')), ws, healthByAccount);
  return ws;
}

function makeAccount(
  rng: Rng,
  externalId: string,
  archetype: DemoArchetype,
  today: string,
  days: number,
  names: Set<string>,
): DemoAccount {
  const segIndex = rng.weighted(DEMO_SEGMENTS.map((s) => s.share));
  const seg = DEMO_SEGMENTS[segIndex]!;
  const seats = rng.int(seg.seats[0], seg.seats[1]);
  let name = `${rng.pick(COMPANY_FIRST)} ${rng.pick(COMPANY_SECOND)}`;
  for (let n = 2; names.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
  names.add(name);
  const arrMinor = seats * rng.int(seg.seatPriceUsd[0], seg.seatPriceUsd[1]) * 100;
  // Contract dates give every lifecycle stage: onboarding and growth (young contracts), maturity, the renewal
  // window (declining accounts renew soon, so they show up as at-risk renewals), and churned.
  let contractStartDate: string;
  let churnedOn: string | null = null;
  if (archetype === 'onboarding') contractStartDate = addDays(today, -rng.int(5, 85));
  else if (archetype === 'declining') contractStartDate = addDays(today, -rng.int(280, 345));
  else if (archetype === 'churned') {
    churnedOn = addDays(today, -rng.int(20, Math.min(170, days - 10)));
    contractStartDate = addDays(churnedOn, -365);
  } else contractStartDate = addDays(today, -rng.int(30, 330));
  const renewalDate = addDays(contractStartDate, 365);
  const firstDay = addDays(today, -days);
  const industry = rng.pick(DEMO_INDUSTRIES);
  const region = rng.pick(DEMO_REGIONS);
  const plan = rng.pick(seg.plans);
  return {
    externalId,
    name,
    segment: seg.key,
    industry,
    region,
    plan,
    seats,
    employees: seats * rng.int(4, 15),
    arrMinor,
    ownerEmail: CSM_TEAM[rng.int(0, CSM_TEAM.length - 1)]!,
    archetype,
    contractStartDate,
    renewalDate,
    churnedOn,
    firstDay: archetype === 'onboarding' && contractStartDate > firstDay ? contractStartDate : firstDay,
    traits: { demo: true, segment: seg.label, region },
  };
}

function pivotOf(rng: Rng, account: DemoAccount, startDay: string, days: number): number {
  if (account.churnedOn) return dayIndex(startDay, account.churnedOn);
  if (account.archetype === 'declining') return rng.int(Math.floor(days * 0.3), Math.floor(days * 0.7));
  if (account.archetype === 'recovering') return rng.int(Math.floor(days * 0.35), Math.floor(days * 0.6));
  return 0;
}

function makeUsers(rng: Rng, account: DemoAccount): DemoUser[] {
  const n = Math.max(2, Math.round(account.seats * rng.range(0.55, 0.95)));
  const domain = `${account.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`;
  const users: DemoUser[] = [];
  for (let u = 1; u <= n; u++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const local = `${first}.${last}`
      .normalize('NFD')
      .replace(/[^A-Za-z.]/g, '')
      .toLowerCase();
    // Growing accounts add users over the period; everyone else starts together.
    const late = account.archetype === 'growing' && u > n * 0.5;
    users.push({
      externalId: `${account.externalId}-u${String(u).padStart(2, '0')}`,
      accountExternalId: account.externalId,
      name: `${first} ${last}`,
      email: `${local}${u}@${domain}`,
      role: u === 1 ? 'admin' : rng.chance(0.2) ? 'viewer' : 'member',
      joinDay: late ? addDays(account.firstDay, rng.int(20, 140)) : account.firstDay,
    });
  }
  return users;
}

function simulateUsage(
  rng: Rng,
  account: DemoAccount,
  users: DemoUser[],
  health: (t: number) => number,
  startDay: string,
  days: number,
  out: DemoUsage[],
): void {
  const startMs = Date.parse(`${startDay}T00:00:00Z`);
  const popularity = DEMO_FEATURES.map((f) => f.popularity);
  for (const user of users) {
    const propensity = rng.range(0.35, 0.75);
    const menu = popularity.map((p) => (rng.chance(0.6) ? p * rng.range(0.5, 1.5) : 0));
    menu[0] = Math.max(menu[0]!, 1);
    for (let t = dayIndex(startDay, user.joinDay); t < days; t++) {
      const dayMs = startMs + t * DAY_MS;
      const day = addDays(startDay, t);
      const weekday = new Date(dayMs).getUTCDay();
      const weekly = weekday === 0 || weekday === 6 ? 0.15 : weekday === 5 ? 0.8 : 1;
      const p = propensity * health(t) * weekly * holidayFactor(day);
      if (!rng.chance(Math.min(0.95, p))) continue;
      // One or two features a day, each a single aggregated track.
      const features = rng.chance(0.2) ? 2 : 1;
      let at = dayMs + rng.int(8 * 60, 16 * 60) * 60_000;
      for (let k = 0; k < features; k++) {
        const f = DEMO_FEATURES[rng.weighted(menu)]!;
        out.push({
          userExternalId: user.externalId,
          accountExternalId: account.externalId,
          feature: f.name,
          module: f.module,
          timestampMs: at,
          durationMs: rng.int(3, 45) * 60_000,
          count: rng.int(1, 12),
        });
        at += 30 * 60_000;
      }
    }
  }
}

const CHURN_REASONS = ['price', 'product_gap', 'champion_left', 'budget', 'poor_adoption', 'support'];

function makeContracts(
  rng: Rng,
  a: DemoAccount,
  health: (t: number) => number,
  startDay: string,
  today: string,
): ContractInput[] {
  const base = { accountExternalId: a.externalId, currency: 'USD', interval: 'year' as const };
  const current = {
    ...base,
    externalId: `${a.externalId}-c${a.contractStartDate.slice(0, 4)}`,
    periodStart: a.contractStartDate,
    periodEnd: addDays(a.renewalDate, -1),
    amountMinor: a.arrMinor,
  };
  if (a.archetype === 'onboarding') return [current];
  const prevStart = addDays(a.contractStartDate, -365);
  const previous: ContractInput = {
    ...base,
    externalId: `${a.externalId}-c${prevStart.slice(0, 4)}p`,
    periodStart: prevStart,
    periodEnd: addDays(a.contractStartDate, -1),
    amountMinor: a.arrMinor,
  };
  if (a.churnedOn) {
    // The last term churned: a reason, mostly poor adoption after the decline; some surprise churns.
    const reason = rng.chance(0.35) ? 'poor_adoption' : rng.pick(CHURN_REASONS);
    return [{ ...current, outcome: 'churned', outcomeReason: reason }];
  }
  // The renewal that started the current term: its outcome follows health at that time, with noise.
  const t = dayIndex(startDay, a.contractStartDate);
  const h = t >= 0 ? health(t) : 0.8;
  const roll = h + rng.range(-0.2, 0.2);
  if (roll > 0.85 && (a.archetype === 'growing' || rng.chance(0.3))) {
    const upsell = Math.round(a.arrMinor * rng.range(0.1, 0.3));
    previous.amountMinor = a.arrMinor - upsell;
    previous.outcome = 'expanded';
    previous.outcomeReason = 'value_realised';
    previous.renewedAmountMinor = a.arrMinor;
    current.amountMinor = a.arrMinor;
    return [
      previous,
      {
        ...current,
        items: [
          { kind: 'subscription', amountMinor: a.arrMinor - upsell },
          { kind: 'upsell', amountMinor: upsell, source: rng.chance(0.5) ? 'csql' : 'csm_assisted' },
        ],
      },
    ];
  }
  if (roll < 0.45) {
    previous.amountMinor = Math.round(a.arrMinor * rng.range(1.1, 1.4));
    previous.outcome = 'downgraded';
    previous.outcomeReason = rng.pick(['budget', 'poor_adoption', 'price']);
    previous.renewedAmountMinor = a.arrMinor;
  } else {
    previous.outcome = 'renewed';
    previous.outcomeReason = 'value_realised';
    previous.renewedAmountMinor = a.arrMinor;
  }
  return prevStart <= today ? [previous, current] : [current];
}

function makeTickets(
  rng: Rng,
  a: DemoAccount,
  health: (t: number) => number,
  startDay: string,
  days: number,
): TicketInput[] {
  const tickets: TicketInput[] = [];
  const startMs = Date.parse(`${startDay}T00:00:00Z`);
  const first = dayIndex(startDay, a.firstDay);
  const last = a.churnedOn ? dayIndex(startDay, a.churnedOn) : days;
  const perDay = (a.seats / 10) * 0.02;
  for (let t = first; t < last; t++) {
    // Unhappy accounts open more tickets, wait longer and are solved at first contact less often.
    const h = health(t);
    if (!rng.chance(perDay * (1.6 - h))) continue;
    const openedMs = startMs + t * DAY_MS + rng.int(7 * 60, 18 * 60) * 60_000;
    const responseMs = rng.int(10, Math.round(60 * (12 - 10 * h))) * 60_000;
    const fcr = rng.chance(0.45 + 0.4 * h);
    const resolvedMs = openedMs + responseMs + (fcr ? 0 : rng.int(2, 72) * 3_600_000);
    const nowish = startMs + days * DAY_MS;
    const resolved = resolvedMs < nowish - DAY_MS;
    tickets.push({
      accountExternalId: a.externalId,
      externalId: `${a.externalId}-t${String(tickets.length + 1).padStart(3, '0')}`,
      openedAt: new Date(openedMs).toISOString(),
      firstResponseAt: new Date(Math.min(openedMs + responseMs, nowish - 60_000)).toISOString(),
      ...(resolved ? { resolvedAt: new Date(resolvedMs).toISOString(), resolvedOnFirstContact: fcr } : {}),
      channel: rng.pick(['email', 'chat', 'phone', 'portal'] as const),
    });
  }
  return tickets;
}

/** CSQLs and CSQAs from healthy accounts, and touchpoints on every kind of account. */
function makeCommercial(
  rng: Rng,
  a: DemoAccount,
  health: (t: number) => number,
  days: number,
  today: string,
  ws: DemoWorkspace,
): void {
  const hNow = health(days - 1);
  const dayAgo = (d: number) => addDays(today, -d);
  if (hNow > 0.7 && rng.chance(a.segment === 'smb' ? 0.1 : 0.25)) {
    const submitted = rng.int(15, days - 10);
    const status = rng.pick(['submitted', 'accepted', 'won', 'won', 'lost'] as const);
    const closed = status === 'won' || status === 'lost';
    ws.leads.push({
      accountExternalId: a.externalId,
      externalId: `${a.externalId}-lead1`,
      title: rng.pick(['Add the analytics module', 'Seats for the EMEA team', 'Premium support upgrade']),
      submittedOn: dayAgo(submitted),
      status,
      ...(status !== 'submitted' ? { acceptedOn: dayAgo(submitted - 3) } : {}),
      ...(closed ? { closedOn: dayAgo(submitted - 10) } : {}),
      ...(status === 'won' ? { wonArrMinor: Math.round(a.arrMinor * rng.range(0.1, 0.35)) } : {}),
      submittedBy: a.ownerEmail,
    });
  }
  if (hNow > 0.75 && rng.chance(0.1)) {
    const kind = rng.pick(['case_study', 'testimonial', 'reference', 'referral'] as const);
    ws.advocacy.push({
      accountExternalId: a.externalId,
      externalId: `${a.externalId}-adv1`,
      kind,
      occurredOn: dayAgo(rng.int(5, days - 5)),
      ...(kind === 'referral'
        ? {
            referredAccountName: `${rng.pick(COMPANY_FIRST)} Ventures`,
            referralArrMinor: rng.int(50, 300) * 10_000,
          }
        : {}),
    });
  }
  const touches = a.segment === 'key_account' ? 2 : rng.chance(0.25) ? 1 : 0;
  for (let k = 0; k < touches; k++) {
    const kind = rng.pick(['call', 'meeting', 'email', 'qbr', 'note'] as const);
    const ago = rng.int(1, 60);
    ws.touchpoints.push({
      accountExternalId: a.externalId,
      kind,
      occurredAt: new Date(Date.parse(`${dayAgo(ago)}T00:00:00Z`) + rng.int(9, 17) * 3_600_000).toISOString(),
      summary: rng.pick(TOUCHPOINT_SUMMARIES[kind]),
    });
  }
}

/**
 * Three surveys answered through real links: an NPS of ~70 contacts, a CSAT and a CES of ~20 each, scores
 * following the account's current health. Sized under the public survey page's per-address rate limit.
 */
function makeSurveys(
  rng: Rng,
  ws: DemoWorkspace,
  healthOf: Map<string, (t: number) => number>,
): DemoSurvey[] {
  const active = ws.accounts.filter((a) => !a.churnedOn);
  const firstUser = new Map<string, DemoUser>();
  for (const u of ws.users) if (!firstUser.has(u.accountExternalId)) firstUser.set(u.accountExternalId, u);
  const pickAccounts = (n: number, salt: number) =>
    active.filter((_, i) => (i * 7 + salt) % Math.max(1, Math.floor(active.length / n)) === 0).slice(0, n);
  const answer = (a: DemoAccount, score: number, comment?: string) => {
    const u = firstUser.get(a.externalId)!;
    return {
      accountExternalId: a.externalId,
      email: u.email,
      name: u.name,
      score,
      ...(comment ? { comment } : {}),
    };
  };
  const h = (a: DemoAccount) => healthOf.get(a.externalId)!(ws.days - 1);
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));
  const nps = pickAccounts(70, 0).map((a) => {
    const score = clamp(h(a) * 11 + rng.range(-2.5, 1.5), 0, 10);
    const group = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
    return answer(a, score, rng.chance(0.4) ? rng.pick(NPS_COMMENTS[group]) : undefined);
  });
  const csat = pickAccounts(20, 3).map((a) => answer(a, clamp(h(a) * 5 + rng.range(-1, 1), 1, 5)));
  const ces = pickAccounts(20, 5).map((a) => answer(a, clamp(h(a) * 7 + rng.range(-1.5, 1), 1, 7)));
  return [
    { type: 'nps', name: `${DEMO_NAME_PREFIX} Quarterly NPS`, answers: nps },
    { type: 'csat', name: `${DEMO_NAME_PREFIX} Support CSAT`, answers: csat },
    { type: 'ces', name: `${DEMO_NAME_PREFIX} Onboarding effort (CES)`, answers: ces },
  ];
}

function dayIndex(startDay: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${startDay}T00:00:00Z`)) / DAY_MS);
}

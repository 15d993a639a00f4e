import { toDay } from '../time';

/**
 * The default mapping from Segment `group` traits to account columns (documented in the README).
 * The first alias present wins; every trait is also kept verbatim in `accounts.traits`.
 */
export const ACCOUNT_TRAIT_ALIASES = {
  name: ['name', 'companyName', 'company_name'],
  plan: ['plan', 'planName', 'plan_name', 'tier'],
  industry: ['industry'],
  employees: ['employees', 'employeeCount', 'employee_count', 'size', 'companySize', 'company_size'],
  seats: ['seats', 'purchasedSeats', 'purchased_seats', 'licenses', 'seatCount', 'seat_count'],
  arr: ['arr', 'ARR', 'annualRecurringRevenue', 'annual_recurring_revenue'],
  mrr: ['mrr', 'MRR', 'monthlyRecurringRevenue', 'monthly_recurring_revenue'],
  currency: ['currency'],
  contractStartDate: [
    'contractStart',
    'contract_start',
    'contractStartDate',
    'contract_start_date',
    'startDate',
  ],
  renewalDate: [
    'renewalDate',
    'renewal_date',
    'contractEnd',
    'contract_end',
    'contractEndDate',
    'contract_end_date',
  ],
  ownerEmail: ['csm', 'csmEmail', 'csm_email', 'csmOwner', 'csm_owner', 'owner', 'ownerEmail', 'owner_email'],
} as const;

export interface MappedAccountTraits {
  name?: string;
  plan?: string;
  industry?: string;
  employees?: number;
  seats?: number;
  /** Annual recurring revenue in minor units (cents); derived from MRR × 12 when only MRR is sent. */
  arrCents?: number;
  mrrCents?: number;
  currency?: string;
  contractStartDate?: string;
  renewalDate?: string;
  ownerEmail?: string;
}

function pick(traits: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) {
    const v = traits[k];
    if (v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '')) return v;
  }
  return undefined;
}

function text(v: unknown, max = 200): string | undefined {
  if (typeof v === 'string') return v.trim().slice(0, max) || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

// Bounds of what a numeric trait may map to; anything outside stays in `traits` only, like an unparsable
// value. Far above any real account, yet every sum over accounts (dashboard ARR, seats) stays an exact
// integer well inside SQLite's 64-bit range: a 1e308 seat count or a 1e20 ARR would be stored as a float and
// make integer sums overflow or go meaningless.
/** Seats and employees: a billion. */
const MAX_COUNT = 1_000_000_000;
/** ARR and MRR in major units: a trillion (10^14 cents; ×12 for a derived ARR is still exact). */
const MAX_MONEY = 1_000_000_000_000;
/** Contract dates map only inside these days: `0000-01-01`, `+275760-09-13` and the like are not dates. */
const FIRST_DAY = '1900-01-01';
const LAST_DAY = '9999-12-31';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function count(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v.replace(/[, _]/g, '')) : v;
  return typeof n === 'number' && n >= 0 && n <= MAX_COUNT ? Math.round(n) : undefined;
}

/** Money traits arrive in major units (e.g. 12000.5 dollars); stored as integer cents. */
function cents(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v.replace(/[, _$€£¥]/g, '')) : v;
  return typeof n === 'number' && n >= 0 && n <= MAX_MONEY ? Math.round(n * 100) : undefined;
}

/** A contract date as `YYYY-MM-DD` between 1900-01-01 and 9999-12-31, else undefined. */
function contractDay(v: unknown): string | undefined {
  const day = toDay(v);
  return day !== null && DAY.test(day) && day >= FIRST_DAY && day <= LAST_DAY ? day : undefined;
}

/** An email, or the `email` of an object (`owner: { name, email }`), lowercased. */
function email(v: unknown): string | undefined {
  // A loop, not recursion: traits reaching the consumer straight from a queue message are not depth-checked.
  let value = v;
  for (let hops = 0; typeof value === 'object' && value !== null && 'email' in value && hops < 8; hops++) {
    value = (value as { email: unknown }).email;
  }
  return text(value, 320)?.toLowerCase();
}

/**
 * Maps `group` traits to account columns using {@link ACCOUNT_TRAIT_ALIASES}; absent, unparsable or
 * out-of-range values (negative or over a billion seats, money over a trillion, dates outside 1900–9999) are
 * left out so they never overwrite a stored value.
 * @example mapAccountTraits({ name: 'Acme', mrr: 1000, seats: '25' }) // { name: 'Acme', seats: 25, mrrCents: 100000, arrCents: 1200000 }
 */
export function mapAccountTraits(traits: Record<string, unknown>): MappedAccountTraits {
  const a = ACCOUNT_TRAIT_ALIASES;
  const out: MappedAccountTraits = {
    name: text(pick(traits, a.name)),
    plan: text(pick(traits, a.plan)),
    industry: text(pick(traits, a.industry)),
    employees: count(pick(traits, a.employees)),
    seats: count(pick(traits, a.seats)),
    arrCents: cents(pick(traits, a.arr)),
    mrrCents: cents(pick(traits, a.mrr)),
    contractStartDate: contractDay(pick(traits, a.contractStartDate)),
    renewalDate: contractDay(pick(traits, a.renewalDate)),
    ownerEmail: email(pick(traits, a.ownerEmail)),
  };
  const currency = text(pick(traits, a.currency));
  if (currency && /^[A-Za-z]{3}$/.test(currency)) out.currency = currency.toUpperCase();
  if (out.arrCents === undefined && out.mrrCents !== undefined) out.arrCents = out.mrrCents * 12;
  if (out.mrrCents === undefined && out.arrCents !== undefined) out.mrrCents = Math.round(out.arrCents / 12);
  for (const k of Object.keys(out) as (keyof MappedAccountTraits)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * Maps `identify` traits to user columns.
 * @example mapUserTraits({ firstName: 'Ada', lastName: 'Lovelace', email: 'ADA@x.io' }) // { name: 'Ada Lovelace', email: 'ada@x.io' }
 */
export function mapUserTraits(traits: Record<string, unknown>): { name?: string; email?: string } {
  const out: { name?: string; email?: string } = {};
  const full =
    text(traits.name) ??
    ([text(traits.firstName), text(traits.lastName)].filter(Boolean).join(' ') || undefined);
  if (full) out.name = full;
  const mail = email(traits.email);
  if (mail) out.email = mail;
  return out;
}

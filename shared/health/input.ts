/**
 * The account row as the scorer and segment rules see it (the `accounts` table plus lifecycle status).
 * Dates are `YYYY-MM-DD`; money in integer minor units; `seats` = purchased seats.
 * @example const a: AccountRecord = { id: 1, externalId: 'acme', name: 'Acme', plan: 'pro', industry: null, employees: 120, seats: 50, arrCents: 1_200_000, mrrCents: 100_000, currency: 'USD', contractStartDate: '2026-01-01', renewalDate: '2027-01-01', ownerEmail: 'csm@example.com', traits: {} };
 */
export interface AccountRecord {
  id: number;
  externalId: string;
  name: string;
  plan: string | null;
  industry: string | null;
  employees: number | null;
  /** Purchased seats. */
  seats: number | null;
  arrCents: number | null;
  mrrCents: number | null;
  currency: string | null;
  contractStartDate: string | null;
  renewalDate: string | null;
  ownerEmail: string | null;
  traits: Readonly<Record<string, unknown>>;
  /** `'churned'` marks a churned account even without `churnedAt`. */
  status?: string | null;
  /** When the account churned, epoch ms. */
  churnedAt?: number | null;
}

/**
 * One `account_days` rollup row.
 * @example const d: AccountDay = { day: '2026-05-01', events: 420, activeUsers: 12, activeMs: 5_400_000, featuresUsed: 9 };
 */
export interface AccountDay {
  day: string;
  events: number;
  activeUsers: number;
  activeMs: number;
  featuresUsed: number;
}

/**
 * One feature's `account_feature_days` rows summed over a window, joined with the feature catalog.
 * One row per feature (the worker groups by feature).
 * @example const f: FeatureUsage = { featureKey: 'report.export', module: 'reports', isCore: true, events: 31, users: 4, activeMs: 0, days: 9 };
 */
export interface FeatureUsage {
  featureKey: string;
  module: string | null;
  isCore: boolean;
  /** Catalog kind (`track`, `page`, `screen`, or `api` once API calls are tracked). */
  kind?: string | null;
  events: number;
  users: number;
  activeMs: number;
  /** Days in the window with use of this feature. */
  days: number;
}

/**
 * One user's `user_days` rows summed over a window (users with no activity may be omitted).
 * @example const u: UserUsage = { userId: 7, activeMs: 1_800_000, activeDays: 6 };
 */
export interface UserUsage {
  userId: number | string;
  activeMs: number;
  activeDays: number;
}

/**
 * Per-user and per-feature aggregates for one window (`windowDays` days ending on `asOfDay`).
 * @example const w: WindowUsage = { users: [], features: [] };
 */
export interface WindowUsage {
  users: readonly UserUsage[];
  features: readonly FeatureUsage[];
}

/**
 * The CSM's latest manual rating: 1–5 stars (the model's normalisation maps them to points).
 * Epoch-ms times; `expiresAt: null` = does not expire.
 * @example const r: CsmRatingInput = { stars: 4, ratedAt: Date.UTC(2026, 3, 2), expiresAt: null };
 */
export interface CsmRatingInput {
  stars: number;
  ratedAt: number;
  expiresAt: number | null;
}

/**
 * The latest value of a custom metric pushed for the account.
 * @example const m: MetricValue = { value: 1250, recordedAt: Date.UTC(2026, 3, 30) };
 */
export interface MetricValue {
  value: number;
  recordedAt: number;
}

/**
 * A survey answer (NPS 0–10, CSAT 1–5, CES 1–7). `score: null` or `dismissed: true` = not a response.
 * With `contactId`, only each contact's latest answer in the window counts.
 * @example const r: SurveyResponse = { score: 9, respondedAt: Date.UTC(2026, 3, 12), contactId: 'c-1' };
 */
export interface SurveyResponse {
  score: number | null;
  respondedAt: number;
  dismissed?: boolean;
  contactId?: string | null;
}

/**
 * A support ticket. Epoch-ms times.
 * @example const t: SupportTicket = { openedAt: Date.UTC(2026, 3, 1), firstResponseAt: Date.UTC(2026, 3, 1, 2), resolvedAt: null, resolvedOnFirstContact: null };
 */
export interface SupportTicket {
  openedAt: number;
  firstResponseAt: number | null;
  resolvedAt: number | null;
  /** Resolved in the first contact (only meaningful once resolved). */
  resolvedOnFirstContact: boolean | null;
}

/**
 * Everything the core needs about one account, loaded by the worker with a constant number of
 * queries per batch. `windows` is keyed by `windowDays` and must hold every window listed in
 * `scorer.requirements.windowDays` (an absent window makes the measures that need it missing — pass
 * `{ users: [], features: [] }` for an account with no use). `days` must cover
 * `scorer.requirements.historyDays` days ending on `asOfDay`; a day with no row counts as no activity.
 * @example const input: AccountHealthInput = { account, users: { total: 12, activated: 10 }, days: [], windows: { 30: { users: [], features: [] } } };
 */
export interface AccountHealthInput {
  account: AccountRecord;
  /** `total` users linked to the account; `activated` = ever active. */
  users: { total: number; activated: number };
  days: readonly AccountDay[];
  windows: Readonly<Record<number, WindowUsage | undefined>>;
  csmRating?: CsmRatingInput | null;
  /** Custom metric key → latest value. */
  metrics?: Readonly<Record<string, MetricValue | undefined>> | null;
  surveys?: {
    nps?: readonly SurveyResponse[];
    csat?: readonly SurveyResponse[];
    ces?: readonly SurveyResponse[];
  } | null;
  tickets?: readonly SupportTicket[] | null;
}

/**
 * The feature catalog (same for every account): feature counts overall, per module and core.
 * @example const c: FeatureCatalog = { featureCount: 40, coreFeatureCount: 6, moduleFeatureCounts: { reports: 8, api: 3 } };
 */
export interface FeatureCatalog {
  featureCount: number;
  coreFeatureCount: number;
  moduleFeatureCounts: Readonly<Record<string, number | undefined>>;
}

/**
 * Mean of one measure's raw values over a population of accounts, and how many accounts had a value.
 * @example const s: BenchmarkStat = { mean: 0.62, count: 140 };
 */
export interface BenchmarkStat {
  mean: number;
  count: number;
}

/**
 * Benchmarks per measure key: over all accounts and per segment id (from `computeBenchmarks`).
 * @example const b: Benchmarks = { all: { loginRate: { mean: 0.6, count: 90 } }, segments: { smb: { loginRate: { mean: 0.5, count: 30 } } } };
 */
export interface Benchmarks {
  all: Readonly<Record<string, BenchmarkStat | undefined>>;
  segments: Readonly<Record<string, Readonly<Record<string, BenchmarkStat | undefined>> | undefined>>;
}

/**
 * The per-run context of scoring: the same for every account of a run.
 * `asOfDay` is the last day included in every window (pass the last complete UTC day); `now` (epoch ms)
 * decides rating expiry and metric staleness, and survey answers count up to it (so a run started today
 * counts today's answers). Treat `benchmarks` as immutable during a run: a scorer
 * caches its lookups per benchmarks object and segment id.
 * @example const ctx: ScoringContext = { asOfDay: '2026-04-30', now: Date.UTC(2026, 4, 1, 2), catalog, benchmarks, segmentId: 'smb' };
 */
export interface ScoringContext {
  asOfDay: string;
  now: number;
  catalog: FeatureCatalog;
  benchmarks?: Benchmarks | null;
  /** The account's segment, for segment benchmarks. */
  segmentId?: string | null;
}

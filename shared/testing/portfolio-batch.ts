import { INGEST_LIMITS } from '../ingest/limits';
import type { SyntheticFeature } from './features';
import type { UserFeatureDay } from './rollups';
import type { SyntheticAccount, SyntheticPortfolio, SyntheticUser } from './synthetic-portfolio';

/**
 * A Segment message as JSON (what a client puts in `/v1/batch`'s `batch`).
 * @example const m: SyntheticMessage = { type: 'track', userId: 'u1', event: 'Report Run' };
 */
export type SyntheticMessage = Record<string, unknown>;

/**
 * Batch limits; the defaults stay well inside the API's (2,500 messages, 500 KB per request).
 * @example const opts: BatchOptions = { maxMessages: 200 };
 */
export interface BatchOptions {
  /** Messages per batch (default 500). */
  maxMessages?: number;
  /** Bytes of one batch body's messages, as JSON (default 400,000). */
  maxBytes?: number;
}

/**
 * The portfolio as Segment messages, account by account: for each user an `identify` (name, email) and a
 * `group` (the account's traits: name, plan, seats, ARR, contract dates, CSM, and the ground truth as
 * `archetype`/`expectedOutcome`) at 00:00 UTC of the day they joined, then one `track` per usage event
 * (the feature's name as the event, `properties.module` and `properties.durationMs`, `context.groupId`).
 * Message ids are stable, so sending the portfolio twice stores it once. Ingested through `/v1/batch`,
 * the rollups equal `portfolio.rollups` (every timestamp must be in the past when sent: pick `startDay`
 * so that `endDay` is before today).
 * @example [...portfolioMessages(portfolio)].filter((m) => m.type === 'group').length === portfolio.users.length // true
 */
export function* portfolioMessages(portfolio: SyntheticPortfolio): Generator<SyntheticMessage> {
  const features = new Map(portfolio.features.map((f) => [f.id, f]));
  const usersById = new Map(portfolio.users.map((u) => [u.id, u]));
  const usageByUser = new Map<number, UserFeatureDay[]>();
  for (const u of portfolio.usage) {
    const list = usageByUser.get(u.userId) ?? [];
    list.push(u);
    usageByUser.set(u.userId, list);
  }
  for (const account of portfolio.accounts) {
    for (const user of portfolio.users) {
      if (user.accountId !== account.record.id) continue;
      yield* joinMessages(portfolio.idPrefix, account, user);
      for (const row of usageByUser.get(user.id) ?? []) {
        const feature = features.get(row.featureId);
        const owner = usersById.get(row.userId);
        if (!feature || !owner)
          throw new Error(`usage row of unknown feature or user: ${JSON.stringify(row)}`);
        yield* trackMessages(portfolio.idPrefix, account, owner, feature, row);
      }
    }
  }
}

/**
 * {@link portfolioMessages} packed into `/v1/batch` bodies, in order.
 * @example for (const body of portfolioBatches(portfolio)) await fetch(`${base}/v1/batch`, { method: 'POST', headers, body: JSON.stringify(body) })
 */
export function* portfolioBatches(
  portfolio: SyntheticPortfolio,
  opts: BatchOptions = {},
): Generator<{ batch: SyntheticMessage[] }> {
  const maxMessages = Math.min(opts.maxMessages ?? 500, INGEST_LIMITS.maxBatchMessages);
  const maxBytes = Math.min(opts.maxBytes ?? 400_000, INGEST_LIMITS.maxRequestBytes - 1024);
  let batch: SyntheticMessage[] = [];
  let bytes = 0;
  for (const message of portfolioMessages(portfolio)) {
    const size = JSON.stringify(message).length + 1;
    if (batch.length > 0 && (batch.length >= maxMessages || bytes + size > maxBytes)) {
      yield { batch };
      batch = [];
      bytes = 0;
    }
    batch.push(message);
    bytes += size;
  }
  if (batch.length > 0) yield { batch };
}

function joinMessages(prefix: string, account: SyntheticAccount, user: SyntheticUser): SyntheticMessage[] {
  const a = account.record;
  const timestamp = `${user.joinDay}T00:00:00.000Z`;
  return [
    {
      type: 'identify',
      messageId: `${prefix}-identify-${user.externalId}`,
      userId: user.externalId,
      timestamp,
      traits: { name: user.name, email: user.email },
    },
    {
      type: 'group',
      messageId: `${prefix}-group-${user.externalId}`,
      userId: user.externalId,
      groupId: a.externalId,
      timestamp,
      traits: {
        ...a.traits,
        name: a.name,
        plan: a.plan,
        employees: a.employees,
        seats: a.seats,
        arr: (a.arrCents ?? 0) / 100,
        currency: a.currency,
        contractStartDate: a.contractStartDate,
        renewalDate: a.renewalDate,
        csm: a.ownerEmail,
      },
    },
  ];
}

function trackMessages(
  prefix: string,
  account: SyntheticAccount,
  user: SyntheticUser,
  feature: SyntheticFeature,
  row: UserFeatureDay,
): SyntheticMessage[] {
  // Integer durations adding up to the row's active time exactly: the first event takes the remainder.
  const each = Math.floor(row.activeMs / row.events);
  return Array.from({ length: row.events }, (_, k) => ({
    type: 'track',
    messageId: `${prefix}-track-${user.externalId}-${row.day}-${feature.id}-${k}`,
    userId: user.externalId,
    event: feature.name,
    timestamp: new Date(row.firstEventMs + k * 60_000).toISOString(),
    context: { groupId: account.record.externalId },
    properties: {
      module: feature.module,
      durationMs: k === 0 ? row.activeMs - each * (row.events - 1) : each,
    },
  }));
}

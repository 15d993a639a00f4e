import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * D1 schema. Column names are camelCase here and snake_case in SQL (`casing: 'snake_case'` in both
 * drizzle.config.ts and the client). Times are epoch milliseconds; `day` is a UTC `YYYY-MM-DD`;
 * money is integer minor units with a currency.
 */

/** A write key's owner: one instrumented product or environment. The key itself is only stored hashed. */
export const sources = sqliteTable('sources', {
  id: text().primaryKey(),
  name: text().notNull(),
  keyHash: text().notNull().unique(),
  keyPrefix: text().notNull(),
  createdAt: integer().notNull(),
  revokedAt: integer(),
});

/** Customer accounts (Segment `group`): external id = groupId. Mapped trait columns plus the raw traits. */
export const accounts = sqliteTable(
  'accounts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    externalId: text().notNull().unique(),
    name: text().notNull(),
    plan: text(),
    industry: text(),
    employees: integer(),
    seats: integer(),
    arrCents: integer(),
    mrrCents: integer(),
    currency: text(),
    contractStartDate: text(),
    renewalDate: text(),
    ownerEmail: text(),
    traits: text().notNull().default('{}'),
    traitsUpdatedAt: integer(),
    createdAt: integer().notNull(),
    lastSeenAt: integer(),
  },
  (t) => [index('accounts_name_idx').on(t.name, t.id)],
);

/** End users (Segment `identify`), linked to one account (the latest `group`/groupId seen). */
export const users = sqliteTable(
  'users',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    externalId: text().notNull().unique(),
    accountId: integer().references(() => accounts.id),
    linkedAt: integer(),
    email: text(),
    name: text(),
    traits: text().notNull().default('{}'),
    traitsUpdatedAt: integer(),
    createdAt: integer().notNull(),
    activatedAt: integer(),
    lastSeenAt: integer(),
  },
  (t) => [index('users_account_idx').on(t.accountId)],
);

/** Feature catalog: one row per track event name or page/screen name, auto-registered on first sight. */
export const features = sqliteTable('features', {
  id: integer().primaryKey({ autoIncrement: true }),
  key: text().notNull().unique(),
  name: text().notNull(),
  kind: text({ enum: ['track', 'page', 'screen'] }).notNull(),
  module: text(),
  isCore: integer({ mode: 'boolean' }).notNull().default(false),
  firstSeenAt: integer().notNull(),
});

/**
 * Raw events, deduplicated on (source, messageId). `batchToken` is set only while the consumer
 * transaction that inserted (or re-attributed) the row runs, so rollups count exactly those rows.
 */
export const events = sqliteTable(
  'events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    sourceId: text().notNull(),
    messageId: text().notNull(),
    type: text().notNull(),
    name: text(),
    userId: integer(),
    anonymousId: text(),
    accountId: integer(),
    featureId: integer(),
    ts: integer().notNull(),
    day: text().notNull(),
    receivedAt: integer().notNull(),
    durationMs: integer(),
    properties: text(),
    batchToken: text(),
  },
  (t) => [
    uniqueIndex('events_source_message_uq').on(t.sourceId, t.messageId),
    index('events_account_day_idx').on(t.accountId, t.day, t.featureId, t.userId),
    index('events_received_idx').on(t.receivedAt),
    index('events_batch_token_idx').on(t.batchToken).where(sql`batch_token IS NOT NULL`),
    index('events_unattributed_idx').on(t.userId).where(sql`account_id IS NULL`),
  ],
);

/** Per account-day usage. `activeUsers`/`featuresUsed` are distinct counts kept exact from the tables below. */
export const accountDays = sqliteTable(
  'account_days',
  {
    accountId: integer().notNull(),
    day: text().notNull(),
    events: integer().notNull(),
    activeUsers: integer().notNull(),
    activeMs: integer().notNull(),
    featuresUsed: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day] })],
);

/** Per account-feature-day usage; `users` = distinct users of the feature that day. */
export const accountFeatureDays = sqliteTable(
  'account_feature_days',
  {
    accountId: integer().notNull(),
    featureId: integer().notNull(),
    day: text().notNull(),
    events: integer().notNull(),
    users: integer().notNull(),
    activeMs: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day, t.featureId] })],
);

/** Per user-day usage (under the account the user belonged to that day). */
export const userDays = sqliteTable(
  'user_days',
  {
    accountId: integer().notNull(),
    day: text().notNull(),
    userId: integer().notNull(),
    events: integer().notNull(),
    activeMs: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.day, t.userId] }),
    index('user_days_user_idx').on(t.userId, t.day),
  ],
);

/** Queue messages that failed: retrying (with the last error), recovered (a retry succeeded), dead (in the DLQ) or replayed. */
export const ingestFailures = sqliteTable(
  'ingest_failures',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    queueMessageId: text().notNull().unique(),
    sourceId: text(),
    status: text({ enum: ['retrying', 'recovered', 'dead', 'replayed'] }).notNull(),
    attempts: integer().notNull(),
    error: text().notNull(),
    eventCount: integer().notNull(),
    body: text().notNull(),
    firstFailedAt: integer().notNull(),
    lastFailedAt: integer().notNull(),
  },
  (t) => [index('ingest_failures_status_idx').on(t.status, t.lastFailedAt)],
);

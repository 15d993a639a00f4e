import { sql } from 'drizzle-orm';
import { parseAlertMessages } from '../../shared/alerts/messages';
import { type AlertRenderContext, alertTitleIn } from '../../shared/alerts/render-message';
import type { TierDisplay } from '../../shared/contracts/settings';
import { type DigestItem, type MailLocale, mailLocale, renderDigest } from '../../shared/mail';
import { utcDay } from '../../shared/time';
import { getDb } from '../common/db';
import type { Env } from '../common/env';
import { prepare } from '../common/raw-sql';
import { getTierDisplay } from '../settings/store';
import { enqueueMail, getMailSettings } from './store';

/** How far back "new" alerts reach: since yesterday's digest. */
const DIGEST_WINDOW_MS = 86_400_000;
/** Lines per section at most: a digest is a nudge, My work has the rest. */
const MAX_ITEMS = 20;

/** A digest line's source row: an alert, or a task (with its alert's texts when it came from one). */
interface ItemRow {
  title: string;
  account_name: string;
  due_date?: string;
  /** Alerts: their messages; tasks: their alert's title and messages. */
  messages: string | null;
  alert_title?: string | null;
}

/** How alert texts render for a reader of `locale`: tier names as the tier settings have them there. */
function renderContext(locale: MailLocale, tiers: readonly TierDisplay[]): AlertRenderContext {
  const byKey = new Map(tiers.map((t) => [t.key, t]));
  return {
    locale,
    tierName: (key) => {
      const tier = byKey.get(key);
      return tier ? ((locale === 'zh' ? tier.names?.zh : undefined) ?? tier.name) : undefined;
    },
  };
}

/**
 * A digest line in the reader's language, as the SPA shows it: an alert's title from its stored messages; a task
 * still titled as the alert it came from shows that alert's title; other titles are the user's own text.
 */
function itemIn(r: ItemRow, ctx: AlertRenderContext): DigestItem {
  const messages = parseAlertMessages(r.messages);
  const isTask = r.alert_title !== undefined;
  const title =
    isTask && r.title !== r.alert_title ? r.title : alertTitleIn({ title: r.title, messages }, ctx);
  return { title, accountName: r.account_name, ...(r.due_date ? { dueDate: r.due_date } : {}) };
}

interface Recipient {
  id: number;
  email: string;
  role: 'admin' | 'csm';
  locale: string | null;
}

/**
 * Queues today's digest for every active admin and CSM who has not turned it off and has not had today's:
 * alerts raised in the last 24 hours and assigned to them (admins also the unassigned ones), and their open
 * tasks overdue or due today, in their chosen language (else English; alert titles rendered from their stored
 * message keys, tier names from the tier settings), with a link to My work. A member
 * with nothing to report gets no mail. Each member's message and their "sent today" mark commit in one
 * batch guarded by that mark, so a second run the same day (a retried cron) queues nothing. Returns how
 * many were queued; deliver them with `deliverQueued`.
 * @example await queueDigests(env, controller.scheduledTime)
 */
export async function queueDigests(env: Env, now: number): Promise<number> {
  const db = getDb(env.DB);
  const day = utcDay(now);
  const recipients = await db.all<Recipient>(sql`SELECT m.id, lower(m.email) AS email, m.role, p.locale
    FROM members m LEFT JOIN member_mail_preferences p ON p.member_id = m.id
    WHERE m.active = 1 AND m.role IN ('admin', 'csm') AND coalesce(p.digest, 1) = 1
      AND (p.last_digest_day IS NULL OR p.last_digest_day < ${day})`);
  if (recipients.length === 0) return 0;
  const emails = JSON.stringify(recipients.map((r) => r.email));
  const alerts = await db.all<ItemRow & { assignee: string | null }>(sql`
    SELECT a.title, a.messages, lower(a.assignee) AS assignee, acc.name AS account_name
    FROM alerts a JOIN accounts acc ON acc.id = a.account_id
    WHERE a.status = 'open' AND a.created_at > ${now - DIGEST_WINDOW_MS}
      AND (a.assignee IS NULL OR lower(a.assignee) IN (SELECT value FROM json_each(${emails})))
    ORDER BY a.created_at DESC LIMIT 2000`);
  const tasks = await db.all<ItemRow & { owner: string; due_date: string }>(sql`
    SELECT t.title, lower(t.owner_email) AS owner, t.due_date, acc.name AS account_name,
      al.title AS alert_title, al.messages
    FROM tasks t JOIN accounts acc ON acc.id = t.account_id LEFT JOIN alerts al ON al.id = t.alert_id
    WHERE t.status = 'open' AND t.due_date <= ${day}
      AND lower(t.owner_email) IN (SELECT value FROM json_each(${emails}))
    ORDER BY t.due_date, t.id LIMIT 5000`);
  const config = await getMailSettings(db);
  const origin = (env.APP_ORIGIN ?? config.appOrigin)?.replace(/\/+$/, '') ?? null;
  const tiers = await getTierDisplay(db);
  let queued = 0;
  for (const m of recipients) {
    const locale = mailLocale(m.locale);
    const ctx = renderContext(locale, tiers);
    const item = (r: ItemRow) => itemIn(r, ctx);
    const mine = tasks.filter((t) => t.owner === m.email);
    const rendered = renderDigest({
      locale,
      day,
      assignedAlerts: alerts
        .filter((a) => a.assignee === m.email)
        .slice(0, MAX_ITEMS)
        .map(item),
      unassignedAlerts:
        m.role === 'admin'
          ? alerts
              .filter((a) => a.assignee === null)
              .slice(0, MAX_ITEMS)
              .map(item)
          : [],
      overdueTasks: mine
        .filter((t) => t.due_date < day)
        .slice(0, MAX_ITEMS)
        .map(item),
      dueTodayTasks: mine
        .filter((t) => t.due_date === day)
        .slice(0, MAX_ITEMS)
        .map(item),
      myWorkUrl: origin ? `${origin}/work` : null,
      preferencesUrl: origin ? `${origin}/settings/mail` : null,
    });
    const mark = sql`INSERT INTO member_mail_preferences (member_id, digest, last_digest_day, updated_at)
      VALUES (${m.id}, 1, ${day}, ${now})
      ON CONFLICT (member_id) DO UPDATE SET last_digest_day = excluded.last_digest_day, updated_at = excluded.updated_at`;
    const notYet = sql`NOT EXISTS (SELECT 1 FROM member_mail_preferences
      WHERE member_id = ${m.id} AND last_digest_day >= ${day})`;
    if (!rendered) {
      await prepare(db, mark).run();
      continue;
    }
    const [inserted] = await db.$client.batch([
      enqueueMail(db, { kind: 'digest', to: m.email, ...rendered, memberEmail: m.email }, now, notYet),
      prepare(db, mark),
    ]);
    queued += inserted!.results.length;
  }
  return queued;
}

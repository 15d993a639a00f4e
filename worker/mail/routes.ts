import type { ZodType } from 'zod';
import { hasRole } from '../../shared/contracts/auth';
import {
  type MailSettings,
  mailMessageListSchema,
  mailMessageQuery,
  mailPreferencesInput,
  mailPreferencesSchema,
  mailQueuedSchema,
  mailSettingsInput,
  mailSettingsSchema,
  mailSuppressionListSchema,
  mailTestInput,
} from '../../shared/contracts/mail';
import { renderTest } from '../../shared/mail';
import { acceptWebhookUrl } from '../alerts/webhook-job';
import { auditInsert } from '../audit/store';
import { accountableMemberId } from '../auth/authenticate';
import { getDb } from '../common/db';
import type { Env } from '../common/env';
import { ApiError, type ErrorCode } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { statementOf } from '../common/raw-sql';
import { sealMailApiKey } from './api-key';
import { sendSoon } from './sender';
import {
  enqueueMail,
  getMailPreferences,
  getMailSettings,
  listMail,
  listSuppressions,
  type StoredMailSettings,
  setMailPreferences,
  setMailSettings,
} from './store';

const tags = ['Mail'];

/**
 * A Mail read: `GET path` answering one JSON body (200), with the handler's own `errors`. The three reads of
 * this file (settings, preferences, suppressions) share this shape.
 */
function mailRead<S extends ZodType>(spec: {
  path: string;
  summary: string;
  description: string;
  response: S;
  responseDescription: string;
  errors?: readonly ErrorCode[];
}) {
  return defineRoute({
    method: 'get',
    path: spec.path,
    tags,
    summary: spec.summary,
    description: spec.description,
    errors: spec.errors ?? [],
    responses: { 200: jsonResponse(spec.response, spec.responseDescription) },
  });
}

const getSettingsRoute = mailRead({
  path: '/mail',
  summary: 'Get the mail settings',
  description:
    'The provider, From address, HTTP API URL and sending limits. The API key is write-only: only whether one is set.',
  response: mailSettingsSchema,
  responseDescription: 'The mail settings',
});

const putSettingsRoute = defineRoute({
  method: 'put',
  path: '/mail',
  tags,
  summary: 'Set the mail settings',
  description:
    'Sets the provider (`none`, `local`, `cloudflare`, `http`), From address, the HTTP API URL (https, public host, as webhooks) and key (write-only: omit to keep, null to clear; stored encrypted with a key derived from SURVEY_SIGNING_KEY, 503 without it) and the installation-wide limits per minute and hour. Recorded in the audit log (`settings.mail`, never the key).',
  request: { body: jsonBody(mailSettingsInput) },
  errors: ['WEBHOOK_URL_REFUSED', 'SERVICE_UNAVAILABLE'],
  responses: { 200: jsonResponse(mailSettingsSchema, 'The mail settings as now stored') },
});

const testRoute = defineRoute({
  method: 'post',
  path: '/mail/test',
  tags,
  summary: 'Send a test message',
  description:
    'Queues a test message to `to` and sends it at once; its outcome shows in the message log. Recorded in the audit log (`mail.test`).',
  request: { body: jsonBody(mailTestInput) },
  responses: { 202: jsonResponse(mailQueuedSchema, 'The message, queued') },
});

const messagesRoute = defineRoute({
  method: 'get',
  path: '/messages',
  tags,
  summary: 'List sent and queued mail',
  description:
    'The message log, newest first: recipient, subject, status, attempts and the reason of a failure (never the body). Admins see every message; CSMs only those they caused or received.',
  request: { query: mailMessageQuery },
  responses: { 200: jsonResponse(mailMessageListSchema, 'The latest messages') },
});

const getPreferencesRoute = mailRead({
  path: '/preferences',
  summary: "Get the caller's mail preferences",
  description:
    'Whether the daily digest is sent to the caller, and its language. 404 for the ADMIN_TOKEN (no member).',
  errors: ['NOT_FOUND'],
  response: mailPreferencesSchema,
  responseDescription: 'The preferences',
});

const putPreferencesRoute = defineRoute({
  method: 'put',
  path: '/preferences',
  tags,
  summary: "Set the caller's mail preferences",
  description:
    "Turns the daily digest on or off and sets the language of the caller's mail (digest, and the invites they send; null: English). The SPA sets `locale` when the member picks a language. Recorded in the audit log (`mail.preferences`).",
  request: { body: jsonBody(mailPreferencesInput) },
  errors: ['NOT_FOUND'],
  responses: { 200: jsonResponse(mailPreferencesSchema, 'The preferences as now stored') },
});

const suppressionsRoute = mailRead({
  path: '/suppressions',
  summary: 'List unsubscribed addresses',
  description:
    'Addresses that unsubscribed from survey mail (newest first, at most 500): they are never sent a survey invitation again.',
  response: mailSuppressionListSchema,
  responseDescription: 'The suppression list',
});

function toSettingsDto(env: Env, s: StoredMailSettings & { apiKey: string | null }): MailSettings {
  return {
    provider: s.provider ?? (env.MAIL_SINK_URL ? 'local' : 'none'),
    from: s.from,
    httpUrl: s.httpUrl,
    httpApiKeySet: s.apiKey !== null,
    perMinute: s.perMinute,
    perHour: s.perHour,
    cloudflareBound: env.EMAIL !== undefined,
    localSinkConfigured: Boolean(env.MAIL_SINK_URL),
  };
}

/**
 * The member a preferences request is about, or 404: the ADMIN_TOKEN (and tokens it made) is nobody's
 * inbox. Not 403: the role allows the route, there is just no member behind the credential.
 */
function memberOf(c: Parameters<typeof accountableMemberId>[0]): number {
  const id = accountableMemberId(c);
  if (id === null)
    throw new ApiError({
      code: 'NOT_FOUND',
      message: 'mail preferences belong to a member; this credential acts for none',
    });
  return id;
}

/** Settings → Mail (admin): the provider, its credentials and the sending limits; and a test message. */
export const mailSettingsRoutes = createRouter()
  .openapi(getSettingsRoute, async (c) =>
    c.json(toSettingsDto(c.env, await getMailSettings(getDb(c.env.DB))), 200),
  )
  .openapi(putSettingsRoute, async (c) => {
    const db = getDb(c.env.DB);
    const body = c.req.valid('json');
    const before = await getMailSettings(db);
    const next: StoredMailSettings = {
      provider: body.provider,
      from: body.from === undefined ? before.from : body.from,
      httpUrl:
        body.httpUrl === undefined
          ? before.httpUrl
          : body.httpUrl === null
            ? null
            : acceptWebhookUrl(body.httpUrl, 'httpUrl'),
      perMinute: body.perMinute ?? before.perMinute,
      perHour: body.perHour ?? before.perHour,
      appOrigin: new URL(c.req.url).origin,
    };
    const sealed =
      typeof body.httpApiKey === 'string' ? await sealMailApiKey(c.env, body.httpApiKey) : body.httpApiKey;
    await setMailSettings(db, next, sealed, { actor: c.get('actor').email }, Date.now());
    return c.json(toSettingsDto(c.env, await getMailSettings(db)), 200);
  })
  .openapi(testRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { to } = c.req.valid('json');
    const actor = c.get('actor').email;
    const now = Date.now();
    const [inserted] = await db.$client.batch([
      enqueueMail(db, { kind: 'test', to, ...renderTest(actor), memberEmail: actor }, now),
      statementOf(
        db,
        auditInsert(
          db,
          { actor, action: 'mail.test', entity: 'mail', entityId: 'test', details: { to } },
          now,
        ),
      ),
    ]);
    sendSoon(c.env, c.executionCtx);
    return c.json({ id: (inserted!.results as { id: number }[])[0]!.id }, 202);
  });

/** The message log, the suppression list and each member's own preferences. */
export const mailRoutes = createRouter()
  .openapi(messagesRoute, async (c) => {
    const { status, limit } = c.req.valid('query');
    const actor = c.get('actor');
    const items = await listMail(getDb(c.env.DB), {
      limit,
      ...(status ? { status } : {}),
      ...(hasRole(actor.role, 'admin') ? {} : { memberEmail: actor.email }),
    });
    return c.json({ items }, 200);
  })
  .openapi(suppressionsRoute, async (c) =>
    c.json({ items: await listSuppressions(getDb(c.env.DB), 500) }, 200),
  )
  .openapi(getPreferencesRoute, async (c) =>
    c.json(await getMailPreferences(getDb(c.env.DB), memberOf(c)), 200),
  )
  .openapi(putPreferencesRoute, async (c) => {
    const db = getDb(c.env.DB);
    const memberId = memberOf(c);
    const body = c.req.valid('json');
    const before = await getMailPreferences(db, memberId);
    const next = {
      digest: body.digest ?? before.digest,
      locale: body.locale === undefined ? before.locale : body.locale,
    };
    return c.json(
      await setMailPreferences(db, memberId, next, { actor: c.get('actor').email }, Date.now()),
      200,
    );
  });

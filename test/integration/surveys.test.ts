import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { CreateLinksResult, SurveyDto, SurveyLinkPage } from '../../shared/contracts/surveys';
import { DEFAULT_QUESTIONS } from '../../shared/surveys';
import {
  admin,
  call,
  createApiToken,
  DAY_MS,
  errorCode,
  planSegment,
  rows,
  seedAccount,
  seedSnapshot,
  today,
  uid,
} from './helpers';
import { createLinks, createSurvey, tokenOf } from './surveys-helpers';

const linkCount = async (surveyId: number) =>
  (await rows<{ n: number }>('SELECT count(*) AS n FROM survey_links WHERE survey_id = ?', surveyId))[0]!.n;

describe('POST /api/surveys', () => {
  it('creates an NPS survey with its scale, default texts in English and Chinese, and settings', async () => {
    const res = await admin('/api/surveys', { body: { type: 'nps', name: 'Q3 NPS' } });
    expect(res.status).toBe(201);
    const survey = await res.json<SurveyDto>();
    expect(survey).toMatchObject({
      type: 'nps',
      name: 'Q3 NPS',
      scale: { min: 0, max: 10 },
      followUp: true,
      defaultLocale: 'en',
      active: true,
      quietPeriodDays: 90,
      linkExpiryDays: 30,
      recurrence: null,
      webhookUrl: null,
      webhookConfigured: false,
      lastRun: null,
      stats: { sent: 0, responses: 0 },
    });
    expect(survey.questions).toEqual(DEFAULT_QUESTIONS.nps);
    expect(survey.questions.en?.followUp).toBe('What is the main reason for your score?');
    expect(survey.id).toBeGreaterThan(0);

    const got = await admin(`/api/surveys/${survey.id}`);
    expect(await got.json()).toEqual(survey);
    const list = await (await admin('/api/surveys')).json<{ items: SurveyDto[] }>();
    expect(list.items.find((s) => s.id === survey.id)).toEqual(survey);
  });

  it('gives CSAT 1–5 and CES 1–7 by default, and lets CES use another scale', async () => {
    expect((await createSurvey({ type: 'csat' })).scale).toEqual({ min: 1, max: 5 });
    expect((await createSurvey({ type: 'ces' })).scale).toEqual({ min: 1, max: 7 });
    expect((await createSurvey({ type: 'ces', scale: { min: 1, max: 5 } })).scale).toEqual({
      min: 1,
      max: 5,
    });
  });

  it('rejects a scale the type does not allow, an unknown type and unknown fields', async () => {
    for (const body of [
      { type: 'nps', name: 'x', scale: { min: 1, max: 10 } },
      { type: 'csat', name: 'x', scale: { min: 1, max: 7 } },
      { type: 'ces', name: 'x', scale: { min: 1, max: 12 } },
      { type: 'ces', name: 'x', scale: { min: 1, max: 2 } },
      { type: 'ces', name: 'x', scale: { min: 1.5, max: 7 } },
      { type: 'stars', name: 'x' },
      { type: 'nps', name: '' },
      { type: 'nps', name: 'x', quietPeriodDays: -1 },
      { type: 'nps', name: 'x', owner: 'me' },
    ]) {
      const res = await admin('/api/surveys', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
  });

  it('merges custom texts over the defaults and adds a complete new locale, but not a partial one', async () => {
    const survey = await createSurvey({
      questions: {
        en: { question: 'How likely are you to recommend Acme Cloud?' },
        de: {
          question: 'Wie wahrscheinlich empfehlen Sie uns weiter?',
          followUp: 'Was ist der wichtigste Grund für Ihre Bewertung?',
          lowLabel: 'Unwahrscheinlich',
          highLabel: 'Sehr wahrscheinlich',
        },
      },
    });
    expect(Object.keys(survey.questions).sort()).toEqual(['de', 'en', 'zh-CN']);
    expect(survey.questions.en).toEqual({
      ...DEFAULT_QUESTIONS.nps.en,
      question: 'How likely are you to recommend Acme Cloud?',
    });
    const partial = await admin('/api/surveys', {
      body: { type: 'nps', name: 'x', questions: { fr: { question: 'Recommanderiez-vous ?' } } },
    });
    expect(partial.status).toBe(400);
    const noDefault = await admin('/api/surveys', { body: { type: 'nps', name: 'x', defaultLocale: 'fr' } });
    expect(noDefault.status).toBe(400);
  });
});

describe('PATCH /api/surveys/:id', () => {
  it('changes name, texts, active, quiet period and recurrence', async () => {
    const survey = await createSurvey();
    const before = Date.now();
    const res = await admin(`/api/surveys/${survey.id}`, {
      method: 'PATCH',
      body: {
        name: 'Renamed',
        questions: { 'zh-CN': { question: '您会推荐我们吗？' }, en: null },
        defaultLocale: 'zh-CN',
        active: false,
        quietPeriodDays: 180,
        recurrence: { everyDays: 182 },
      },
    });
    expect(res.status).toBe(200);
    const patched = await res.json<SurveyDto>();
    expect(patched).toMatchObject({
      name: 'Renamed',
      active: false,
      quietPeriodDays: 180,
      defaultLocale: 'zh-CN',
    });
    expect(Object.keys(patched.questions)).toEqual(['zh-CN']);
    expect(patched.questions['zh-CN']?.question).toBe('您会推荐我们吗？');
    expect(patched.recurrence?.everyDays).toBe(182);
    const next = Date.parse(patched.recurrence!.nextRunAt!);
    expect(next).toBeGreaterThanOrEqual(before + 182 * DAY_MS);
    expect(next).toBeLessThanOrEqual(Date.now() + 182 * DAY_MS);

    const off = await admin(`/api/surveys/${survey.id}`, { method: 'PATCH', body: { recurrence: null } });
    expect((await off.json<SurveyDto>()).recurrence).toBeNull();
  });

  it('rejects an empty patch, a type change, removing the default locale, and unknown surveys', async () => {
    const survey = await createSurvey();
    for (const body of [
      {},
      { type: 'csat' },
      { questions: { en: null } },
      { recurrence: { everyDays: 1 } },
    ]) {
      const res = await admin(`/api/surveys/${survey.id}`, { method: 'PATCH', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await admin('/api/surveys/999999', { method: 'PATCH', body: { name: 'x' } })).status).toBe(404);
    expect((await admin('/api/surveys/999999')).status).toBe(404);
    expect((await admin(`/api/surveys/${survey.id}`)).status).toBe(200);
  });

  it('refuses a link webhook URL that is not https, local, private or carries credentials, and writes nothing', async () => {
    const survey = await createSurvey({ webhookUrl: 'https://hooks.example.test/kept' });
    for (const [url, problem] of [
      ['http://hooks.example.test/x', 'NOT_HTTPS'],
      ['https://localhost/x', 'LOCAL_HOST'],
      ['https://0x7f000001/x', 'PRIVATE_ADDRESS'],
      ['https://[::ffff:127.0.0.1]/x', 'PRIVATE_ADDRESS'],
      ['https://169.254.169.254/x', 'PRIVATE_ADDRESS'],
      ['https://user:pw@hooks.example.test/x', 'CREDENTIALS'],
    ]) {
      const patched = await admin(`/api/surveys/${survey.id}`, {
        method: 'PATCH',
        body: { webhookUrl: url },
      });
      const created = await admin('/api/surveys', {
        body: { type: 'nps', name: uid('refused'), webhookUrl: url },
      });
      for (const res of [patched, created]) {
        expect(res.status, url).toBe(400);
        const body = await res.json<{
          error: { code: string; issues: { path: string[]; code: string }[] };
        }>();
        expect([body.error.code, body.error.issues[0]]).toEqual([
          'WEBHOOK_URL_REFUSED',
          expect.objectContaining({ path: ['webhookUrl'], code: problem }),
        ]);
      }
    }
    expect((await (await admin(`/api/surveys/${survey.id}`)).json<SurveyDto>()).webhookUrl).toBe(
      'https://hooks.example.test/kept',
    );
    const refusedSurveys = await rows<{ n: number }>(
      "SELECT count(*) AS n FROM surveys WHERE name LIKE 'refused-%'",
    );
    expect(refusedSurveys[0]!.n).toBe(0);
  });

  it('rejects a recurrence segment that does not exist', async () => {
    const survey = await createSurvey();
    const res = await admin(`/api/surveys/${survey.id}`, {
      method: 'PATCH',
      body: { recurrence: { everyDays: 30, segment: 'no-such-segment' } },
    });
    expect(res.status).toBe(400);
  });
});

describe('POST /api/surveys/:id/links', () => {
  it('creates one signed link per account, pointing at the public page', async () => {
    const survey = await createSurvey();
    const a = await seedAccount();
    const b = await seedAccount();
    const before = Date.now();
    const res = await admin(`/api/surveys/${survey.id}/links`, {
      body: { accounts: [a.externalId, b.externalId] },
    });
    expect(res.status).toBe(201);
    const { links, skipped } = await res.json<CreateLinksResult>();
    expect(skipped).toEqual([]);
    expect(links.map((l) => l.accountExternalId)).toEqual([a.externalId, b.externalId]);
    for (const l of links) {
      expect(l.contact).toBeNull();
      expect(l.url).toMatch(/^http:\/\/keepwell\.test\/s\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(l.expiresAt)).toBeGreaterThanOrEqual(before + 30 * DAY_MS - 1000);
      expect(l.answeredAt).toBeNull();
    }
    expect(new Set(links.map(tokenOf)).size).toBe(2);
    expect((await (await admin(`/api/surveys/${survey.id}`)).json<SurveyDto>()).stats.sent).toBe(2);
  });

  it('honours expiresInDays and reports unknown accounts as skipped', async () => {
    const survey = await createSurvey();
    const a = await seedAccount();
    const { links, skipped } = await createLinks(survey.id, {
      accounts: [a.externalId, 'no-such-account'],
      expiresInDays: 3,
    });
    expect(links).toHaveLength(1);
    expect(Date.parse(links[0]!.expiresAt) - Date.now()).toBeLessThanOrEqual(3 * DAY_MS);
    expect(Date.parse(links[0]!.expiresAt) - Date.now()).toBeGreaterThan(3 * DAY_MS - 60_000);
    expect(skipped).toEqual([
      { accountExternalId: 'no-such-account', contact: null, reason: 'unknown_account', lastAskedAt: null },
    ]);
  });

  it('creates contact links; contacts default to the one listed account; duplicates collapse', async () => {
    const survey = await createSurvey();
    const a = await seedAccount();
    const { links } = await createLinks(survey.id, {
      accounts: [a.externalId],
      contacts: [
        { email: 'Ana@Example.com', name: 'Ana', locale: 'zh-CN' },
        { email: 'ana@example.com' },
        { email: 'bo@example.com' },
      ],
    });
    expect(links.map((l) => l.contact)).toEqual([
      { email: 'ana@example.com', name: 'Ana', locale: 'zh-CN' },
      { email: 'bo@example.com', name: null, locale: null },
    ]);
    // The account itself gets no account-level link: it is asked through its contacts.
    expect(links.every((l) => l.accountExternalId === a.externalId)).toBe(true);
  });

  it('needs an account for each contact when several accounts are listed, and writes nothing otherwise', async () => {
    const survey = await createSurvey();
    const [a, b] = [await seedAccount(), await seedAccount()];
    const res = await admin(`/api/surveys/${survey.id}/links`, {
      body: { accounts: [a.externalId, b.externalId], contacts: [{ email: 'x@example.com' }] },
    });
    expect(res.status).toBe(400);
    expect(await linkCount(survey.id)).toBe(0);
    for (const body of [
      {},
      { accounts: [] },
      { contacts: [{ email: 'not-an-email', accountExternalId: 'a' }] },
    ]) {
      expect((await admin(`/api/surveys/${survey.id}/links`, { body })).status, JSON.stringify(body)).toBe(
        400,
      );
    }
  });

  it('targets the accounts of a segment (by their latest snapshot)', async () => {
    const { segmentId } = await planSegment(uid('plan'));
    const inside = [await seedAccount(), await seedAccount()];
    const movedOut = await seedAccount();
    const outside = await seedAccount();
    for (const acct of inside) await seedSnapshot(acct.id, today(), { score: 50, tier: 'yellow', segmentId });
    await seedSnapshot(movedOut.id, '2020-01-01', { score: 50, tier: 'yellow', segmentId });
    await seedSnapshot(movedOut.id, today(), { score: 50, tier: 'yellow', segmentId: 'default' });
    await seedSnapshot(outside.id, today(), { score: 50, tier: 'yellow', segmentId: 'default' });
    const survey = await createSurvey();
    const { links } = await createLinks(survey.id, { segment: segmentId });
    expect(links.map((l) => l.accountExternalId).sort()).toEqual(inside.map((x) => x.externalId).sort());
    const unknown = await admin(`/api/surveys/${survey.id}/links`, { body: { segment: 'no-such-segment' } });
    expect(unknown.status).toBe(400);
  });

  it('takes a CSV of contacts as a text/csv body or a csv field, header names in any common spelling', async () => {
    const survey = await createSurvey();
    const [a, b] = [await seedAccount(), await seedAccount()];
    const csv = `\uFEFFEmail,Account External ID,Name,Locale,Ignored\r\nana@example.com,${a.externalId},"Ana, Sales",zh-CN,x\r\n\r\nbo@example.com,${b.externalId},,,\r\n`;
    const res = await call(`/api/surveys/${survey.id}/links?expiresInDays=5`, {
      method: 'POST',
      headers: { Authorization: 'Bearer test-admin-token', 'Content-Type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(201);
    const { links } = await res.json<CreateLinksResult>();
    expect(links.map((l) => [l.accountExternalId, l.contact])).toEqual([
      [a.externalId, { email: 'ana@example.com', name: 'Ana, Sales', locale: 'zh-CN' }],
      [b.externalId, { email: 'bo@example.com', name: null, locale: null }],
    ]);
    expect(Date.parse(links[0]!.expiresAt) - Date.now()).toBeLessThanOrEqual(5 * DAY_MS);

    const field = await createLinks(survey.id, { csv: `email,account\ncy@example.com,${a.externalId}\n` });
    expect(field.links.map((l) => l.contact?.email)).toEqual(['cy@example.com']);
  });

  it('cuts off a chunked text/csv body as soon as it passes 2 MB, and writes nothing', async () => {
    const survey = await createSurvey();
    const a = await seedAccount();
    const row = new TextEncoder().encode(
      `${'x'.repeat(40)}@example.com,${a.externalId}\n`.padStart(1024, ' '),
    );
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 50 * 1024 * 1024) return controller.close();
        pulled += row.byteLength;
        controller.enqueue(row);
      },
    });
    const res = await call(`/api/surveys/${survey.id}/links`, {
      method: 'POST',
      headers: { Authorization: 'Bearer test-admin-token', 'Content-Type': 'text/csv' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('REQUEST_TOO_LARGE');
    expect(pulled).toBeLessThan(3 * 1024 * 1024);
    expect(await linkCount(survey.id)).toBe(0);
  });

  it('rejects a CSV with a bad row as a whole, naming the line', async () => {
    const survey = await createSurvey();
    const a = await seedAccount();
    const res = await admin(`/api/surveys/${survey.id}/links`, {
      body: {
        csv: `email,accountExternalId\nok@example.com,${a.externalId}\nnot-an-email,${a.externalId}\n`,
      },
    });
    expect(res.status).toBe(400);
    const body = await res.json<{ error: { code: string; issues: { path: string[] }[] } }>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues[0]?.path).toEqual(['csv', '3', 'email']);
    const noEmail = await admin(`/api/surveys/${survey.id}/links`, {
      body: { csv: 'name,account\nAna,a\n' },
    });
    expect(noEmail.status).toBe(400);
    expect(await linkCount(survey.id)).toBe(0);
  });

  it('skips contacts asked within the quiet period and reports when they were asked', async () => {
    const survey = await createSurvey({ quietPeriodDays: 30 });
    const a = await seedAccount();
    const first = await createLinks(survey.id, {
      contacts: [{ email: 'ana@example.com', accountExternalId: a.externalId }],
    });
    const second = await createLinks(survey.id, {
      accounts: [a.externalId],
      contacts: [{ email: 'ana@example.com' }, { email: 'new@example.com' }],
    });
    expect(second.links.map((l) => l.contact?.email)).toEqual(['new@example.com']);
    expect(second.skipped).toEqual([
      {
        accountExternalId: a.externalId,
        contact: { email: 'ana@example.com', name: null, locale: null },
        reason: 'quiet_period',
        lastAskedAt: first.links[0]!.createdAt,
      },
    ]);
    // 31 days later the quiet period is over.
    await rows(
      'UPDATE survey_links SET created_at = created_at - ? WHERE id = ?',
      31 * DAY_MS,
      first.links[0]!.id,
    );
    const third = await createLinks(survey.id, {
      contacts: [{ email: 'ana@example.com', accountExternalId: a.externalId }],
    });
    expect(third.links).toHaveLength(1);
  });

  it('asks again at once when the quiet period is 0', async () => {
    const survey = await createSurvey({ quietPeriodDays: 0 });
    const a = await seedAccount();
    await createLinks(survey.id, { accounts: [a.externalId] });
    expect((await createLinks(survey.id, { accounts: [a.externalId] })).links).toHaveLength(1);
  });

  it('refuses links for an inactive survey and an unknown survey', async () => {
    const survey = await createSurvey({ active: false });
    const a = await seedAccount();
    const res = await admin(`/api/surveys/${survey.id}/links`, { body: { accounts: [a.externalId] } });
    expect(res.status).toBe(409);
    expect((await admin('/api/surveys/999999/links', { body: { accounts: [a.externalId] } })).status).toBe(
      404,
    );
  });
});

describe('GET /api/surveys/:id/links and links.csv', () => {
  it('pages the links newest first with the same signed URLs', async () => {
    const survey = await createSurvey();
    const accounts = [await seedAccount(), await seedAccount(), await seedAccount()];
    const created = await createLinks(survey.id, { accounts: accounts.map((a) => a.externalId) });
    const first = await (await admin(`/api/surveys/${survey.id}/links?limit=2`)).json<SurveyLinkPage>();
    expect(first.items.map((l) => l.id)).toEqual([created.links[2]!.id, created.links[1]!.id]);
    expect(first.nextCursor).not.toBeNull();
    const second = await (
      await admin(`/api/surveys/${survey.id}/links?limit=2&cursor=${first.nextCursor}`)
    ).json<SurveyLinkPage>();
    expect(second.items.map((l) => l.url)).toEqual([created.links[0]!.url]);
    expect(second.nextCursor).toBeNull();
  });

  it('exports every link as CSV for a mail merge, safe against spreadsheet formulas', async () => {
    const survey = await createSurvey();
    const a = await seedAccount();
    const { links } = await createLinks(survey.id, {
      contacts: [
        {
          email: 'ana@example.com',
          name: '=HYPERLINK("http://evil.example","click")',
          accountExternalId: a.externalId,
        },
      ],
    });
    const res = await admin(`/api/surveys/${survey.id}/links.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/csv/);
    expect(res.headers.get('Content-Disposition')).toMatch(/attachment; filename="survey-\d+-links-/);
    const parsed = Papa.parse<string[]>(await res.text(), { skipEmptyLines: true });
    expect(parsed.data[0]).toEqual([
      'email',
      'name',
      'locale',
      'accountExternalId',
      'url',
      'expiresAt',
      'createdAt',
      'answeredAt',
      'unsubscribedAt',
    ]);
    expect(parsed.data[1]).toEqual([
      'ana@example.com',
      `'=HYPERLINK("http://evil.example","click")`,
      '',
      a.externalId,
      links[0]!.url,
      links[0]!.expiresAt,
      links[0]!.createdAt,
      '',
      '',
    ]);
  });
});

describe('surveys authorization', () => {
  it('lets a viewer read surveys and results but not the links, nor create, change or send', async () => {
    const survey = await createSurvey();
    const a = await seedAccount();
    await createLinks(survey.id, { accounts: [a.externalId] });
    const { token } = await createApiToken('viewer');
    const asViewer = (path: string, init: { method?: string; body?: unknown } = {}) =>
      admin(path, { ...init, token });
    for (const path of [
      '/api/surveys',
      `/api/surveys/${survey.id}`,
      `/api/surveys/${survey.id}/responses`,
      `/api/surveys/${survey.id}/responses.csv`,
      `/api/surveys/${survey.id}/summary`,
    ]) {
      const res = await asViewer(path);
      expect(res.status, path).toBe(200);
      // No signed link hides in what a viewer may read.
      expect(await res.text(), path).not.toMatch(/\/s\/[A-Za-z0-9_-]{20,}/);
    }
    // Signed links answer as the customer: a viewer gets none, in JSON or CSV.
    for (const path of [`/api/surveys/${survey.id}/links`, `/api/surveys/${survey.id}/links.csv`]) {
      const res = await asViewer(path);
      expect(res.status, path).toBe(403);
      const { error } = await res.json<{ error: { code: string; message: string } }>();
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toContain('csm role');
    }
    const writes = [
      asViewer('/api/surveys', { body: { type: 'nps', name: 'x' } }),
      asViewer(`/api/surveys/${survey.id}`, { method: 'PATCH', body: { name: 'x' } }),
      asViewer(`/api/surveys/${survey.id}/links`, { body: { accounts: [a.externalId] } }),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('FORBIDDEN');
    }
    expect(await linkCount(survey.id)).toBe(1);
  });

  it('lets a csm read and export the links to send them, but not create them', async () => {
    const survey = await createSurvey();
    const a = await seedAccount();
    const { links } = await createLinks(survey.id, { accounts: [a.externalId] });
    const { token } = await createApiToken('csm');
    const page = await admin(`/api/surveys/${survey.id}/links`, { token });
    expect(page.status).toBe(200);
    expect((await page.json<SurveyLinkPage>()).items.map((l) => l.url)).toEqual([links[0]!.url]);
    const csv = await admin(`/api/surveys/${survey.id}/links.csv`, { token });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain(links[0]!.url);
    const create = await admin(`/api/surveys/${survey.id}/links`, {
      token,
      body: { accounts: [a.externalId] },
    });
    expect(create.status).toBe(403);
    expect(await linkCount(survey.id)).toBe(1);
  });

  it('shows the link webhook URL to admins only (it may carry a secret)', async () => {
    const survey = await createSurvey({ webhookUrl: 'https://hooks.example.test/secret-path' });
    expect(survey).toMatchObject({
      webhookUrl: 'https://hooks.example.test/secret-path',
      webhookConfigured: true,
    });
    const { token } = await createApiToken('viewer');
    const seen = await (await admin(`/api/surveys/${survey.id}`, { token })).json<SurveyDto>();
    expect(seen).toMatchObject({ webhookUrl: null, webhookConfigured: true });
    const listed = await (await admin('/api/surveys', { token })).text();
    expect(listed).not.toContain('secret-path');
    const audit = await admin(`/api/audit?entity=survey&entityId=${survey.id}`);
    const entries = await audit.json<{ items: { action: string; details: { webhookUrl?: string } }[] }>();
    // The audit log keeps the scheme and host only: the path is the secret.
    expect(entries.items.map((e) => [e.action, e.details.webhookUrl])).toEqual([
      ['create', 'https://hooks.example.test/…'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('secret-path');
  });

  it('answers 401 without credentials on every admin survey route', async () => {
    for (const [method, path] of [
      ['GET', '/api/surveys'],
      ['POST', '/api/surveys'],
      ['GET', '/api/surveys/1'],
      ['PATCH', '/api/surveys/1'],
      ['POST', '/api/surveys/1/links'],
      ['GET', '/api/surveys/1/links'],
      ['GET', '/api/surveys/1/links.csv'],
      ['GET', '/api/surveys/1/responses'],
      ['GET', '/api/surveys/1/responses.csv'],
      ['GET', '/api/surveys/1/summary'],
    ] as const) {
      const res = await call(path, { method });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });
});

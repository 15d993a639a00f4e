import { describe, expect, it } from 'vitest';
import type { PublicSubmitResult, PublicSurveyDto, SurveyDto } from '../../shared/contracts/surveys';
import { signSurveyToken } from '../../shared/surveys';
import { admin, call, errorCode, rows, seedAccount } from './helpers';
import { createLinks, createSurvey, publicGet, publicPost, SURVEY_KEY, tokenOf } from './surveys-helpers';

async function oneLink(survey: SurveyDto, contact?: Record<string, unknown>) {
  const account = await seedAccount();
  const { links } = await createLinks(
    survey.id,
    contact
      ? { contacts: [{ ...contact, accountExternalId: account.externalId }] }
      : { accounts: [account.externalId] },
  );
  return { account, link: links[0]!, token: tokenOf(links[0]!) };
}

const responsesOf = (surveyId: number) =>
  rows<{
    score: number;
    comment: string | null;
    locale: string | null;
    responded_at: number;
    updated_at: number;
  }>(
    'SELECT score, comment, locale, responded_at, updated_at FROM survey_responses WHERE survey_id = ?',
    surveyId,
  );

/** A token with one base64url character changed at `index`. */
const flip = (token: string, index: number) =>
  token.slice(0, index) + (token[index] === 'A' ? 'B' : 'A') + token.slice(index + 1);

describe('GET /api/public/surveys/:token', () => {
  it('returns only the survey texts, scale and state, with no credentials, never cached', async () => {
    const survey = await createSurvey({ name: 'Secret internal survey name' });
    const { account, token } = await oneLink(survey, { email: 'dana@acme.example', name: 'Dana Reyes' });
    const res = await publicGet(token);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const text = await res.text();
    const body = JSON.parse(text) as PublicSurveyDto;
    expect(Object.keys(body).sort()).toEqual(
      ['answer', 'defaultLocale', 'followUp', 'locale', 'questions', 'scale', 'state', 'type'].sort(),
    );
    expect(body).toMatchObject({
      state: 'open',
      type: 'nps',
      scale: { min: 0, max: 10 },
      followUp: true,
      locale: 'en',
      defaultLocale: 'en',
      answer: null,
    });
    expect(body.questions).toEqual(survey.questions);
    // Nothing about the account, the survey's internal name or the contact.
    for (const secret of [
      account.externalId,
      `Account ${account.externalId}`,
      'Secret internal',
      'dana@acme',
      'Dana Reyes',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("picks the locale from ?locale, then Accept-Language, then the contact's locale, then the default", async () => {
    const survey = await createSurvey();
    const { token } = await oneLink(survey, { email: 'li@example.com', locale: 'zh-CN' });
    expect((await (await publicGet(token)).json<PublicSurveyDto>()).locale).toBe('zh-CN');
    const en = await publicGet(token, { 'Accept-Language': 'en-GB,en;q=0.8' });
    expect((await en.json<PublicSurveyDto>()).locale).toBe('en');
    const query = await publicGet(token, { query: '?locale=en', 'Accept-Language': 'zh-CN' });
    expect((await query.json<PublicSurveyDto>()).locale).toBe('en');
    const other = await oneLink(survey);
    const fr = await publicGet(other.token, { 'Accept-Language': 'fr-FR' });
    expect((await fr.json<PublicSurveyDto>()).locale).toBe('en');
  });

  it("shows the respondent's own answer after they answered, and nobody else's", async () => {
    const survey = await createSurvey();
    const mine = await oneLink(survey);
    const theirs = await oneLink(survey);
    expect((await publicPost(theirs.token, { score: 2, comment: 'their secret comment' })).status).toBe(201);
    expect((await publicPost(mine.token, { score: 9, comment: 'Fast support', locale: 'en' })).status).toBe(
      201,
    );
    const res = await publicGet(mine.token);
    const text = await res.text();
    const body = JSON.parse(text) as PublicSurveyDto;
    expect(body.state).toBe('answered');
    expect(body.answer).toMatchObject({ score: 9, comment: 'Fast support', locale: 'en' });
    expect(Date.parse(body.answer!.editableUntil!)).toBeGreaterThan(Date.now());
    expect(text).not.toContain('their secret comment');
    const untouched = await (await publicGet((await oneLink(survey)).token)).json<PublicSurveyDto>();
    expect(untouched.answer).toBeNull();
  });
});

describe('POST /api/public/surveys/:token', () => {
  it('stores the answer with a cleaned plain-text comment', async () => {
    const survey = await createSurvey();
    const { token } = await oneLink(survey);
    const res = await publicPost(token, {
      score: 10,
      comment: '  <b>Great</b>\r\nteam\u0000  ',
      locale: 'zh-CN',
    });
    expect(res.status).toBe(201);
    const body = await res.json<PublicSubmitResult>();
    expect(body).toMatchObject({
      state: 'answered',
      answer: { score: 10, comment: '<b>Great</b>\nteam', locale: 'zh-CN' },
    });
    expect(await responsesOf(survey.id)).toMatchObject([
      { score: 10, comment: '<b>Great</b>\nteam', locale: 'zh-CN' },
    ]);
    expect((await (await admin(`/api/surveys/${survey.id}`)).json<SurveyDto>()).stats.responses).toBe(1);
  });

  it('lets a second submit change the answer within the edit window, then answers 409 ALREADY_ANSWERED', async () => {
    const survey = await createSurvey();
    const { token, link } = await oneLink(survey);
    expect((await publicPost(token, { score: 3 })).status).toBe(201);
    const edit = await publicPost(token, { score: 6, comment: 'On second thought' });
    expect(edit.status).toBe(200);
    expect((await edit.json<PublicSubmitResult>()).answer).toMatchObject({
      score: 6,
      comment: 'On second thought',
    });
    const [stored] = await responsesOf(survey.id);
    expect(stored).toMatchObject({ score: 6, comment: 'On second thought' });
    expect(await responsesOf(survey.id)).toHaveLength(1);

    // 31 minutes after the first answer the window is closed.
    await rows(
      'UPDATE survey_responses SET responded_at = responded_at - ? WHERE link_id = ?',
      31 * 60_000,
      link.id,
    );
    const late = await publicPost(token, { score: 10 });
    expect(late.status).toBe(409);
    expect(await errorCode(late)).toBe('ALREADY_ANSWERED');
    expect((await responsesOf(survey.id))[0]?.score).toBe(6);
    const view = await (await publicGet(token)).json<PublicSurveyDto>();
    expect(view).toMatchObject({ state: 'answered', answer: { score: 6, editableUntil: null } });
  });

  it('validates the score per type: integers in range only, and writes nothing otherwise', async () => {
    const cases: [Record<string, unknown>, unknown[], number[]][] = [
      [{ type: 'nps' }, [7.5, -1, 11, '7', null, true], [0]],
      [{ type: 'csat' }, [0, 6, 4.2], [5]],
      [{ type: 'ces' }, [0, 8], [7]],
      [{ type: 'ces', scale: { min: 1, max: 5 } }, [6, 7], [1]],
    ];
    for (const [config, bad, good] of cases) {
      const survey = await createSurvey(config);
      const { token } = await oneLink(survey);
      for (const score of bad) {
        const res = await publicPost(token, { score });
        expect(res.status, `${JSON.stringify(config)} ${score}`).toBe(400);
        expect(await errorCode(res)).toBe('VALIDATION_FAILED');
      }
      expect(await responsesOf(survey.id)).toEqual([]);
      expect((await publicPost(token, { score: good[0] })).status).toBe(201);
    }
  });

  it('rejects comments over 2,000 characters, a comment without a follow-up question, bad JSON and extra fields', async () => {
    const survey = await createSurvey();
    const { token } = await oneLink(survey);
    expect((await publicPost(token, { score: 9, comment: 'x'.repeat(2001) })).status).toBe(400);
    expect((await publicPost(token, { score: 9, accountId: 1 })).status).toBe(400);
    const badJson = await publicPost(token, '{"score": 9');
    expect(badJson.status).toBe(400);
    expect(await errorCode(badJson)).toBe('INVALID_JSON');
    expect(await responsesOf(survey.id)).toEqual([]);
    expect((await publicPost(token, { score: 9, comment: `  ${'y'.repeat(2000)}  ` })).status).toBe(201);

    const silent = await createSurvey({ followUp: false });
    const other = await oneLink(silent);
    expect((await publicPost(other.token, { score: 9, comment: 'hi' })).status).toBe(400);
    expect((await publicPost(other.token, { score: 9 })).status).toBe(201);
  });
});

describe('survey tokens', () => {
  it('answers TOKEN_INVALID to a tampered token on GET and POST, and writes nothing', async () => {
    const survey = await createSurvey();
    const { token } = await oneLink(survey);
    const dot = token.indexOf('.');
    for (const bad of [
      flip(token, 2),
      flip(token, dot - 1),
      flip(token, dot + 3),
      `${token}x`,
      token.slice(0, -1),
      'nonsense',
    ]) {
      const get = await publicGet(bad);
      expect(get.status, bad).toBe(404);
      expect(await errorCode(get)).toBe('TOKEN_INVALID');
      const post = await publicPost(bad, { score: 10 });
      expect(post.status).toBe(404);
      expect(await errorCode(post)).toBe('TOKEN_INVALID');
    }
    expect(await responsesOf(survey.id)).toEqual([]);
    // The genuine token still works.
    expect((await publicPost(token, { score: 10 })).status).toBe(201);
  });

  it('checks the token before the body: a bad token with a bad body is TOKEN_INVALID', async () => {
    const res = await publicPost('nonsense.token', { score: 'x' });
    expect(await errorCode(res)).toBe('TOKEN_INVALID');
  });

  it('refuses tokens signed with another key, for another link, or naming a link that does not exist', async () => {
    const survey = await createSurvey();
    const { link, account } = await oneLink(survey);
    const expiresAt = Date.parse(link.expiresAt);
    const payload = {
      surveyId: survey.id,
      accountId: (
        await rows<{ id: number }>('SELECT id FROM accounts WHERE external_id = ?', account.externalId)
      )[0]!.id,
      linkId: link.id,
      expiresAt,
    };
    const cases = [
      await signSurveyToken(payload, 'a-different-signing-key-of-length'),
      await signSurveyToken({ ...payload, linkId: 987_654_321 }, SURVEY_KEY),
      await signSurveyToken({ ...payload, surveyId: survey.id + 1000 }, SURVEY_KEY),
      await signSurveyToken({ ...payload, expiresAt: expiresAt + 86_400_000 }, SURVEY_KEY),
    ];
    for (const token of cases) {
      const res = await publicPost(token, { score: 5 });
      expect(res.status).toBe(404);
      expect(await errorCode(res)).toBe('TOKEN_INVALID');
    }
    // The same payload signed with the right key is the link's own token.
    expect((await publicGet(await signSurveyToken(payload, SURVEY_KEY))).status).toBe(200);
    expect(await responsesOf(survey.id)).toEqual([]);
  });

  it('answers TOKEN_EXPIRED after the expiry and writes nothing', async () => {
    const survey = await createSurvey();
    const { link } = await oneLink(survey);
    const past = Date.now() - 60_000;
    await rows('UPDATE survey_links SET expires_at = ? WHERE id = ?', past, link.id);
    const [ids] = await rows<{ survey_id: number; account_id: number }>(
      'SELECT survey_id, account_id FROM survey_links WHERE id = ?',
      link.id,
    );
    const expired = await signSurveyToken(
      { surveyId: ids!.survey_id, accountId: ids!.account_id, linkId: link.id, expiresAt: past },
      SURVEY_KEY,
    );
    const get = await publicGet(expired);
    expect(get.status).toBe(410);
    expect(await errorCode(get)).toBe('TOKEN_EXPIRED');
    const post = await publicPost(expired, { score: 10 });
    expect(post.status).toBe(410);
    expect(await errorCode(post)).toBe('TOKEN_EXPIRED');
    expect(await responsesOf(survey.id)).toEqual([]);
  });

  it('treats links of a deactivated survey as expired', async () => {
    const survey = await createSurvey();
    const { token } = await oneLink(survey);
    await admin(`/api/surveys/${survey.id}`, { method: 'PATCH', body: { active: false } });
    const res = await publicPost(token, { score: 10 });
    expect(res.status).toBe(410);
    expect(await errorCode(res)).toBe('TOKEN_EXPIRED');
    expect(await responsesOf(survey.id)).toEqual([]);
  });
});

describe('public survey rate limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the per-token limit; other tokens are unaffected', async () => {
    const survey = await createSurvey();
    const { token } = await oneLink(survey);
    const ip = { 'CF-Connecting-IP': '198.51.100.20' };
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 12; i++) {
      const res = await publicGet(token, ip);
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    // The integration config allows 8 requests per minute per client IP and token.
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429, 429, 429]);
    expect(await errorCode(limited!)).toBe('RATE_LIMITED');
    expect(Number(limited!.headers.get('Retry-After'))).toBeGreaterThan(0);
    const post = await publicPost(token, { score: 10 }, ip);
    expect(post.status).toBe(429);
    expect(await responsesOf(survey.id)).toEqual([]);
    // Another token from the same address is not held by this one's limit.
    expect((await publicGet((await oneLink(survey)).token, ip)).status).toBe(200);
  });

  it('limits one client address across tokens, so made-up tokens are limited too', async () => {
    const survey = await createSurvey();
    const from = { 'CF-Connecting-IP': '203.0.113.9' };
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 25; i++) {
      const fake = `${'A'.repeat(40)}${i.toString().padStart(3, '0')}`;
      const res = i % 2 === 0 ? await publicGet(fake, from) : await publicPost(fake, { score: 10 }, from);
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
      else await res.body?.cancel();
    }
    // The integration config allows 20 requests per minute per client address, whatever the token.
    expect(statuses.slice(0, 20)).toEqual(new Array(20).fill(404));
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    expect(await limited!.json()).toMatchObject({
      error: { code: 'RATE_LIMITED', requestId: expect.any(String) },
    });
    expect(Number(limited!.headers.get('Retry-After'))).toBeGreaterThan(0);
    // A real link from that address is held too; the same link from elsewhere is not.
    const { token } = await oneLink(survey);
    expect((await publicGet(token, from)).status).toBe(429);
    expect((await publicGet(token, { 'CF-Connecting-IP': '203.0.113.10' })).status).toBe(200);
  });

  it('counts an IPv6 client by its /64, so rotating addresses inside it does not escape the limit', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 22; i++) {
      const res = await publicGet(`fake-token-${i}`, {
        'CF-Connecting-IP': `2001:db8:77:1::${i.toString(16)}`,
      });
      await res.body?.cancel();
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    const other = await publicGet('fake-token-x', { 'CF-Connecting-IP': '2001:db8:77:2::1' });
    expect(other.status).toBe(404);
  });
});

describe('public survey body cap', () => {
  const MB = 1024 * 1024;

  /** A POST of raw bytes (the runtime declares their length) from a fixed address. */
  const postBytes = (token: string, bytes: Uint8Array) =>
    call(`/api/public/surveys/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '198.51.100.76' },
      body: bytes,
    });

  it('refuses a 30 MB body at once, before the token or the body is read, and writes nothing', async () => {
    const survey = await createSurvey();
    const { token } = await oneLink(survey);
    const huge = new Uint8Array(30 * MB).fill(0x20);
    huge.set(new TextEncoder().encode('{"score":10}'), 0);
    const started = Date.now();
    const res = await postBytes(token, huge);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: {
        code: 'REQUEST_TOO_LARGE',
        message: 'request body exceeds 8192 bytes',
        requestId: expect.any(String),
      },
    });
    // A made-up token is refused for the size too: nothing was looked up or read.
    expect(await errorCode(await postBytes('A'.repeat(43), huge))).toBe('REQUEST_TOO_LARGE');
    expect(await responsesOf(survey.id)).toEqual([]);
    // The link still takes a normal answer.
    expect((await publicPost(token, { score: 9 })).status).toBe(201);
  });

  it('stops reading a chunked body as soon as it passes 8 KB', async () => {
    const survey = await createSurvey();
    const { token } = await oneLink(survey);
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 30 * MB) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await call(`/api/public/surveys/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '198.51.100.77' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('REQUEST_TOO_LARGE');
    expect(pulled).toBeLessThan(1 * MB);
    expect(await responsesOf(survey.id)).toEqual([]);
  });

  it('still takes the longest comment allowed, in Chinese', async () => {
    const survey = await createSurvey();
    const { token } = await oneLink(survey);
    const comment = '我们的团队每天都在使用这个产品'.repeat(200).slice(0, 2000);
    const res = await publicPost(token, { score: 8, comment });
    expect(res.status).toBe(201);
    expect((await responsesOf(survey.id))[0]?.comment).toBe(comment);
  });
});

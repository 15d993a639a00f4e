import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, errorCode, rows, uid } from './helpers';

type Page = { items: { externalId: string; name: string }[]; nextCursor: string | null; total: number };

/** Names Keepwell's users give accounts: Chinese, emoji, accents, quotes. */
const NAMES = [
  '阿里巴巴',
  '腾讯科技（深圳）有限公司',
  '字节跳动',
  '🚀 Rocket Co',
  '😀',
  '🦄🦄🦄',
  'Café Zürich',
  'Zebra "Quoted" \\ Ltd',
  'Ünïcödé',
  'Ａｃｍｅ 全角',
];
/**
 * The longest a name can be (200 characters from traits, 256 when it is the external id), with the
 * characters whose JSON is longest, so the cursor is as long as it can get.
 */
const LONG_NAMES = ['数'.repeat(200), '\u0001'.repeat(256), '😀'.repeat(128), '"'.repeat(256)];

const tag = uid('paging');
const longTag = uid('long');

/** Every page of `GET /api/accounts?q=<tag>&limit=<limit>` (plus `extra`), following `nextCursor`. */
async function allPages(tag: string, limit: number, extra = ''): Promise<{ names: string[]; pages: number }> {
  const names: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await admin(
      `/api/accounts?q=${tag}&limit=${limit}${extra}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status, `page ${pages + 1} after cursor ${cursor}`).toBe(200);
    const page = await res.json<Page>();
    names.push(...page.items.map((a) => a.name));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { names, pages };
}

/** Inserts accounts `<prefix>-<i>` named `names[i]` straight into D1. */
async function insertAccounts(prefix: string, names: string[]) {
  await env.DB.batch(
    names.map((name, i) =>
      env.DB.prepare(
        `INSERT INTO accounts (external_id, name, traits, created_at) VALUES (?, ?, '{}', ?)`,
      ).bind(`${prefix}-${i}`, name, Date.now()),
    ),
  );
}

/** Every account of `prefix` by name, as the list orders them (name, then id). */
async function storedNames(prefix: string) {
  const stored = await rows<{ name: string }>(
    'SELECT name FROM accounts WHERE external_id LIKE ? ORDER BY name, id',
    `${prefix}-%`,
  );
  return stored.map((r) => r.name);
}

beforeAll(async () => {
  await insertAccounts(tag, NAMES);
  await insertAccounts(longTag, LONG_NAMES);
});

describe('GET /api/accounts keyset paging', () => {
  it.each([
    ['the default order', ''],
    ['sort=name', '&sort=name'],
  ])('pages through Chinese and emoji names in %s, each account once', async (_, extra) => {
    const stored = await storedNames(tag);
    for (const limit of [1, 2, 3]) {
      const { names, pages } = await allPages(tag, limit, extra);
      expect(names, `limit ${limit}`).toEqual(stored);
      expect(pages).toBe(Math.ceil(NAMES.length / limit));
    }
  });

  it('pages past the longest names, whose cursors are the longest', async () => {
    const { names } = await allPages(longTag, 1);
    expect(names).toEqual(await storedNames(longTag));
  });

  it('pages past a name whose stored text holds a lone surrogate', async () => {
    // Ingest rejects these now, but rows written earlier (or by hand) must not break the list.
    const lone = uid('lone');
    await env.DB.batch(
      ['\ud800 broken', 'a\udfff', 'b'].map((name, i) =>
        env.DB.prepare(
          `INSERT INTO accounts (external_id, name, traits, created_at) VALUES (?, ?, '{}', ?)`,
        ).bind(`${lone}-${i}`, name, Date.now()),
      ),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await admin(`/api/accounts?q=${lone}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = await res.json<Page>();
      seen.push(...page.items.map((a) => a.externalId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.sort()).toEqual([`${lone}-0`, `${lone}-1`, `${lone}-2`]);
  });

  it('rejects a cursor that is not one of ours with a 400 envelope', async () => {
    const b64 = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    for (const cursor of [
      '%%%',
      'a',
      'bm90IGpzb24', // "not json"
      b64('\xff\xfe'), // not UTF-8
      b64('["name"]'), // JSON of the wrong shape
      b64('["name", 1.5]'),
      b64('{"0":"a","1":1}'),
      b64('null'),
      'WyJhIiwxXQ==', // padded
      'WyJhIiwxXQ+/', // base64, not base64url
      ` ${b64('["a",1]')}`,
      'x'.repeat(5000),
    ]) {
      const res = await admin(`/api/accounts?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, cursor).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
    // Percent-encoded bytes that are not UTF-8 (a lone surrogate's CESU-8, a bare 0xFF).
    for (const raw of ['%ED%A0%80', '%FF', '%']) {
      const res = await admin(`/api/accounts?cursor=${raw}`);
      expect(res.status, raw).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
  });
});

describe('GET /api/accounts/:externalId/timeline cursor', () => {
  it('rejects a "before" that is not one of ours with a 400 envelope', async () => {
    const externalId = `${tag}-0`;
    const b64 = (text: string) => btoa(text).replace(/=+$/, '');
    for (const before of ['a', b64('\xff\xfe'), b64('[1]'), b64('["1", "x"]'), b64('[1.5, "x"]')]) {
      const res = await admin(
        `/api/accounts/${encodeURIComponent(externalId)}/timeline?before=${encodeURIComponent(before)}`,
      );
      expect(res.status, before).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
  });
});

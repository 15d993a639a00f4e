import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { admin, rows, uid } from './helpers';

type Tiers = { tiers: { key: string; name: string; names?: { zh?: string }; color: string }[] };
type ErrorBody = {
  error: { code: string; message: string; requestId: string; issues?: { path: string[] }[] };
};

const DEFAULTS = [
  { key: 'green', name: 'Green', names: { zh: '绿色' }, color: '#16a34a' },
  { key: 'green-yellow', name: 'Green-yellow', names: { zh: '黄绿色' }, color: '#84cc16' },
  { key: 'yellow', name: 'Yellow', names: { zh: '黄色' }, color: '#eab308' },
  { key: 'red', name: 'Red', names: { zh: '红色' }, color: '#dc2626' },
];

/** An API token of `role`, created through the API as an admin would. */
async function tokenFor(role: 'viewer' | 'csm' | 'admin'): Promise<string> {
  const res = await admin('/api/tokens', { body: { name: uid(role), role } });
  expect(res.status).toBe(201);
  return (await res.json<{ token: string }>()).token;
}

beforeEach(async () => {
  await env.DB.prepare("DELETE FROM settings WHERE key = 'tiers'").run();
});

describe('GET /api/settings/tiers', () => {
  it('answers the default names and colours, best first, when none are set', async () => {
    const res = await admin('/api/settings/tiers');
    expect(res.status).toBe(200);
    expect(await res.json<Tiers>()).toEqual({ tiers: DEFAULTS });
  });

  it('is readable by a viewer', async () => {
    const res = await admin('/api/settings/tiers', { token: await tokenFor('viewer') });
    expect(res.status).toBe(200);
    expect((await res.json<Tiers>()).tiers).toHaveLength(4);
  });

  it('needs credentials', async () => {
    const res = await admin('/api/settings/tiers', { token: 'not-a-token' });
    expect(res.status).toBe(401);
  });
});

describe('PUT /api/settings/tiers', () => {
  it('renames and recolours the given tiers, keeps the others, and persists', async () => {
    const res = await admin('/api/settings/tiers', {
      method: 'PUT',
      body: { tiers: [{ key: 'red', name: 'At risk', color: '#B91C1C' }] },
    });
    expect(res.status).toBe(200);
    const expected = DEFAULTS.map((t) =>
      t.key === 'red' ? { key: 'red', name: 'At risk', color: '#b91c1c' } : t,
    );
    expect(await res.json<Tiers>()).toEqual({ tiers: expected });

    const second = await admin('/api/settings/tiers', {
      method: 'PUT',
      body: { tiers: [{ key: 'green', name: '  Thriving ', color: '#15803d' }] },
    });
    expect(second.status).toBe(200);
    const after = await (await admin('/api/settings/tiers')).json<Tiers>();
    expect(after.tiers.map((t) => t.name)).toEqual(['Thriving', 'Green-yellow', 'Yellow', 'At risk']);
    expect(after.tiers[0]?.color).toBe('#15803d');
  });

  it('records who changed the tiers in the audit log', async () => {
    await admin('/api/settings/tiers', {
      method: 'PUT',
      body: { tiers: [{ key: 'yellow', name: 'Watch', color: '#ca8a04' }] },
    });
    const audit = await rows<{ actor: string; details: string }>(
      "SELECT actor, details FROM audit_log WHERE action = 'settings.tiers' ORDER BY id DESC LIMIT 1",
    );
    expect(audit[0]?.actor).toBe('admin-token');
    expect(JSON.parse(audit[0]?.details ?? '{}')).toEqual({
      tiers: [{ key: 'yellow', name: 'Watch', color: '#ca8a04' }],
    });
  });

  it('sets and clears a Chinese tier name, and audits it', async () => {
    const set = await admin('/api/settings/tiers', {
      method: 'PUT',
      body: { tiers: [{ key: 'red', name: 'At risk', names: { zh: ' 高风险 ' }, color: '#b91c1c' }] },
    });
    expect(set.status).toBe(200);
    const red = async () => (await (await admin('/api/settings/tiers')).json<Tiers>()).tiers[3];
    expect(await red()).toEqual({ key: 'red', name: 'At risk', names: { zh: '高风险' }, color: '#b91c1c' });
    const audit = await rows<{ details: string }>(
      "SELECT details FROM audit_log WHERE action = 'settings.tiers' ORDER BY id DESC LIMIT 1",
    );
    expect(JSON.parse(audit[0]?.details ?? '{}').tiers[0].names).toEqual({ zh: '高风险' });

    // An explicit empty `names` clears it, even for a default name whose built-in translation would show.
    await admin('/api/settings/tiers', {
      method: 'PUT',
      body: { tiers: [{ key: 'red', name: 'Red', names: {}, color: '#dc2626' }] },
    });
    expect((await red())?.names?.zh).toBeUndefined();
    const tooLong = await admin('/api/settings/tiers', {
      method: 'PUT',
      body: { tiers: [{ key: 'red', name: 'Red', names: { zh: '长'.repeat(41) }, color: '#dc2626' }] },
    });
    expect(tooLong.status).toBe(400);
  });

  it.each([
    [
      'an unknown tier key',
      { tiers: [{ key: 'purple', name: 'Purple', color: '#800080' }] },
      ['tiers', '0', 'key'],
    ],
    ['an empty name', { tiers: [{ key: 'red', name: '   ', color: '#dc2626' }] }, ['tiers', '0', 'name']],
    [
      'a name over 40 characters',
      { tiers: [{ key: 'red', name: 'x'.repeat(41), color: '#dc2626' }] },
      ['tiers', '0', 'name'],
    ],
    [
      'a colour that is not #rrggbb',
      { tiers: [{ key: 'red', name: 'Red', color: 'red' }] },
      ['tiers', '0', 'color'],
    ],
    ['a short colour', { tiers: [{ key: 'red', name: 'Red', color: '#f00' }] }, ['tiers', '0', 'color']],
    [
      'the same key twice',
      {
        tiers: [
          { key: 'red', name: 'A', color: '#dc2626' },
          { key: 'red', name: 'B', color: '#dc2626' },
        ],
      },
      ['tiers'],
    ],
    ['no tiers', { tiers: [] }, ['tiers']],
    ['an unknown field', { tiers: [{ key: 'red', name: 'Red', color: '#dc2626', min: 3 }] }, ['tiers', '0']],
  ])('refuses %s with 400 VALIDATION_FAILED and changes nothing', async (_label, body, path) => {
    const res = await admin('/api/settings/tiers', { method: 'PUT', body });
    expect(res.status).toBe(400);
    const err = await res.json<ErrorBody>();
    expect(err.error.code).toBe('VALIDATION_FAILED');
    expect(err.error.requestId).toBeTruthy();
    expect(err.error.issues?.map((i) => i.path)).toContainEqual(path);
    expect(await (await admin('/api/settings/tiers')).json<Tiers>()).toEqual({ tiers: DEFAULTS });
  });

  it.each(['viewer', 'csm'] as const)('refuses a %s with 403 FORBIDDEN', async (role) => {
    const res = await admin('/api/settings/tiers', {
      method: 'PUT',
      token: await tokenFor(role),
      body: { tiers: [{ key: 'red', name: 'Nope', color: '#000000' }] },
    });
    expect(res.status).toBe(403);
    expect((await res.json<ErrorBody>()).error.code).toBe('FORBIDDEN');
    expect((await (await admin('/api/settings/tiers')).json<Tiers>()).tiers[3]?.name).toBe('Red');
  });

  it('accepts an admin API token', async () => {
    const res = await admin('/api/settings/tiers', {
      method: 'PUT',
      token: await tokenFor('admin'),
      body: { tiers: [{ key: 'green-yellow', name: 'Steady', color: '#65a30d' }] },
    });
    expect(res.status).toBe(200);
    expect((await res.json<Tiers>()).tiers[1]).toEqual({
      key: 'green-yellow',
      name: 'Steady',
      color: '#65a30d',
    });
  });
});

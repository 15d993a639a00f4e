import { describe, expect, it } from 'vitest';
import { admin, createSource, ingest, uid, waitFor } from './helpers';

describe('scoring smoke', () => {
  it('scores accounts on demand', async () => {
    const { writeKey } = await createSource();
    const acct = uid('score');
    const day = new Date(Date.now() - 86_400_000).toISOString();
    const batch = [
      { type: 'group', userId: `${acct}-u1`, groupId: acct, traits: { name: 'Scored', seats: 4 } },
      ...[1, 2, 3].map((i) => ({
        type: 'track',
        userId: `${acct}-u${i}`,
        event: 'Report Run',
        timestamp: day,
        context: { groupId: acct },
        properties: { durationMs: 900_000 },
      })),
    ];
    expect((await ingest('/v1/batch', writeKey, { batch })).status).toBe(200);
    await waitFor(
      async () =>
        (await (await admin(`/api/accounts/${acct}`)).json<{ users: { activated: number } }>()).users
          ?.activated === 3,
    );
    const run = await admin('/api/scoring/run', { method: 'POST' });
    expect(run.status).toBe(202);
    const { runId } = await run.json<{ runId: string }>();
    await waitFor(async () => {
      const r = await (await admin(`/api/scoring/runs/${runId}`)).json<{ status: string }>();
      return r.status === 'done' ? r : null;
    });
    const account = await (await admin(`/api/accounts/${acct}`)).json<{ health: unknown }>();
    expect(account.health).not.toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { Model } from '../../shared/contracts/models';
import type { ModelDiff } from '../../shared/contracts/studio';
import { admin, createApiToken, publishModel, rows, SEAT_MODEL, uid } from './helpers';

const reweighted = (weight: number) => ({
  ...SEAT_MODEL,
  measures: [
    { ...SEAT_MODEL.measures[0], weight },
    {
      key: 'logins30',
      kind: 'loginRate',
      windowDays: 30,
      weight: 100 - weight,
      normalisation: { kind: 'linear', min: 0, max: 1 },
    },
  ],
});

async function model(id: string): Promise<Model> {
  return (await admin(`/api/models/${id}`)).json<Model>();
}

describe('model versions in the studio', () => {
  it('keeps who published each version and the note, and diffs any two', async () => {
    const id = await publishModel(SEAT_MODEL);
    const token = await createApiToken('admin');
    expect(
      (
        await admin(`/api/models/${id}/draft`, {
          method: 'PUT',
          body: { config: reweighted(60) },
          token: token.token,
        })
      ).status,
    ).toBe(200);
    const published = await admin(`/api/models/${id}/publish`, {
      body: { note: 'Logins matter too' },
      token: token.token,
    });
    expect(await published.json()).toEqual({ id, publishedVersion: 2 });
    const versions = (await model(id)).versions;
    expect(versions.map((v) => [v.version, v.status, v.note])).toEqual([
      [2, 'published', 'Logins matter too'],
      [1, 'retired', null],
    ]);
    expect(versions[0]!.publishedBy).toBe(versions[0]!.createdBy);
    expect(versions[0]!.publishedBy).toMatch(/\S/);

    const diff = await (await admin(`/api/models/${id}/diff?from=1&to=2`)).json<ModelDiff>();
    expect(diff.measuresAdded.map((m) => [m.key, m.weight])).toEqual([['logins30', 40]]);
    expect(diff.measuresChanged).toEqual([
      {
        key: SEAT_MODEL.measures[0]!.key,
        label: expect.any(String),
        changes: [{ field: 'weight', from: 100, to: 60 }],
      },
    ]);
    expect((await admin(`/api/models/${id}/diff?from=1&to=9`)).status).toBe(404);
    expect((await admin(`/api/models/${id}/diff?from=x&to=2`)).status).toBe(400);
  });

  it('rolls back by publishing an old version as a new one, refusing while a draft is open', async () => {
    const id = await publishModel(SEAT_MODEL);
    await admin(`/api/models/${id}/draft`, { method: 'PUT', body: { config: reweighted(50) } });
    await admin(`/api/models/${id}/publish`, { method: 'POST' });
    await admin(`/api/models/${id}/draft`, { method: 'PUT', body: { config: reweighted(70) } });
    const refused = await admin(`/api/models/${id}/rollback`, { body: { version: 1 } });
    expect(refused.status).toBe(409);
    expect((await admin(`/api/models/${id}/draft`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin(`/api/models/${id}/draft`, { method: 'DELETE' })).status).toBe(404);
    expect((await admin(`/api/models/${id}/rollback`, { body: { version: 7 } })).status).toBe(404);
    const res = await admin(`/api/models/${id}/rollback`, { body: { version: 1 } });
    expect(await res.json()).toEqual({ id, publishedVersion: 3 });
    const versions = (await model(id)).versions;
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [3, 'published'],
      [2, 'retired'],
      [1, 'retired'],
    ]);
    expect(versions[0]!.note).toBe('Rolled back to version 1');
    expect(versions[0]!.config.measures).toEqual(versions[2]!.config.measures);
    const audit = await rows<{ action: string; details: string }>(
      `SELECT action, details FROM audit_log WHERE entity = 'model' AND entity_id = ? AND action IN ('model.rollback', 'model.discard_draft') ORDER BY id`,
      id,
    );
    expect(audit.map((a) => a.action)).toEqual(['model.discard_draft', 'model.rollback']);
    expect(JSON.parse(audit[1]!.details)).toMatchObject({ version: 3, restores: 1 });
  });

  it('refuses a publish note that is not text', async () => {
    const id = await publishModel(SEAT_MODEL);
    await admin(`/api/models/${id}/draft`, { method: 'PUT', body: { config: reweighted(50) } });
    expect((await admin(`/api/models/${id}/publish`, { body: { note: 5 } })).status).toBe(400);
    expect((await admin(`/api/models/${id}/publish`, { body: { note: 'x'.repeat(501) } })).status).toBe(400);
    expect((await admin(`/api/models/${uid('none')}/rollback`, { body: { version: 1 } })).status).toBe(404);
  });
});

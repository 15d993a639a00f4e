import { describe, expect, it } from 'vitest';
import { DEFAULT_DIMENSIONS, DEFAULT_TIERS } from '../../shared/health';
import { addDays } from '../../shared/time';
import {
  admin,
  call,
  createSegment,
  DAY_MS,
  deliverQueue,
  getHealth,
  listSegments,
  publishModel,
  rows,
  runScoring,
  SEAT_MODEL,
  scoringRunRow,
  seedAccount,
  today,
  uid,
  yesterday,
} from './helpers';

interface ErrorBody {
  error: {
    code: string;
    message: string;
    issues?: { path: (string | number)[]; code: string; message: string }[];
  };
}

interface ModelBody {
  id: string;
  name: string;
  versions: { id: number; version: number; status: string; publishedAt: string | null; config: unknown }[];
}

/** Four measures weighted 60/15/15/10. */
const FOUR_MEASURES = {
  measures: [
    {
      key: 'seats',
      kind: 'seatActivationRate',
      weight: 60,
      normalisation: { kind: 'linear', min: 0.1, max: 0.9 },
    },
    { key: 'logins', kind: 'loginRate', weight: 15, normalisation: { kind: 'linear', min: 0.1, max: 0.8 } },
    {
      key: 'engaged',
      kind: 'engagedRate',
      weight: 15,
      params: { minMinutes: 5 },
      normalisation: {
        kind: 'bands',
        bands: [
          { bound: 0.5, points: 100 },
          { bound: 0.2, points: 60 },
        ],
      },
    },
    { key: 'rating', kind: 'csmRating', weight: 10, normalisation: { kind: 'linear', min: 1, max: 5 } },
  ],
};

/** FOUR_MEASURES with one measure replaced. */
function withMeasure(index: number, patch: Record<string, unknown>) {
  return { measures: FOUR_MEASURES.measures.map((m, i) => (i === index ? { ...m, ...patch } : m)) };
}

/** Activation ÷ 0.5: 6 of 10 seats scores 100 (SEAT_MODEL scores it 60). */
const HALF_SEAT_MODEL = {
  measures: [
    {
      key: 'seatShare',
      kind: 'seatActivationRate',
      weight: 100,
      normalisation: { kind: 'linear', min: 0, max: 0.5 },
    },
  ],
};

async function issueCodes(res: Response) {
  const body = await res.json<ErrorBody>();
  return { status: res.status, code: body.error.code, issues: body.error.issues?.map((i) => i.code) };
}

describe('health models', () => {
  it('POST /api/models creates a draft v1 with the defaults filled in', async () => {
    const id = uid('four');
    const res = await admin('/api/models', { body: { id, name: 'Four measures', config: FOUR_MEASURES } });
    expect(res.status).toBe(201);
    const model = await res.json<ModelBody>();
    expect(model).toMatchObject({ id, name: 'Four measures' });
    expect(model.versions).toEqual([
      expect.objectContaining({
        version: 1,
        status: 'draft',
        publishedAt: null,
        config: expect.objectContaining({
          missingData: 'skip',
          minCoverage: 0.5,
          tiers: DEFAULT_TIERS,
          dimensions: DEFAULT_DIMENSIONS,
        }),
      }),
    ]);
    const config = model.versions[0]!.config as {
      measures: { key: string; weight: number; params: unknown }[];
    };
    expect(config.measures.map((m) => [m.key, m.weight])).toEqual([
      ['seats', 60],
      ['logins', 15],
      ['engaged', 15],
      ['rating', 10],
    ]);
    expect(config.measures[1]!.params).toEqual({ denominator: 'activatedUsers' });

    const list = await (await admin('/api/models')).json<{
      items: { id: string; publishedVersion: number | null; draftVersion: number | null }[];
    }>();
    expect(list.items.find((m) => m.id === id)).toMatchObject({ publishedVersion: null, draftVersion: 1 });

    const duplicate = await admin('/api/models', { body: { id, name: 'Again', config: FOUR_MEASURES } });
    expect(duplicate.status).toBe(409);
    expect((await duplicate.json<ErrorBody>()).error.code).toBe('CONFLICT');
  });

  it('rejects invalid models with stable issue codes and creates nothing', async () => {
    const cases: [string, unknown, string][] = [
      ['weights summing to 99', withMeasure(3, { weight: 9 }), 'WEIGHTS_SUM'],
      [
        'bands out of order',
        withMeasure(2, {
          normalisation: {
            kind: 'bands',
            bands: [
              { bound: 0.2, points: 60 },
              { bound: 0.5, points: 100 },
            ],
          },
        }),
        'BANDS_ORDER',
      ],
      [
        'a custom metric nobody pushed',
        withMeasure(3, {
          key: 'uplift',
          kind: 'customMetric',
          params: { metricKey: uid('neverPushed') },
          normalisation: { kind: 'linear', min: 0, max: 100 },
        }),
        'UNKNOWN_METRIC',
      ],
      ['an unknown measure kind', withMeasure(0, { kind: 'telepathy' }), 'UNKNOWN_MEASURE_KIND'],
      ['duplicate measure keys', withMeasure(1, { key: 'seats' }), 'DUPLICATE_KEY'],
      [
        'linear bounds reversed',
        withMeasure(0, { normalisation: { kind: 'linear', min: 1, max: 0 } }),
        'BOUNDS_ORDER',
      ],
    ];
    for (const [label, config, code] of cases) {
      const id = uid('invalid');
      const res = await admin('/api/models', { body: { id, name: label, config } });
      expect({ label, ...(await issueCodes(res)) }).toEqual({
        label,
        status: 400,
        code: 'VALIDATION_FAILED',
        issues: expect.arrayContaining([code]),
      });
      expect((await admin(`/api/models/${id}`)).status).toBe(404);
    }
  });

  it('accepts a custom metric measure once a value for that metric has been pushed', async () => {
    const a = await seedAccount();
    const metricKey = uid('hoursSaved').replace(/-/g, '_');
    const config = withMeasure(3, {
      key: 'hours',
      kind: 'customMetric',
      params: { metricKey },
      normalisation: { kind: 'linear', min: 0, max: 100 },
    });
    expect((await issueCodes(await admin('/api/models/validate', { body: config }))).issues).toEqual([
      'UNKNOWN_METRIC',
    ]);
    expect(
      (await admin(`/api/accounts/${a.externalId}/metrics`, { body: { key: metricKey, value: 40 } })).status,
    ).toBe(201);
    expect((await admin('/api/models', { body: { id: uid('metric'), name: 'Metric', config } })).status).toBe(
      201,
    );
  });

  it('POST /api/models/validate returns the parsed model or the issues, without storing anything', async () => {
    const ok = await admin('/api/models/validate', { body: { config: FOUR_MEASURES } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      ok: true,
      config: { missingData: 'skip', tiers: DEFAULT_TIERS },
    });
    const bare = await admin('/api/models/validate', { body: FOUR_MEASURES });
    expect(bare.status).toBe(200);
    expect(
      await issueCodes(await admin('/api/models/validate', { body: withMeasure(0, { weight: 61 }) })),
    ).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      issues: ['WEIGHTS_SUM'],
    });
    const notJson = await call('/api/models/validate', {
      method: 'POST',
      headers: { Authorization: 'Bearer test-admin-token', 'Content-Type': 'application/json' },
      body: '{"measures":',
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json<ErrorBody>()).error.code).toBe('INVALID_JSON');
  });

  it('publishes drafts as new versions and never rewrites snapshots made with an earlier version', async () => {
    const id = uid('versioned');
    expect(
      (await admin('/api/models', { body: { id, name: 'Versioned', config: FOUR_MEASURES } })).status,
    ).toBe(201);
    // Editing the open draft rewrites it in place (still v1).
    const edited = await admin(`/api/models/${id}/draft`, { method: 'PUT', body: { config: SEAT_MODEL } });
    expect(edited.status).toBe(200);
    expect((await edited.json<ModelBody>()).versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'draft'],
    ]);
    const invalidDraft = await admin(`/api/models/${id}/draft`, {
      method: 'PUT',
      body: { config: withMeasure(0, { weight: 1 }) },
    });
    expect((await issueCodes(invalidDraft)).issues).toEqual(['WEIGHTS_SUM']);

    const published = await admin(`/api/models/${id}/publish`, { method: 'POST' });
    expect(published.status).toBe(200);
    expect(await published.json()).toEqual({ id, publishedVersion: 1 });
    const again = await admin(`/api/models/${id}/publish`, { method: 'POST' });
    expect(again.status).toBe(409);

    // Score one account with v1 for yesterday (as yesterday's cron would have).
    const plan = uid('versioned-plan');
    const segment = await createSegment({
      conditions: [{ field: 'plan', op: 'eq', value: plan }],
      modelId: id,
    });
    try {
      // Used the day before yesterday: yesterday's run reads windows ending that day, and sees only users
      // activated by then (a run never reads data from after its day).
      const a = await seedAccount({
        plan,
        seats: 10,
        users: [1, 1, 1, 1, 1, 1],
        day: addDays(yesterday(), -1),
      });
      const { message } = await scoringRunRow({ now: Date.parse(`${yesterday()}T02:00:00Z`), total: 1 });
      expect(
        (await deliverQueue('keepwell-scoring', [{ id: uid('q'), body: message([a.id]) }])).explicitAcks,
      ).toHaveLength(1);
      const v1 = (await (await admin(`/api/models/${id}`)).json<ModelBody>()).versions[0]!;

      // v2 halves the activation needed for full points.
      expect(
        (await admin(`/api/models/${id}/draft`, { method: 'PUT', body: { config: HALF_SEAT_MODEL } })).status,
      ).toBe(200);
      expect(await (await admin(`/api/models/${id}/publish`, { method: 'POST' })).json()).toEqual({
        id,
        publishedVersion: 2,
      });
      const versions = await (await admin(`/api/models/${id}/versions`)).json<{
        items: ModelBody['versions'];
      }>();
      expect(versions.items.map((v) => [v.version, v.status])).toEqual([
        [2, 'published'],
        [1, 'retired'],
      ]);
      expect(versions.items[1]).toMatchObject({ id: v1.id, config: v1.config });

      await runScoring();
      expect(
        await rows<{ period: string; model_version_id: number; score: number }>(
          'SELECT period, model_version_id, score FROM score_snapshots WHERE account_id = ? ORDER BY period',
          a.id,
        ),
      ).toEqual([
        { period: yesterday(), model_version_id: v1.id, score: 60 },
        { period: today(), model_version_id: versions.items[0]!.id, score: 100 },
      ]);
      expect(await getHealth(a.externalId)).toMatchObject({
        segment: segment.id,
        modelId: id,
        modelVersion: 2,
        score: 100,
        tier: 'green',
      });
    } finally {
      await admin(`/api/segments/${segment.id}`, { method: 'DELETE' });
    }

    const audit = await (await admin(`/api/audit?entity=model&entityId=${id}`)).json<{
      items: { action: string; actor: string; entity: string; entityId: string; details: unknown }[];
    }>();
    expect(audit.items.map((e) => e.action)).toEqual([
      'model.publish',
      'model.draft',
      'model.publish',
      'model.draft',
      'model.create',
    ]);
    expect(audit.items[0]).toMatchObject({
      actor: 'admin-token',
      entity: 'model',
      entityId: id,
      details: { version: 2 },
    });
    expect(audit.items[2]?.details).toEqual({ version: 1 });
  });

  it('answers 404 for every action on an unknown model', async () => {
    const id = uid('ghost-model');
    expect((await admin(`/api/models/${id}`)).status).toBe(404);
    expect((await admin(`/api/models/${id}/versions`)).status).toBe(404);
    expect(
      (await admin(`/api/models/${id}/draft`, { method: 'PUT', body: { config: SEAT_MODEL } })).status,
    ).toBe(404);
    expect((await admin(`/api/models/${id}/publish`, { method: 'POST' })).status).toBe(404);
  });
});

describe('segments', () => {
  it('creates, renames, reorders and deletes segments, validating each change', async () => {
    const modelId = await publishModel(SEAT_MODEL);
    const plan = uid('ent');
    const order = Math.max(0, ...(await listSegments()).map((s) => s.order)) + 1;
    const id = uid('seg-ent');
    const created = await admin('/api/segments', {
      body: {
        id,
        name: 'Enterprise',
        order,
        conditions: [{ field: 'plan', op: 'eq', value: plan }],
        modelId,
      },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      id,
      name: 'Enterprise',
      order,
      match: 'all',
      conditions: [{ field: 'plan', op: 'eq', value: plan }],
      modelId,
      isDefault: false,
    });
    const other = await createSegment({
      conditions: [{ field: 'seats', op: 'gte', value: 1_000_000 }],
      modelId,
    });
    try {
      const post = (body: Record<string, unknown>) =>
        admin('/api/segments', { body: { id: uid('seg'), name: 'X', order: order + 100, modelId, ...body } });
      // A model that is only a draft cannot score yet, so no segment may use it.
      const draftOnly = uid('draft-only');
      expect(
        (await admin('/api/models', { body: { id: draftOnly, name: 'Draft only', config: SEAT_MODEL } }))
          .status,
      ).toBe(201);
      const usesDraft = await post({ modelId: draftOnly });
      expect(usesDraft.status).toBe(400);
      expect((await usesDraft.json<ErrorBody>()).error.issues?.[0]?.message).toContain(
        'no published version',
      );
      const unknownModel = await post({ modelId: uid('no-model') });
      expect(unknownModel.status).toBe(400);
      expect((await unknownModel.json<ErrorBody>()).error.issues?.[0]?.path).toEqual([
        expect.any(Number),
        'modelId',
      ]);
      expect(
        (await issueCodes(await post({ conditions: [{ field: 'planet', op: 'eq', value: 'x' }] }))).issues,
      ).toEqual(['UNKNOWN_FIELD']);
      expect(
        (await issueCodes(await post({ conditions: [{ field: 'plan', op: 'in', value: 'x' }] }))).issues,
      ).toEqual(['INVALID_CONDITION']);
      expect((await issueCodes(await post({ order }))).issues).toEqual(['DUPLICATE_ORDER']);
      expect((await issueCodes(await post({ isDefault: true }))).issues).toEqual(['DEFAULT_SEGMENT']);
      expect((await post({ id })).status).toBe(409);

      const renamed = await admin(`/api/segments/${id}`, {
        method: 'PATCH',
        body: { name: 'Enterprise EMEA' },
      });
      expect(renamed.status).toBe(200);
      expect(await renamed.json()).toMatchObject({ id, name: 'Enterprise EMEA', modelId });
      expect((await admin(`/api/segments/${id}`, { method: 'PATCH', body: { id: 'other' } })).status).toBe(
        400,
      );
      const badPatch = await admin(`/api/segments/${id}`, {
        method: 'PATCH',
        body: { conditions: [{ field: 'bogus', op: 'eq', value: 1 }] },
      });
      expect((await issueCodes(badPatch)).issues).toEqual(['UNKNOWN_FIELD']);
      expect(
        (await admin(`/api/segments/${uid('nope')}`, { method: 'PATCH', body: { name: 'x' } })).status,
      ).toBe(404);
      expect((await listSegments()).find((s) => s.id === id)?.name).toBe('Enterprise EMEA');

      // Reorder: every non-default id once; put `other` first.
      const movable = (await listSegments()).filter((s) => !s.isDefault).map((s) => s.id);
      const wanted = [other.id, ...movable.filter((s) => s !== other.id)];
      expect((await admin('/api/segments/reorder', { body: { ids: wanted.slice(1) } })).status).toBe(400);
      expect(
        (await admin('/api/segments/reorder', { body: { ids: [...wanted.slice(1), 'ghost'] } })).status,
      ).toBe(400);
      const reordered = await admin('/api/segments/reorder', { body: { ids: wanted } });
      expect(reordered.status).toBe(200);
      const items = (await reordered.json<{ items: { id: string; isDefault: boolean }[] }>()).items;
      expect(items.map((s) => s.id)).toEqual([...wanted, 'default']);

      const deleteDefault = await admin('/api/segments/default', { method: 'DELETE' });
      expect(deleteDefault.status).toBe(409);
      expect((await admin(`/api/segments/${id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await admin(`/api/segments/${id}`, { method: 'DELETE' })).status).toBe(404);
      expect((await listSegments()).map((s) => s.id)).not.toContain(id);

      const audit = await (await admin('/api/audit?entity=segments&limit=5')).json<{
        items: { action: string }[];
      }>();
      expect(audit.items.slice(0, 3).map((e) => e.action)).toEqual([
        'segment.delete',
        'segments.reorder',
        'segment.update',
      ]);
    } finally {
      await admin(`/api/segments/${other.id}`, { method: 'DELETE' });
      await admin(`/api/segments/${id}`, { method: 'DELETE' });
    }
  });

  it('scores each account with the model of the first segment it matches, in segment order', async () => {
    const seatModel = await publishModel(SEAT_MODEL);
    const halfModel = await publishModel(HALF_SEAT_MODEL);
    const plan = uid('first-match');
    const region = uid('region');
    const byPlan = await createSegment({
      conditions: [{ field: 'plan', op: 'eq', value: plan }],
      modelId: seatModel,
    });
    const byRegion = await createSegment({
      conditions: [{ field: 'traits.region', op: 'eq', value: region }],
      modelId: halfModel,
    });
    try {
      const six = [1, 1, 1, 1, 1, 1];
      // Trait values compare case-insensitively.
      const both = await seedAccount({
        plan,
        seats: 10,
        users: six,
        traits: { region: region.toUpperCase() },
      });
      const planOnly = await seedAccount({ plan, seats: 10, users: six });
      const regionOnly = await seedAccount({ plan: uid('other'), seats: 10, users: six, traits: { region } });
      const neither = await seedAccount({ plan: uid('other'), seats: 10, users: six });
      await runScoring();
      const seen = async () =>
        Promise.all(
          [both, planOnly, regionOnly, neither].map(async (a) => {
            const h = await getHealth(a.externalId);
            return [h?.segment, h?.modelId, h?.score];
          }),
        );
      expect(await seen()).toEqual([
        [byPlan.id, seatModel, 60],
        [byPlan.id, seatModel, 60],
        [byRegion.id, halfModel, 100],
        ['default', 'default', expect.any(Number)],
      ]);

      const movable = (await listSegments()).filter((s) => !s.isDefault).map((s) => s.id);
      const ids = [byRegion.id, ...movable.filter((s) => s !== byRegion.id)];
      expect((await admin('/api/segments/reorder', { body: { ids } })).status).toBe(200);
      await runScoring();
      expect((await seen()).slice(0, 3)).toEqual([
        [byRegion.id, halfModel, 100],
        [byPlan.id, seatModel, 60],
        [byRegion.id, halfModel, 100],
      ]);
    } finally {
      await admin(`/api/segments/${byPlan.id}`, { method: 'DELETE' });
      await admin(`/api/segments/${byRegion.id}`, { method: 'DELETE' });
    }
  });
});

describe('audit log', () => {
  it('records overrides and ratings per account, newest first', async () => {
    const a = await seedAccount();
    const expiresAt = new Date(Date.now() + DAY_MS).toISOString();
    expect((await admin(`/api/accounts/${a.externalId}/rating`, { body: { stars: 3 } })).status).toBe(201);
    expect(
      (
        await admin(`/api/accounts/${a.externalId}/override`, {
          body: { tier: 'yellow', reason: 'Audit', expiresAt },
        })
      ).status,
    ).toBe(201);
    expect((await admin(`/api/accounts/${a.externalId}/override`, { method: 'DELETE' })).status).toBe(204);
    const audit = await (await admin(`/api/audit?entity=account&entityId=${a.externalId}`)).json<{
      items: { action: string; details: Record<string, unknown> }[];
    }>();
    expect(audit.items.map((e) => e.action)).toEqual(['override.clear', 'override.create', 'rating.create']);
    expect(audit.items[1]?.details).toMatchObject({ tier: 'yellow', reason: 'Audit' });
    expect(audit.items[2]?.details).toEqual({ stars: 3, comment: null });
  });

  it('writes no audit entry for a DELETE that finds no override to clear', async () => {
    const a = await seedAccount();
    const res = await admin(`/api/accounts/${a.externalId}/override`, { method: 'DELETE' });
    expect(res.status).toBe(404);
    const audit = await (await admin(`/api/audit?entity=account&entityId=${a.externalId}`)).json<{
      items: { action: string }[];
    }>();
    expect(audit.items.map((e) => e.action)).toEqual([]);
  });

  it('rejects an unknown entity filter', async () => {
    expect((await admin('/api/audit?entity=planet')).status).toBe(400);
    expect((await admin('/api/audit?limit=0')).status).toBe(400);
  });
});

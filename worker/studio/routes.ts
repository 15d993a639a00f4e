import { modelIdParam } from '../../shared/contracts/models';
import {
  backtestInput,
  backtestSchema,
  calibrateInput,
  calibrationSchema,
  previewInput,
  previewSchema,
} from '../../shared/contracts/studio';
import type { HealthModel } from '../../shared/health';
import { backtest, calibrate, refusalMessage, type StudioRefusal } from '../../shared/studio';
import { type Db, getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { checkModel, foundModel } from '../models/routes';
import { getModel, saveDraft } from '../models/store';
import { MAX_RENEWALS, scoreRenewals } from './backtest';
import { previewModel } from './preview';

const tags = ['Model studio'];

const previewRoute = defineRoute({
  method: 'post',
  path: '/{id}/preview',
  tags,
  summary: 'Preview a model draft against the published version',
  description:
    "Scores today's data (windows ending yesterday, as the daily run) with the model's published version and with `config` side by side, for the accounts whose segment uses the model (every account when none does yet: `scope: all`), and writes nothing: tier counts and ten-point score histograms of both, and the accounts whose tier would change (at most 200, biggest score move first) with the measure whose contribution moved most. `config` is validated as `PUT /api/models/:id/draft` validates it (400 with every issue). Overrides are not applied.",
  request: { params: modelIdParam, body: jsonBody(previewInput) },
  responses: { 200: jsonResponse(previewSchema, 'Both models on the same accounts and day') },
  errors: ['NOT_FOUND'],
});

const BACKTEST_TEXT = `Every renewal with a known outcome (contracts' \`outcome\`; renewed, expanded, downgraded and opted-out-then-retained count as renewed, churned does not) is scored as at the end of the day \`leadDays\` before it was due (default 90: the start of its renewal window), from stored rollups and with nothing recorded after that day; the newest ${MAX_RENEWALS.toLocaleString('en')} at most. Fewer than \`minOutcomes\` (default 30) decided renewals, or only one outcome among them, is a 422 \`TOO_FEW_OUTCOMES\` saying which (\`issues[0].code\`: TOO_FEW_OUTCOMES, SINGLE_OUTCOME, NO_SIGNAL) rather than noise.`;

const backtestRoute = defineRoute({
  method: 'post',
  path: '/{id}/backtest',
  tags,
  summary: 'Backtest a model on past renewals',
  description: `${BACKTEST_TEXT} Reports the AUC of the score against renewal (0.5: a coin flip, 1: every renewer scored above every churner), the renewal rate per tier, and each measure's own AUC. \`use\`: the draft (default when there is one) or the published version.`,
  request: { params: modelIdParam, body: jsonBody(backtestInput) },
  responses: { 200: jsonResponse(backtestSchema, 'How well the model predicted renewal') },
  errors: ['NOT_FOUND', 'TOO_FEW_OUTCOMES'],
});

const calibrateRoute = defineRoute({
  method: 'post',
  path: '/{id}/calibrate',
  tags,
  summary: "Fit a model's weights to past renewals",
  description: `${BACKTEST_TEXT} Fits the measures' weights by L2-regularised logistic regression on their points (weights non-negative, rescaled to sum to 100), reports its \`folds\`-fold cross-validated AUC (folds drawn with \`seed\`: the same request gives the same answer) beside the current weights' AUC, and saves the fitted weights as the model's draft (replacing an open draft; based on the draft when there is one, else the published version). Never publishes. \`dropCandidates\`: measures whose fitted weight is about 0 (few renewals make this weak); \`lackingData\`: measures with points for fewer than half the renewals. Recorded in the audit log (\`model.draft\`, with the calibration).`,
  request: { params: modelIdParam, body: jsonBody(calibrateInput) },
  responses: { 200: jsonResponse(calibrationSchema, 'The fitted weights, saved as the draft') },
  errors: ['NOT_FOUND', 'TOO_FEW_OUTCOMES'],
});

/** The draft's config (when wanted and open) or the published one; 404 when the model has neither. */
async function configOf(db: Db, id: string, use: 'draft' | 'published' | undefined) {
  const model = foundModel(await getModel(db, id));
  const draft = model.versions.find((v) => v.status === 'draft');
  const published = model.versions.find((v) => v.status === 'published');
  const chosen = use === 'published' ? published : use === 'draft' ? draft : (draft ?? published);
  if (!chosen)
    throw new ApiError({
      code: 'NOT_FOUND',
      message: `model '${id}' has no ${use ?? 'draft or published'} version`,
    });
  return { version: chosen.version, config: chosen.config as HealthModel };
}

const refused = (r: StudioRefusal) =>
  new ApiError({
    code: 'TOO_FEW_OUTCOMES',
    message: refusalMessage(r),
    issues: [
      {
        code: r.reason,
        message: refusalMessage(r),
        renewals: r.renewals,
        renewed: r.renewed,
        minOutcomes: r.minOutcomes,
      },
    ],
  });

/** The studio's model routes, mounted under /api/models (admin: they read every account's data). */
export const studioRoutes = createRouter()
  .openapi(previewRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    foundModel(await getModel(db, id));
    const config = await checkModel(db, c.req.valid('json').config);
    return c.json(await previewModel(db, id, config, Date.now()), 200);
  })
  .openapi(backtestRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    const { leadDays, minOutcomes, use } = c.req.valid('json');
    const { version, config } = await configOf(db, id, use);
    const { rows } = await scoreRenewals(db, config, { leadDays, now: Date.now() });
    const result = backtest(rows, { tierOrder: config.tiers.map((t) => t.key), minOutcomes });
    if (!result.ok) throw refused(result);
    const labels = new Map(config.measures.map((m) => [m.key, m.label ?? m.key]));
    return c.json(
      {
        version,
        auc: result.auc,
        renewals: result.renewals,
        unscored: result.unscored,
        leadDays,
        tiers: result.tiers,
        measures: result.measures.map((m) => ({ ...m, label: labels.get(m.key) ?? m.key })),
      },
      200,
    );
  })
  .openapi(calibrateRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    const { leadDays, minOutcomes, folds, seed } = c.req.valid('json');
    const { version, config } = await configOf(db, id, undefined);
    const { rows } = await scoreRenewals(db, config, { leadDays, now: Date.now() });
    const keys = config.measures.map((m) => m.key);
    const result = calibrate(
      rows.map((r) => ({
        renewed: r.renewed,
        points: Object.fromEntries(r.measures.map((m) => [m.key, m.points])),
      })),
      {
        keys,
        currentWeights: Object.fromEntries(config.measures.map((m) => [m.key, m.weight])),
        folds,
        seed,
        minOutcomes,
      },
    );
    if (!result.ok) throw refused(result);
    const fitted = new Map(result.weights.map((w) => [w.key, w.weight]));
    const next = await checkModel(db, {
      ...config,
      measures: config.measures.map((m) => ({ ...m, weight: fitted.get(m.key) ?? 0 })),
    });
    await saveDraft(db, id, { config: next }, c.get('actor').email, Date.now());
    const draft = foundModel(await getModel(db, id)).versions.find((v) => v.status === 'draft')!;
    return c.json(
      {
        draftVersion: draft.version,
        basedOnVersion: version,
        renewals: rows.length,
        cvAuc: result.cvAuc,
        currentAuc: result.currentAuc,
        weights: config.measures.map((m) => ({
          key: m.key,
          weight: fitted.get(m.key) ?? 0,
          previous: m.weight,
        })),
        dropCandidates: result.dropCandidates,
        lackingData: result.lackingData,
      },
      200,
    );
  });

import { modelIdParam, publishedModelSchema } from '../../shared/contracts/models';
import { diffQuery, modelDiffSchema, rollbackInput } from '../../shared/contracts/studio';
import { modelDiff } from '../../shared/studio';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { foundModel } from '../models/routes';
import { getModel } from '../models/store';
import { discardDraft, draftVersion, publishConfig, versionConfig } from './versions-store';

const tags = ['Models'];

const diffRoute = defineRoute({
  method: 'get',
  path: '/{id}/diff',
  tags,
  summary: 'Compare two versions of a model',
  description:
    'Measures added and removed, each changed measure field by field (weight, window, normalisation, …), tier cut-offs, names and playbooks changed, and the model settings changed, from version `from` to version `to`. 404 when either version does not exist.',
  request: { params: modelIdParam, query: diffQuery },
  responses: { 200: jsonResponse(modelDiffSchema, 'What changed') },
  errors: ['NOT_FOUND'],
});

const rollbackRoute = defineRoute({
  method: 'post',
  path: '/{id}/rollback',
  tags,
  summary: 'Roll a model back to an earlier version',
  description:
    'Publishes the config of `version` as a new version (history is never rewritten: the version scoring used until now is retired and stays readable). 409 while the model has an open draft (publish or discard it first), 404 for an unknown version. Recorded in the audit log (`model.rollback`, with the version restored and the note).',
  request: { params: modelIdParam, body: jsonBody(rollbackInput) },
  responses: { 200: jsonResponse(publishedModelSchema, 'The new version, now published') },
  errors: ['NOT_FOUND', 'CONFLICT'],
});

const discardRoute = defineRoute({
  method: 'delete',
  path: '/{id}/draft',
  tags,
  summary: "Discard a model's draft",
  description:
    'Deletes the open draft; the published version is untouched. 404 when there is no draft. Recorded in the audit log (`model.discard_draft`).',
  request: { params: modelIdParam },
  responses: { 204: { description: 'Discarded' } },
  errors: ['NOT_FOUND'],
});

/** Version actions of the model studio, mounted under /api/models. */
export const versionRoutes = createRouter()
  .openapi(diffRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    const { from, to } = c.req.valid('query');
    const [a, b] = await Promise.all([versionConfig(db, id, from), versionConfig(db, id, to)]);
    if (!a || !b)
      throw new ApiError({ code: 'NOT_FOUND', message: `model '${id}' has no version ${a ? to : from}` });
    return c.json(modelDiff(from, a, to, b), 200);
  })
  .openapi(rollbackRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    foundModel(await getModel(db, id));
    const { version, note } = c.req.valid('json');
    const config = await versionConfig(db, id, version);
    if (!config)
      throw new ApiError({ code: 'NOT_FOUND', message: `model '${id}' has no version ${version}` });
    const draft = await draftVersion(db, id);
    if (draft !== null)
      throw new ApiError({
        code: 'CONFLICT',
        message: `model '${id}' has an open draft (version ${draft}): publish or discard it before rolling back`,
      });
    const published = await publishConfig(
      db,
      id,
      config,
      { actor: c.get('actor').email, note: note || `Rolled back to version ${version}`, restores: version },
      Date.now(),
    );
    return c.json({ id, publishedVersion: published }, 200);
  })
  .openapi(discardRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    foundModel(await getModel(db, id));
    if (!(await discardDraft(db, id, c.get('actor').email, Date.now())))
      throw new ApiError({ code: 'NOT_FOUND', message: `model '${id}' has no draft` });
    return c.body(null, 204);
  });

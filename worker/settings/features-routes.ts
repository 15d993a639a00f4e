import {
  featureIdParam,
  featureListSchema,
  featureSchema,
  updateFeatureInput,
} from '../../shared/contracts/settings';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { listFeatures, updateFeature } from './features-store';

const tags = ['Features'];

const listFeaturesRoute = defineRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'List the feature catalog',
  description:
    'Every track event, page and screen seen so far (registered on first sight), by module and then key.',
  responses: { 200: jsonResponse(featureListSchema, 'The whole catalog') },
});

const updateFeatureRoute = defineRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Edit a feature',
  description:
    'Sets its module (null clears it), core flag or display name; at least one. Recorded in the audit log (`feature.update`). The next scoring run uses the new module and core flag.',
  request: { params: featureIdParam, body: jsonBody(updateFeatureInput) },
  responses: { 200: jsonResponse(featureSchema, 'The feature as now stored') },
  errors: ['NOT_FOUND'],
});

/** The feature catalog: auto-registered from events; module and core flag are the admin's to edit. */
export const featureRoutes = createRouter()
  .openapi(listFeaturesRoute, async (c) => c.json({ items: await listFeatures(getDb(c.env.DB)) }, 200))
  .openapi(updateFeatureRoute, async (c) => {
    const feature = await updateFeature(
      getDb(c.env.DB),
      c.req.valid('param').id,
      c.req.valid('json'),
      c.get('actor').email,
      Date.now(),
    );
    if (!feature) throw new ApiError({ code: 'NOT_FOUND', message: 'no such feature' });
    return c.json(feature, 200);
  });

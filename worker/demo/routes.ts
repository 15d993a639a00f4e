import { sources } from '../../drizzle/schema';
import { demoRemovedSchema, demoStartedSchema, demoStatusSchema } from '../../shared/contracts/demo';
import { DEMO_NAME_PREFIX } from '../../shared/demo/catalog';
import { auditInsert } from '../audit/store';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonResponse } from '../common/openapi';
import { statementOf } from '../common/raw-sql';
import { forgetWriteKeys, generateWriteKey, hashWriteKey } from '../ingest/write-key';
import { demoStatus, markDemoStarted, removeDemo } from './store';

const tags = ['Demo'];

const statusRoute = defineRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Demo data status',
  description: 'Whether the demo workspace (`npm run demo`, the dashboard\'s "Load demo data") is loaded.',
  responses: { 200: jsonResponse(demoStatusSchema, 'The status') },
});

const startRoute = defineRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Start loading demo data',
  description:
    'Creates the demo source and returns its write key (once): the loader then sends the demo through the ingest API and the admin API like any client. 409 `CONFLICT` while demo data is loaded. Audited (`demo.load`).',
  responses: { 201: jsonResponse(demoStartedSchema, 'The demo source and its write key') },
  errors: ['CONFLICT'],
});

const removeRoute = defineRoute({
  method: 'delete',
  path: '/',
  tags,
  summary: 'Remove demo data',
  description:
    "Removes every demo account (external id `demo-…` and trait `demo: true`) with all its rows, the demo source, its events and its raw-event archive rows, and the `[Demo]` surveys, in one transaction that also recomputes the dashboard aggregates of every day a demo account was scored on from the snapshots left (so the dashboard shows the real portfolio at once); then the latest run's dashboard rollup, and the demo source's archive objects in R2 (`raw/source=<id>/…`, the manifest rewritten). Real accounts and their data are untouched. Audited (`demo.remove`).",
  responses: { 200: jsonResponse(demoRemovedSchema, 'Rows removed per table') },
});

/** The demo workspace's status, start and removal, mounted at `/api/demo` (admin writes, viewer reads). */
export const demoRoutes = createRouter()
  .openapi(statusRoute, async (c) => c.json(await demoStatus(getDb(c.env.DB)), 200))
  .openapi(startRoute, async (c) => {
    const db = getDb(c.env.DB);
    if ((await demoStatus(db)).loaded)
      throw new ApiError({ code: 'CONFLICT', message: 'demo data is already loaded: remove it first' });
    const actor = c.get('actor').email;
    const now = Date.now();
    const writeKey = generateWriteKey();
    const id = crypto.randomUUID();
    const name = `${DEMO_NAME_PREFIX} Demo data`;
    const keyPrefix = writeKey.slice(0, 7);
    await markDemoStarted(
      db,
      [
        statementOf(
          db,
          db
            .insert(sources)
            .values({ id, name, keyHash: await hashWriteKey(writeKey), keyPrefix, createdAt: now }),
        ),
        statementOf(
          db,
          auditInsert(
            db,
            { actor, action: 'source.create', entity: 'source', entityId: id, details: { name, keyPrefix } },
            now,
          ),
        ),
      ],
      { sourceId: id, loadedAt: now, loadedBy: actor },
    );
    return c.json({ sourceId: id, writeKey }, 201);
  })
  .openapi(removeRoute, async (c) => {
    const db = getDb(c.env.DB);
    const before = await demoStatus(db);
    const removed = await removeDemo(db, c.get('actor').email, Date.now(), c.env.ARCHIVE);
    forgetWriteKeys();
    return c.json({ accounts: before.accounts, removed }, 200);
  });

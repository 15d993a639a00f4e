import { segmentMatchesSchema } from '../../shared/contracts/studio';
import { compileSegments } from '../../shared/health';
import { utcDay } from '../../shared/time';
import { getDb } from '../common/db';
import { createRouter, defineRoute, jsonResponse } from '../common/openapi';
import { listSegments } from '../models/store';
import { accountRecords } from './matches-store';

const matchesRoute = defineRoute({
  method: 'get',
  path: '/matches',
  tags: ['Segments'],
  summary: 'How many accounts each segment matches now',
  description:
    "Every account resolved through the segment rules as they stand, today (first match wins, the default takes the rest): what the next scoring run will do, before it runs. Lifecycle stage, days to renewal and tenure come from the account's contracts when it has any, else from its group traits.",
  responses: { 200: jsonResponse(segmentMatchesSchema, 'Accounts per segment id') },
});

/** `GET /api/segments/matches`, mounted under /api/segments. */
export const segmentMatchRoutes = createRouter().openapi(matchesRoute, async (c) => {
  const db = getDb(c.env.DB);
  const list = await listSegments(db);
  const resolver = compileSegments(list);
  const today = utcDay(Date.now());
  const counts: Record<string, number> = Object.fromEntries(list.map((s) => [s.id, 0]));
  let total = 0;
  for await (const page of accountRecords(db, today)) {
    for (const account of page) {
      const id = resolver.resolve(account, today).id;
      counts[id] = (counts[id] ?? 0) + 1;
      total++;
    }
  }
  return c.json({ counts, total }, 200);
});

import { z } from 'zod';
import {
  IMPORT_KINDS,
  type ImportRowError,
  importInput,
  importResultSchema,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
} from '../../shared/contracts/revenue';
import { accountIdsOf } from '../accounts/health-store';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { parseImport, validateRows } from './csv-import';
import { accountRefs, buildRows, RECORD_KINDS } from './records';
import { getRevenueSettings } from './settings-store';
import { upsertRecords } from './upsert-store';

const importRoute = defineRoute({
  method: 'post',
  path: '/{kind}',
  tags: ['Revenue'],
  summary: 'Import contracts, tickets or leads from CSV',
  description: `A CSV (UTF-8, header row, at most ${MAX_IMPORT_BYTES.toLocaleString('en')} bytes and ${MAX_IMPORT_ROWS.toLocaleString('en')} rows) read through \`mapping\` (field → header; unmapped fields come from a header named like the field, ignoring case, spaces, \`_\` and \`-\`). Every row is checked as the JSON route checks it (\`POST /api/contracts\`, \`/api/tickets\`, \`/api/leads\`), and every problem is listed with its CSV line (the header is line 1). A dry run (the default) writes nothing and says what an import would create, update and leave unchanged. An import (\`dryRun: false\`) writes every row in one transaction, or nothing when any row has a problem (then \`committed: false\` with the errors). Rows are upserted by external id, so importing the same file twice adds nothing. Recorded in the audit log (\`<kind>.import\`).`,
  request: {
    params: z.object({ kind: z.enum(IMPORT_KINDS) }),
    body: jsonBody(importInput),
  },
  responses: { 200: jsonResponse(importResultSchema, 'The dry run or the import') },
  errors: ['REQUEST_TOO_LARGE', 'BATCH_TOO_LARGE'],
});

const RECORD_KIND = { contracts: 'contracts', tickets: 'tickets', leads: 'leads' } as const;

/** `POST /api/imports/:kind` (admin). */
export const importRoutes = createRouter().openapi(importRoute, async (c) => {
  const { kind } = c.req.valid('param');
  const { csv, mapping = {}, dryRun } = c.req.valid('json');
  const bytes = new TextEncoder().encode(csv).byteLength;
  if (bytes > MAX_IMPORT_BYTES)
    throw new ApiError({
      code: 'REQUEST_TOO_LARGE',
      message: `the CSV is ${bytes} bytes; at most ${MAX_IMPORT_BYTES} per import (split the file)`,
    });
  const parsed = parseImport(kind, csv, mapping, MAX_IMPORT_ROWS);
  const { valid, errors: schemaErrors } = validateRows(kind, parsed.rows);
  const db = getDb(c.env.DB);
  const inputs = valid.map((v) => v.input);
  const [accountIds, settings] = await Promise.all([
    accountIdsOf(db, accountRefs(inputs)),
    getRevenueSettings(db),
  ]);
  const recordKind = RECORD_KIND[kind];
  const { rows, issues } = buildRows(recordKind, inputs as never[], { accountIds, settings });
  const errors: ImportRowError[] = [
    ...parsed.errors,
    ...schemaErrors,
    ...issues.map((i) => ({ line: valid[i.index]!.line, field: i.field, message: i.message })),
  ].sort((a, b) => a.line - b.line);
  const base = { kind, rows: parsed.rows.length, headers: parsed.headers, errors };
  if (errors.length > 0)
    return c.json({ ...base, committed: false, created: 0, updated: 0, unchanged: 0 }, 200);
  const result = await upsertRecords(
    db,
    recordKind,
    rows,
    {
      actor: c.get('actor').email,
      action: `${RECORD_KINDS[recordKind].entity}.import`,
      details: { rows: rows.length },
    },
    Date.now(),
    { dryRun },
  );
  return c.json({ ...base, committed: !dryRun, ...result }, 200);
});

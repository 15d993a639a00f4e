import Papa from 'papaparse';
import type { z } from 'zod';
import {
  contractInput,
  type ImportKind,
  type ImportRowError,
  leadInput,
  ticketInput,
} from '../../shared/contracts/revenue';
import { ApiError } from '../common/errors';

type CellType = 'text' | 'int' | 'bool';

/** The columns each CSV import reads: field name → how a cell is read (every other field is text). */
export const IMPORT_FIELDS: Record<ImportKind, Record<string, CellType>> = {
  contracts: {
    accountExternalId: 'text',
    externalId: 'text',
    periodStart: 'text',
    periodEnd: 'text',
    amountMinor: 'int',
    currency: 'text',
    interval: 'text',
    renewalDueDate: 'text',
    outcome: 'text',
    outcomeReason: 'text',
    outcomeNote: 'text',
    renewedAmountMinor: 'int',
  },
  tickets: {
    accountExternalId: 'text',
    externalId: 'text',
    openedAt: 'text',
    firstResponseAt: 'text',
    resolvedAt: 'text',
    resolvedOnFirstContact: 'bool',
    channel: 'text',
  },
  leads: {
    accountExternalId: 'text',
    externalId: 'text',
    title: 'text',
    submittedOn: 'text',
    status: 'text',
    assignedOn: 'text',
    acceptedOn: 'text',
    closedOn: 'text',
    wonArrMinor: 'int',
    currency: 'text',
    crmUrl: 'text',
    submittedBy: 'text',
  },
};

/** The zod schema of one imported record of each kind (the JSON routes' own). */
export const IMPORT_SCHEMAS = { contracts: contractInput, tickets: ticketInput, leads: leadInput } as const;

const fold = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');

/** A cell as its field wants it; an unreadable one stays text so the schema names the problem. */
function readCell(raw: string, type: CellType): unknown {
  const v = raw.trim();
  if (type === 'int' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (type === 'bool') {
    const b = v.toLowerCase();
    if (['true', 'yes', 'y', '1'].includes(b)) return true;
    if (['false', 'no', 'n', '0'].includes(b)) return false;
  }
  return v;
}

/** One parsed data row: its CSV line (the header is line 1) and the record it maps to. */
export interface ParsedRow {
  line: number;
  record: Record<string, unknown>;
}

/**
 * Parses a CSV with a header row into records of `kind`, each field read from the column `mapping` names
 * (else a header equal to the field ignoring case, spaces, `_` and `-`); an empty cell leaves the field out.
 * Line numbers count physical lines, so a quoted cell spanning lines keeps later rows' numbers right.
 * Unknown fields or headers in `mapping` are a 400.
 * @example parseImport('tickets', 'externalId,accountExternalId,openedAt\nt-1,acme,2026-01-02T10:00:00Z', {})
 */
export function parseImport(
  kind: ImportKind,
  csv: string,
  mapping: Readonly<Record<string, string>>,
  maxRows: number,
): { headers: string[]; rows: ParsedRow[]; errors: ImportRowError[] } {
  const fields = IMPORT_FIELDS[kind];
  const records: { cells: string[]; offset: number }[] = [];
  let offset = 0;
  const parseErrors: { row: number; message: string }[] = [];
  Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
    step(result) {
      for (const e of result.errors) parseErrors.push({ row: records.length, message: e.message });
      records.push({ cells: result.data, offset });
      offset = result.meta.cursor;
    },
  });
  const header = records.shift();
  if (!header) throw new ApiError({ code: 'VALIDATION_FAILED', message: 'the CSV has no header row' });
  const headers = header.cells.map((h) => h.trim());
  if (records.length > maxRows)
    throw new ApiError({
      code: 'BATCH_TOO_LARGE',
      message: `the CSV has ${records.length} rows; at most ${maxRows} per import`,
    });

  const unknown = Object.keys(mapping).filter((f) => !(f in fields));
  const missing = Object.values(mapping).filter((h) => h !== '' && !headers.includes(h));
  if (unknown.length > 0 || missing.length > 0)
    throw new ApiError({
      code: 'VALIDATION_FAILED',
      message: 'the column mapping does not fit this CSV',
      issues: [
        ...unknown.map((f) => ({ path: ['mapping', f], message: `"${f}" is not a field of ${kind}` })),
        ...missing.map((h) => ({ path: ['mapping'], message: `no column "${h}" in the CSV` })),
      ],
    });
  const columnOf = new Map<string, number>();
  for (const field of Object.keys(fields)) {
    const wanted = mapping[field];
    const index =
      wanted !== undefined ? headers.indexOf(wanted) : headers.findIndex((h) => fold(h) === fold(field));
    if (index >= 0) columnOf.set(field, index);
  }

  // Physical line of each record: 1 + the newlines before where it starts.
  const newlines: number[] = [];
  for (let i = csv.indexOf('\n'); i >= 0; i = csv.indexOf('\n', i + 1)) newlines.push(i);
  const lineAt = (pos: number) => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const errors: ImportRowError[] = [];
  const rows = records.map(({ cells, offset: start }, i) => {
    // Lines the parser skipped (blank ones) sit before the record's first character.
    const firstChar = csv.slice(start).search(/[^\r\n]/);
    const line = lineAt(start + Math.max(firstChar, 0));
    for (const e of parseErrors.filter((p) => p.row === i + 1))
      errors.push({ line, field: null, message: e.message });
    const record: Record<string, unknown> = {};
    for (const [field, index] of columnOf) {
      const cell = cells[index];
      if (cell !== undefined && cell.trim() !== '') record[field] = readCell(cell, fields[field]!);
    }
    return { line, record };
  });
  return { headers, rows, errors };
}

/** Schema problems of each parsed row, with its line. */
export function validateRows<K extends ImportKind>(
  kind: K,
  rows: readonly ParsedRow[],
): { valid: { line: number; input: z.output<(typeof IMPORT_SCHEMAS)[K]> }[]; errors: ImportRowError[] } {
  const valid: { line: number; input: z.output<(typeof IMPORT_SCHEMAS)[K]> }[] = [];
  const errors: ImportRowError[] = [];
  for (const row of rows) {
    const parsed = IMPORT_SCHEMAS[kind].safeParse(row.record);
    if (parsed.success)
      valid.push({ line: row.line, input: parsed.data as z.output<(typeof IMPORT_SCHEMAS)[K]> });
    else
      for (const issue of parsed.error.issues)
        errors.push({
          line: row.line,
          field: issue.path.length > 0 ? String(issue.path[0]) : null,
          message: issue.message,
        });
  }
  return { valid, errors };
}

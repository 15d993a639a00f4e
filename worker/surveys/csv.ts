import Papa from 'papaparse';
import type { z } from 'zod';
import { MAX_LINKS_PER_REQUEST, surveyContactInput } from '../../shared/contracts/surveys';
import { ApiError } from '../common/errors';

export type ContactRow = z.infer<typeof surveyContactInput>;

// A cell starting with one of these is a formula to a spreadsheet (papaparse's own pattern misses
// multi-line cells): it gets a leading apostrophe. Same rule as the accounts export.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180 CSV (header row, CRLF, quoted where needed), formula-injection safe.
 * @example toCsv(['email', 'url'], [['ana@acme.com', 'https://…/s/…']])
 */
export function toCsv(fields: readonly string[], rows: unknown[][]): string {
  return Papa.unparse(
    { fields: [...fields], data: rows },
    { escapeFormulae: FORMULA_START, newline: '\r\n' },
  );
}

/** Header spellings accepted for each contact column (compared lower-cased without spaces, `_` or `-`). */
const HEADERS: Record<string, keyof ContactRow> = {
  email: 'email',
  emailaddress: 'email',
  accountexternalid: 'accountExternalId',
  account: 'accountExternalId',
  accountid: 'accountExternalId',
  externalid: 'accountExternalId',
  name: 'name',
  contactname: 'name',
  locale: 'locale',
  language: 'locale',
};
const MAX_ISSUES = 50;

/**
 * Parses a contacts CSV: a header row naming `email`, `accountExternalId` (or `account`), and optionally
 * `name` and `locale`; other columns are ignored, blank lines skipped. Every row is validated like a JSON
 * contact; any problem rejects the whole file (VALIDATION_FAILED with up to 50 issues, `path` =
 * `['csv', <line>, <field>]`), so a bad file writes nothing.
 * @example parseContactsCsv('email,accountExternalId\nana@acme.com,acme\n') // [{ email: 'ana@acme.com', accountExternalId: 'acme' }]
 */
export function parseContactsCsv(text: string): ContactRow[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => HEADERS[h.toLowerCase().replace(/[\s_-]/g, '')] ?? `ignored:${h}`,
  });
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes('email')) {
    throw new ApiError({
      code: 'VALIDATION_FAILED',
      message: 'the CSV needs a header row with an email column (and accountExternalId, name, locale)',
    });
  }
  if (parsed.data.length > MAX_LINKS_PER_REQUEST) {
    throw new ApiError({
      code: 'VALIDATION_FAILED',
      message: `the CSV has ${parsed.data.length} rows; at most ${MAX_LINKS_PER_REQUEST} per request`,
    });
  }
  const issues: { path: string[]; code: string; message: string }[] = [];
  const contacts: ContactRow[] = [];
  parsed.data.forEach((raw, i) => {
    const line = String(i + 2);
    const row = Object.fromEntries(
      Object.entries(raw)
        .filter(([k, v]) => !k.startsWith('ignored:') && typeof v === 'string' && v.trim() !== '')
        .map(([k, v]) => [k, (v as string).trim()]),
    );
    const result = surveyContactInput.safeParse(row);
    if (result.success) contacts.push(result.data);
    else
      for (const issue of result.error.issues)
        issues.push({
          path: ['csv', line, ...issue.path.map(String)],
          code: issue.code,
          message: issue.message,
        });
  });
  for (const e of parsed.errors.slice(0, MAX_ISSUES)) {
    if (e.code === 'UndetectableDelimiter') continue;
    issues.push({ path: ['csv', String((e.row ?? 0) + 2)], code: e.code, message: e.message });
  }
  if (issues.length > 0) {
    throw new ApiError({
      code: 'VALIDATION_FAILED',
      message: `the CSV has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was created`,
      issues: issues.slice(0, MAX_ISSUES),
    });
  }
  return contacts;
}

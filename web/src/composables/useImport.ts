import Papa from 'papaparse';
import { computed, ref, shallowRef, watch } from 'vue';
import type { ApiClient } from '../api/client';
import { type ImportKind, type ImportResult, postImport } from '../api/revenue';
import { IMPORT_FIELDS, MAX_IMPORT_BYTES, prefillMapping } from './import-fields';
import { useApi } from './useApi';
import { useSubmit } from './useSubmit';

/** A CSV read in the browser: its text (sent as is) and the header row. */
export interface ImportFile {
  /** Distinguishes two reads of the same name, so a dry run of one never unlocks importing the other. */
  id: number;
  name: string;
  sizeBytes: number;
  csv: string;
  headers: string[];
}

/** Why a chosen file cannot be imported, before anything is sent. */
export interface ImportFileProblem {
  reason: 'tooLarge' | 'unreadable' | 'noHeader';
  name: string;
  sizeBytes: number;
}

/** The header row of a CSV text (papaparse, first row only); blank headers left out. */
function headerRow(csv: string): string[] | null {
  const parsed = Papa.parse<string[]>(csv, { preview: 1, skipEmptyLines: true });
  const row = parsed.data[0];
  if (!row) return parsed.errors.length ? null : [];
  return row.filter((h) => h.trim() !== '');
}

/**
 * The CSV import flow (admin): choose a kind and a file (≤ {@link MAX_IMPORT_BYTES}, refused before sending), map
 * columns to fields (prefilled by name), dry-run, then import. `canCommit` is true only after a dry run without
 * errors of exactly this kind, file and mapping; any change, or an import, asks for a new dry run.
 * @example const flow = useImport(); await flow.selectFile(input.files[0]); await flow.dryRun.submit()
 */
export function useImport(api: ApiClient = useApi()) {
  const kind = ref<ImportKind>('contracts');
  const file = shallowRef<ImportFile | null>(null);
  const problem = shallowRef<ImportFileProblem | null>(null);
  const mapping = ref<Record<string, string>>({});
  /** The latest answer of the API, dry run or import. */
  const result = shallowRef<ImportResult | null>(null);
  /** Whether `result` answers a dry run (true) or an import. */
  const resultOfDryRun = ref(true);
  const cleanDryRun = ref<string | null>(null);
  const fields = computed(() => IMPORT_FIELDS[kind.value]);
  let reads = 0;

  /** Field → header for the mapped fields only; unmapped ones the API reads from a column named like them. */
  const mappingPayload = computed(() =>
    Object.fromEntries(
      Object.entries(mapping.value).filter(([field, header]) => header && fields.value.includes(field)),
    ),
  );
  const signature = computed(() =>
    file.value ? JSON.stringify([kind.value, file.value.id, mappingPayload.value]) : null,
  );
  const canCommit = computed(() => signature.value !== null && cleanDryRun.value === signature.value);

  watch(kind, () => {
    mapping.value = prefillMapping(file.value?.headers ?? [], fields.value);
    result.value = null;
  });

  /** Reads a chosen file; a file over the limit is refused without being read. */
  async function selectFile(chosen: File | null): Promise<void> {
    const read = ++reads;
    file.value = null;
    problem.value = null;
    result.value = null;
    cleanDryRun.value = null;
    if (!chosen) return;
    const about = { name: chosen.name, sizeBytes: chosen.size };
    if (chosen.size > MAX_IMPORT_BYTES) {
      problem.value = { reason: 'tooLarge', ...about };
      return;
    }
    let csv: string;
    try {
      csv = (await chosen.text()).replace(/^\ufeff/, '');
    } catch {
      if (read === reads) problem.value = { reason: 'unreadable', ...about };
      return;
    }
    if (read !== reads) return;
    const headers = headerRow(csv);
    if (headers === null) problem.value = { reason: 'unreadable', ...about };
    else if (headers.length === 0) problem.value = { reason: 'noHeader', ...about };
    else {
      file.value = { id: read, ...about, csv, headers };
      mapping.value = prefillMapping(headers, fields.value);
    }
  }

  async function send(dryRun: boolean): Promise<ImportResult> {
    const current = file.value;
    if (!current) throw new Error('no file chosen');
    const sent = signature.value;
    const answer = await postImport(api, kind.value, {
      csv: current.csv,
      mapping: mappingPayload.value,
      dryRun,
    });
    result.value = answer;
    resultOfDryRun.value = dryRun;
    cleanDryRun.value = dryRun && answer.errors.length === 0 ? sent : null;
    return answer;
  }

  const dryRun = useSubmit(() => send(true));
  const commit = useSubmit(async () => {
    if (!canCommit.value) throw new Error('run a clean dry run of this file and mapping first');
    await send(false);
  });

  return {
    kind,
    fields,
    file,
    problem,
    mapping,
    result,
    resultOfDryRun,
    canCommit,
    selectFile,
    dryRun,
    commit,
  };
}

// The API's validation issues (`issues` of a 400 VALIDATION_FAILED: `{ path, code, message }`, path into the
// model config) placed on the editor's fields. Pure.

/** One issue as the API sends it; anything else in the list is ignored. */
export interface ModelIssue {
  path: (string | number)[];
  code?: string;
  message: string;
}

/** Messages by field key (`measures.1.weight`, `tiers.0.minScore`, `measures`, `minCoverage`, …), and the rest. */
export interface PlacedIssues {
  fields: Record<string, string[]>;
  other: string[];
}

/** An empty placement. */
export const NO_ISSUES: PlacedIssues = Object.freeze({ fields: {}, other: [] }) as PlacedIssues;

const MEASURE_FIELDS = [
  'key',
  'label',
  'kind',
  'windowDays',
  'weight',
  'dimension',
  'params',
  'normalisation',
];
const TIER_FIELDS = ['key', 'label', 'minScore', 'color', 'guidance'];

/**
 * The issues the list holds, well-formed (a `path` array and a `message`).
 * @example toModelIssues([{ path: ['measures'], code: 'WEIGHTS_SUM', message: 'sum to 99' }, 'junk']).length // 1
 */
export function toModelIssues(list: readonly unknown[] | undefined): ModelIssue[] {
  return (list ?? []).flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { path, code, message } = item as { path?: unknown; code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : typeof code === 'string' ? code : null;
    if (text === null) return [];
    const clean = Array.isArray(path)
      ? path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')
      : [];
    return [{ path: clean, message: text, ...(typeof code === 'string' ? { code } : {}) }];
  });
}

/**
 * The field an issue belongs to: a measure's or tier's own field (`params.*` and `normalisation.*` gather at
 * `params` and `normalisation`), the measure or tier as a whole, the lists themselves, or a setting; null when the
 * editor has no place for it (it goes to the summary).
 * @example issueField(['measures', 2, 'normalisation', 'bands', 1, 'bound']) // 'measures.2.normalisation'
 */
export function issueField(path: readonly (string | number)[]): string | null {
  const [head, index, field] = path;
  if (head === 'missingData' || head === 'minCoverage') return head;
  if (head !== 'measures' && head !== 'tiers') return null;
  if (index === undefined) return head;
  if (typeof index !== 'number') return head;
  const fields = head === 'measures' ? MEASURE_FIELDS : TIER_FIELDS;
  if (typeof field === 'string' && fields.includes(field)) return `${head}.${index}.${field}`;
  return `${head}.${index}`;
}

/**
 * Places each issue on its field; issues with no field, or about a row that is not shown (`rows` counts the
 * measures and tiers on screen), go to `other`.
 * @example placeIssues([{ path: ['measures', 1, 'weight'], message: 'too big' }], { measures: 3, tiers: 4 }).fields['measures.1.weight'] // ['too big']
 */
export function placeIssues(
  issues: readonly ModelIssue[],
  rows: { measures: number; tiers: number },
): PlacedIssues {
  const fields: Record<string, string[]> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = issueField(issue.path);
    const [head, index] = issue.path;
    const shown =
      typeof index !== 'number' || (head === 'measures' ? index < rows.measures : index < rows.tiers);
    if (field && shown) {
      fields[field] ??= [];
      fields[field].push(issue.message);
    } else other.push(issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message);
  }
  return { fields, other };
}

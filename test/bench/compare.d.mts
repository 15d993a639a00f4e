/** Types of test/bench/compare.mjs, the pure half of `npm run bench:smoke`. */
export type Better = 'higher' | 'lower';
export type Figures = Record<string, number | null>;
export interface Check {
  check: string;
  pass: boolean;
}
export interface Row {
  key: string;
  better: Better;
  baseline: number | null;
  now: number | null;
  factor: number | null;
  verdict: 'ok' | 'REGRESSED' | 'MISSING' | 'new' | 'info';
}
export const MAX_FACTOR: number;
// biome-ignore lint/suspicious/noExplicitAny: results.json is whatever JSON the benches printed.
export const FIGURES: { key: string; better: Better; what: string; gate?: false; get: (r: any) => unknown }[];
export function figuresOf(results: unknown): Figures;
export function checksOf(results: unknown): Check[];
export function worseBy(better: Better, base: number, now: number): number;
export function compareFigures(baseline: Figures, now: Figures, maxFactor?: number): Row[];
export function medianFigures(runs: Figures[]): Figures;
export function report(rows: Row[], checks: Check[]): { lines: string[]; pass: boolean };

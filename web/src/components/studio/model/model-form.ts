import type { MeasureKind } from '../../../../../shared/health/kinds';
import type {
  HealthModel,
  MeasureConfig,
  Normalisation,
  TierConfig,
} from '../../../../../shared/health/model';
import { defaultLinear, defaultParams, defaultWindowDays } from './catalogue';

// The model editor's working copy: plain data the inputs mutate, sent to the API as it is (the API validates and
// says what is wrong, field by field). Pure helpers; no Vue.

/** A measure as edited (the parsed shape; inputs may briefly hold NaN, which the API reports). */
export type EditableMeasure = MeasureConfig;

/**
 * A deep, plain copy (drops Vue proxies, so it can be compared and sent).
 * @example const copy = cloneConfig(version.config)
 */
export function cloneConfig<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The sum of the measures' weights, in percent; a weight that is not a finite number counts as 0.
 * @example weightTotal([{ weight: 60 }, { weight: 40 }]) // 100
 */
export function weightTotal(measures: ReadonlyArray<{ weight: number }>): number {
  const sum = measures.reduce((s, m) => s + (Number.isFinite(m.weight) ? m.weight : 0), 0);
  return Math.round(sum * 1e6) / 1e6;
}

/** True when the weights total 100 % (to the API's tolerance). */
export function totalIsHundred(total: number): boolean {
  return Math.abs(total - 100) <= 1e-6;
}

/** A key not used by any of `keys`: `measure1`, `measure2`, … */
export function freeKey(prefix: string, keys: readonly string[]): string {
  let n = keys.length + 1;
  while (keys.includes(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/**
 * A new measure of `kind` with weight 0 (shown, not scored, until the admin gives it weight).
 * @example newMeasure('nps', ['login']).params // { minResponses: 1 }
 */
export function newMeasure(kind: MeasureKind, keys: readonly string[]): EditableMeasure {
  return {
    key: freeKey('measure', keys),
    kind,
    windowDays: defaultWindowDays(kind),
    params: defaultParams(kind, keys),
    normalisation: defaultLinear(kind),
    weight: 0,
  } as EditableMeasure;
}

/**
 * The measure with another kind: its parameters and normalisation restart from that kind's defaults (the old ones
 * mean something else), its own dimension is dropped (the kind's applies); key, label, window and weight stay.
 */
export function withKind(
  measure: EditableMeasure,
  kind: MeasureKind,
  keys: readonly string[],
): EditableMeasure {
  const { dimension: _dropped, ...rest } = measure;
  return {
    ...rest,
    kind,
    params: defaultParams(
      kind,
      keys.filter((k) => k !== measure.key),
    ),
    normalisation: defaultLinear(kind),
  } as EditableMeasure;
}

type Direction = 'higher' | 'lower';
type Scale = Extract<Normalisation, { kind: 'linear' | 'bands' }>;

function bandsFor(direction: Direction, min: number, max: number): Scale {
  const mid = (min + max) / 2;
  const bounds = direction === 'higher' ? [max, mid, min] : [min, mid, max];
  return {
    kind: 'bands',
    direction,
    bands: bounds.map((bound, i) => ({ bound, points: [100, 60, 20][i] ?? 0 })),
    otherwisePoints: 0,
  };
}

/**
 * A normalisation of another `kind`, keeping what carries over (direction, the linear bounds as band edges).
 * @example switchNormalisation({ kind: 'linear', min: 0, max: 1, direction: 'higher' }, 'bands').bands.length // 3
 */
export function switchNormalisation(current: Normalisation, kind: Normalisation['kind']): Normalisation {
  if (current.kind === kind) return current;
  const scale: Scale = current.kind === 'benchmark' ? current.scale : current;
  if (kind === 'benchmark') {
    return { kind: 'benchmark', of: 'segment', minAccounts: 1, scale: defaultRatioScale(scale.direction) };
  }
  const [min, max] = scale.kind === 'linear' ? [scale.min, scale.max] : boundsOfBands(scale);
  if (kind === 'linear') return { kind: 'linear', min, max, direction: scale.direction };
  return bandsFor(scale.direction, min, max);
}

/** A scale of the same kind as `current` (linear or bands) for a benchmark. */
export function switchScale(current: Scale, kind: Scale['kind']): Scale {
  return switchNormalisation(current, kind) as Scale;
}

function defaultRatioScale(direction: Direction): Scale {
  return { kind: 'linear', min: 0.5, max: 1.2, direction };
}

function boundsOfBands(scale: Extract<Normalisation, { kind: 'bands' }>): [number, number] {
  const bounds = scale.bands.map((b) => b.bound).filter(Number.isFinite);
  if (bounds.length < 2) return [0, 1];
  return [Math.min(...bounds), Math.max(...bounds)];
}

/**
 * A new tier below the others (the lowest tier keeps 0, the new one sits halfway down to it).
 * @example newTier([{ key: 'good', minScore: 50 }, { key: 'bad', minScore: 0 }]).minScore // 25
 */
export function newTier(tiers: readonly TierConfig[]): { index: number; tier: TierConfig } {
  const above = tiers[tiers.length - 2]?.minScore ?? 100;
  return {
    index: Math.max(tiers.length - 1, 0),
    tier: {
      key: freeKey(
        'tier',
        tiers.map((t) => t.key),
      ),
      minScore: Math.floor(above / 2),
      color: '#64748b',
    },
  };
}

/** The config as the API takes it (a plain copy; optional text left empty is dropped, as the schema wants). */
export function configForApi(model: HealthModel): HealthModel {
  const copy = cloneConfig(model);
  for (const m of copy.measures) {
    if (m.label !== undefined && m.label.trim() === '') delete m.label;
    if (m.dimension === '') delete m.dimension;
  }
  for (const t of copy.tiers) {
    if (t.label !== undefined && t.label.trim() === '') delete t.label;
    if (t.guidance === '') delete t.guidance;
  }
  return copy;
}

/**
 * A number typed in an input: NaN when empty or not a number (the API then says what is wrong with it).
 * @example readNumber(' 12.5 ') // 12.5
 */
export function readNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** The value an `<input>` event carries. */
export function inputValue(event: Event): string {
  return (event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
}

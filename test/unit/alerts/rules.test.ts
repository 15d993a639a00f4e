import { describe, expect, it } from 'vitest';
import {
  ALERT_RULE_KIND_KEYS,
  ALERT_RULE_KINDS,
  alertRuleSchema,
  alertRulesSchema,
  DEFAULT_ALERT_RULES,
} from '../../../shared/alerts';
import { DEFAULT_MODEL, DEFAULT_TIERS } from '../../../shared/health';

const base = { id: 'r1', name: 'Rule', severity: 'warning', playbook: 'Call the sponsor.' } as const;

function messages(value: unknown): string[] {
  const r = alertRuleSchema.safeParse(value);
  expect(r.success).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('DEFAULT_ALERT_RULES', () => {
  it('has exactly one enabled rule of each kind, in catalog order', () => {
    expect(DEFAULT_ALERT_RULES.map((r) => r.kind)).toEqual(ALERT_RULE_KIND_KEYS);
    expect(DEFAULT_ALERT_RULES.every((r) => r.enabled)).toBe(true);
  });

  it('is already in parsed form (parsing changes nothing) with unique ids', () => {
    expect(alertRulesSchema.parse(DEFAULT_ALERT_RULES)).toEqual(DEFAULT_ALERT_RULES);
  });

  it('gives every rule a multi-step playbook', () => {
    for (const r of DEFAULT_ALERT_RULES)
      expect(r.playbook.split('\n').length, r.id).toBeGreaterThanOrEqual(3);
  });

  it('names only measures of the default model and tiers of the default tiers', () => {
    const measureKeys = DEFAULT_MODEL.measures.map((m) => m.key);
    const tierKeys = DEFAULT_TIERS.map((t) => t.key);
    for (const r of DEFAULT_ALERT_RULES) {
      if (
        r.kind === 'measure_below' ||
        r.kind === 'below_segment_average' ||
        r.kind === 'above_average' ||
        r.kind === 'below_own_average'
      )
        expect(measureKeys).toContain(r.params.measureKey);
      if (r.kind === 'renewal_due') for (const t of r.params.tiers) expect(tierKeys).toContain(t);
      if (r.kind === 'tier_drop') for (const t of r.params.toTiers ?? []) expect(tierKeys).toContain(t);
    }
  });

  it('describes every kind for the rule editor', () => {
    expect(Object.keys(ALERT_RULE_KINDS)).toEqual(ALERT_RULE_KIND_KEYS);
  });
});

describe('alertRuleSchema defaults', () => {
  it('fills renewal_due with 90 days and yellow/red, and enables the rule', () => {
    const r = alertRuleSchema.parse({ ...base, kind: 'renewal_due' });
    expect(r).toMatchObject({ enabled: true, params: { withinDays: 90, tiers: ['yellow', 'red'] } });
  });

  it('fills stale_data with 14 days, key_contact_deactivated with 30 and tier_drop with any tier', () => {
    expect(alertRuleSchema.parse({ ...base, kind: 'stale_data' }).params).toEqual({ days: 14 });
    expect(alertRuleSchema.parse({ ...base, kind: 'key_contact_deactivated', params: {} }).params).toEqual({
      withinDays: 30,
    });
    expect(alertRuleSchema.parse({ ...base, kind: 'tier_drop' }).params).toEqual({});
  });

  it('defaults below_segment_average to ratio 1 and measure_below to points', () => {
    expect(
      alertRuleSchema.parse({
        ...base,
        kind: 'below_segment_average',
        params: { measureKey: 'loginRate', periods: 3 },
      }).params,
    ).toEqual({ measureKey: 'loginRate', periods: 3, ratio: 1, periodLength: 'day', compareWith: 'segment' });
    expect(
      alertRuleSchema.parse({
        ...base,
        kind: 'measure_below',
        params: { measureKey: 'loginRate', threshold: 40 },
      }).params,
    ).toEqual({ measureKey: 'loginRate', threshold: 40, on: 'points' });
  });

  it('keeps enabled: false', () => {
    expect(alertRuleSchema.parse({ ...base, kind: 'stale_data', enabled: false }).enabled).toBe(false);
  });
});

describe('alertRuleSchema validation', () => {
  it('rejects a score drop of 0 or fewer points', () => {
    expect(messages({ ...base, kind: 'score_drop', params: { points: 0, days: 14 } })).toEqual([
      'params.points: points must be above 0',
    ]);
    expect(messages({ ...base, kind: 'score_drop', params: { points: -5, days: 14 } })).toHaveLength(1);
  });

  it('rejects score-drop windows outside 1..365 whole days', () => {
    for (const days of [0, 366, 1.5]) {
      expect(messages({ ...base, kind: 'score_drop', params: { points: 10, days } })[0]).toMatch(
        /^params\.days/,
      );
    }
    expect(
      alertRuleSchema.safeParse({ ...base, kind: 'score_drop', params: { points: 10, days: 365 } }).success,
    ).toBe(true);
  });

  it('requires score_drop params', () => {
    expect(messages({ ...base, kind: 'score_drop' })[0]).toMatch(/^params/);
  });

  it('rejects 0 or more than 52 consecutive periods', () => {
    for (const periods of [0, 53]) {
      expect(
        messages({ ...base, kind: 'below_segment_average', params: { measureKey: 'loginRate', periods } })[0],
      ).toMatch(/^params\.periods/);
    }
  });

  it('rejects a non-positive ratio', () => {
    expect(
      messages({
        ...base,
        kind: 'below_segment_average',
        params: { measureKey: 'x', periods: 2, ratio: 0 },
      })[0],
    ).toMatch(/^params\.ratio/);
  });

  it('rejects an empty or blank playbook', () => {
    expect(messages({ ...base, kind: 'stale_data', playbook: '' })).toEqual([
      'playbook: playbook must not be empty',
    ]);
    expect(messages({ ...base, kind: 'stale_data', playbook: '   \n ' })).toEqual([
      'playbook: playbook must not be empty',
    ]);
    expect(messages({ ...base, kind: 'stale_data', playbook: undefined })[0]).toMatch(/^playbook/);
  });

  it('rejects an unknown kind, naming the known ones', () => {
    const [m] = messages({ ...base, kind: 'nps_fanatic' });
    expect(m).toContain('unknown alert rule kind "nps_fanatic"');
    expect(m).toContain('tier_drop');
    expect(m).toContain('stale_data');
  });

  it('rejects ids that are not slugs', () => {
    for (const id of ['Big Drop', 'drop_', '-drop', 'a--b', '']) {
      expect(messages({ ...base, id, kind: 'stale_data' })[0], id).toMatch(/^id/);
    }
  });

  it('rejects an unknown severity and unknown params', () => {
    expect(messages({ ...base, kind: 'stale_data', severity: 'urgent' })[0]).toMatch(/^severity/);
    expect(messages({ ...base, kind: 'stale_data', params: { days: 14, hours: 3 } })[0]).toMatch(/^params/);
  });

  it('rejects an empty toTiers list rather than silently meaning "never"', () => {
    expect(messages({ ...base, kind: 'tier_drop', params: { toTiers: [] } })[0]).toMatch(/^params\.toTiers/);
  });

  it('bounds a points threshold to 0..100 but lets a raw threshold be any number', () => {
    expect(
      messages({
        ...base,
        kind: 'measure_below',
        params: { measureKey: 'x', threshold: 120, on: 'points' },
      })[0],
    ).toMatch(/^params\.threshold: a points threshold/);
    expect(
      alertRuleSchema.safeParse({
        ...base,
        kind: 'measure_below',
        params: { measureKey: 'x', threshold: 120, on: 'raw' },
      }).success,
    ).toBe(true);
  });

  it('rejects duplicate rule ids in a list', () => {
    const r = alertRulesSchema.safeParse([
      { ...base, kind: 'stale_data' },
      { ...base, kind: 'renewal_due' },
    ]);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path, i.message])).toEqual([[[1, 'id'], "duplicate rule id 'r1'"]]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  applyOverride,
  DEFAULT_TIERS,
  type HealthOverride,
  healthOverrideSchema,
  tierFor,
  tierTransition,
} from '../../../shared/health';
import { NOW } from './fixtures';

describe('tierFor with the default cut-offs (lower bounds inclusive)', () => {
  it.each([
    [100, 'green'],
    [80, 'green'],
    [79.9, 'green-yellow'],
    [60, 'green-yellow'],
    [59.99, 'yellow'],
    [40, 'yellow'],
    [39.99, 'red'],
    [0, 'red'],
  ])('%d → %s', (score, tier) => {
    expect(tierFor(score, DEFAULT_TIERS)).toBe(tier);
  });

  it('uses configured cut-offs', () => {
    const tiers = [
      { key: 'healthy', minScore: 70 },
      { key: 'at-risk', minScore: 0 },
    ];
    expect(tierFor(70, tiers)).toBe('healthy');
    expect(tierFor(69.9, tiers)).toBe('at-risk');
  });
});

describe('tierTransition', () => {
  const G = 'green';
  const GY = 'green-yellow';
  const Y = 'yellow';
  const R = 'red';
  it.each([
    [G, G, 'none'],
    [G, GY, 'decline'],
    [G, Y, 'decline'],
    [G, R, 'decline'],
    [GY, G, 'improve'],
    [GY, GY, 'none'],
    [GY, Y, 'decline'],
    [GY, R, 'decline'],
    [Y, G, 'win'],
    [Y, GY, 'improve'],
    [Y, Y, 'none'],
    [Y, R, 'decline'],
    [R, G, 'improve'],
    [R, GY, 'save'],
    [R, Y, 'save'],
    [R, R, 'none'],
  ])('%s → %s is %s', (from, to, kind) => {
    expect(tierTransition(from, to, DEFAULT_TIERS)).toBe(kind);
  });

  it('has no wins or saves with fewer than three tiers, and names them by position with more', () => {
    const two = [
      { key: 'ok', minScore: 50 },
      { key: 'bad', minScore: 0 },
    ];
    expect(tierTransition('bad', 'ok', two)).toBe('improve');
    const five = [
      { key: 'a', minScore: 80 },
      { key: 'b', minScore: 60 },
      { key: 'c', minScore: 40 },
      { key: 'd', minScore: 20 },
      { key: 'e', minScore: 0 },
    ];
    expect(tierTransition('d', 'a', five)).toBe('win');
    expect(tierTransition('c', 'a', five)).toBe('improve');
    expect(tierTransition('e', 'b', five)).toBe('save');
    expect(tierTransition('e', 'a', five)).toBe('improve');
  });

  it('is none when either side is unknown (first snapshot, insufficient data, removed tier)', () => {
    expect(tierTransition(null, 'green', DEFAULT_TIERS)).toBe('none');
    expect(tierTransition('red', null, DEFAULT_TIERS)).toBe('none');
    expect(tierTransition('purple', 'green', DEFAULT_TIERS)).toBe('none');
  });
});

describe('overrides', () => {
  const computed = { score: 72, tier: 'green-yellow' };
  const override: HealthOverride = {
    tier: 'red',
    reason: 'Champion left; budget frozen',
    expiresAt: NOW + 1000,
  };

  it('replaces the tier while active and keeps the computed score and tier beside it', () => {
    expect(applyOverride(computed, override, NOW)).toEqual({
      score: 72,
      tier: 'red',
      computedScore: 72,
      computedTier: 'green-yellow',
      override,
    });
  });

  it('also replaces the score when the override gives one', () => {
    expect(applyOverride(computed, { ...override, score: 25 }, NOW)).toMatchObject({
      score: 25,
      computedScore: 72,
    });
  });

  it('stops applying at expiresAt', () => {
    expect(applyOverride(computed, override, NOW + 1000)).toEqual({
      score: 72,
      tier: 'green-yellow',
      computedScore: 72,
      computedTier: 'green-yellow',
      override: null,
    });
    expect(applyOverride(computed, override, NOW + 999).tier).toBe('red');
  });

  it('is a no-op without an override', () => {
    expect(applyOverride(computed, null, NOW)).toMatchObject({
      score: 72,
      tier: 'green-yellow',
      override: null,
    });
  });

  it('requires a reason and an expiry', () => {
    expect(healthOverrideSchema.safeParse({ tier: 'red', reason: ' ', expiresAt: NOW }).success).toBe(false);
    expect(healthOverrideSchema.safeParse({ tier: 'red', reason: 'Escalation' }).success).toBe(false);
    expect(
      healthOverrideSchema.safeParse({ tier: 'red', reason: 'Escalation', expiresAt: NOW }).success,
    ).toBe(true);
  });
});

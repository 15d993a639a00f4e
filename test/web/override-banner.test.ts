import { describe, expect, it } from 'vitest';
import type { AccountInsight } from '../../shared/contracts/accounts';
import { overrideBanner } from '../../web/src/components/account/override-banner';

type Snapshot = NonNullable<AccountInsight['snapshot']>;
const snapshot = (tier: string, overridden: boolean) =>
  ({ tier, overridden, computedTier: 'yellow', computedScore: 47 }) as Snapshot;
const override = {
  tier: 'red',
  score: null,
  reason: 'Champion left',
  createdBy: 'ana@example.com',
  createdAt: '2026-11-25T10:00:00Z',
  expiresAt: '2026-12-25T10:00:00Z',
};

describe('overrideBanner', () => {
  it('is active only when the snapshot the badge shows carries the override in force', () => {
    expect(overrideBanner({ snapshot: snapshot('red', true), override }).kind).toBe('active');
  });

  it('is pending when an override is in force but the score shown was computed without it', () => {
    expect(overrideBanner({ snapshot: snapshot('yellow', false), override }).kind).toBe('pending');
    // Another override's tier is shown: this one is not in the score yet.
    expect(overrideBanner({ snapshot: snapshot('green', true), override }).kind).toBe('pending');
    expect(overrideBanner({ snapshot: null, override }).kind).toBe('pending');
  });

  it('says an override shown by the snapshot has ended, and is none without any', () => {
    expect(overrideBanner({ snapshot: snapshot('red', true), override: null }).kind).toBe('ended');
    expect(overrideBanner({ snapshot: snapshot('yellow', false), override: null }).kind).toBe('none');
    expect(overrideBanner(undefined).kind).toBe('none');
  });
});

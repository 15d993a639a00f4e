import { describe, expect, it } from 'vitest';
import {
  addMonths,
  compileSegments,
  DEFAULT_SEGMENT,
  lifecycleStage,
  resolveSegment,
  type SegmentInput,
  validateSegments,
} from '../../../shared/health';
import { account } from './fixtures';

const CONTRACT = { contractStartDate: '2026-01-15', renewalDate: '2027-01-15' };

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
  ])('%s + %i months = %s', (d, n, expected) => {
    expect(addMonths(d, n)).toBe(expected);
  });
});

describe('lifecycleStage', () => {
  it.each([
    ['2026-01-10', 'onboarding'], // signed, not started yet
    ['2026-01-15', 'onboarding'], // day 0
    ['2026-02-14', 'onboarding'], // last day of month 0–1
    ['2026-02-15', 'growth'], // exactly one month
    ['2026-04-14', 'growth'], // last day of months 1–3
    ['2026-04-15', 'maturity'], // exactly three months
    ['2026-10-16', 'maturity'], // 91 days before renewal
    ['2026-10-17', 'renewal'], // 90 days before renewal
    ['2027-01-15', 'renewal'], // renewal day
    ['2027-02-01', 'renewal'], // past renewal, neither renewed nor churned
  ])('on %s is %s', (asOfDay, stage) => {
    expect(lifecycleStage(CONTRACT, asOfDay)).toBe(stage);
  });

  it('is churned by status or once churnedAt has passed, whatever the dates', () => {
    expect(lifecycleStage({ ...CONTRACT, status: 'churned' }, '2026-02-01')).toBe('churned');
    const churnedAt = Date.UTC(2026, 5, 1, 15);
    expect(lifecycleStage({ ...CONTRACT, churnedAt }, '2026-05-31')).toBe('maturity');
    expect(lifecycleStage({ ...CONTRACT, churnedAt }, '2026-06-01')).toBe('churned');
  });

  it('lets a renewal window take precedence over onboarding for short contracts', () => {
    expect(lifecycleStage({ contractStartDate: '2026-04-01', renewalDate: '2026-07-01' }, '2026-04-10')).toBe(
      'renewal',
    );
  });

  it('is unknown without a start date outside the renewal window', () => {
    expect(lifecycleStage({ contractStartDate: null, renewalDate: null }, '2026-04-30')).toBeNull();
    expect(lifecycleStage({ contractStartDate: null, renewalDate: '2026-05-30' }, '2026-04-30')).toBe(
      'renewal',
    );
  });
});

describe('segment rules', () => {
  const segments: SegmentInput[] = [
    DEFAULT_SEGMENT,
    {
      id: 'smb',
      name: 'SMB',
      order: 30,
      conditions: [{ field: 'employees', op: 'lt', value: 200 }],
      modelId: 'm-smb',
    },
    {
      id: 'enterprise',
      name: 'Enterprise',
      order: 10,
      conditions: [
        { field: 'plan', op: 'eq', value: 'Enterprise' },
        { field: 'arrCents', op: 'gte', value: 10_000_000 },
      ],
      modelId: 'm-ent',
    },
    {
      id: 'onboarding',
      name: 'New customers',
      order: 5,
      conditions: [{ field: 'lifecycleStage', op: 'in', value: ['onboarding', 'growth'] }],
      modelId: 'm-new',
    },
    {
      id: 'emea-retail',
      name: 'EMEA retail',
      order: 20,
      match: 'any',
      conditions: [
        { field: 'traits.region', op: 'eq', value: 'emea' },
        { field: 'industry', op: 'contains', value: 'retail' },
      ],
      modelId: 'm-emea',
    },
  ];
  const resolver = compileSegments(segments);
  const on = '2026-04-30';
  const mature = { contractStartDate: '2025-06-01', renewalDate: '2027-06-01' };

  it('tries segments by ascending order; the first match wins', () => {
    // Enterprise (10) and SMB (30) both match; enterprise comes first.
    const a = account({
      ...mature,
      plan: 'enterprise',
      arrCents: 12_000_000,
      employees: 150,
      industry: null,
    });
    expect(resolver.resolve(a, on).id).toBe('enterprise');
  });

  it('evaluates lifecycle stage on asOfDay', () => {
    const a = account({
      contractStartDate: '2026-04-01',
      renewalDate: '2027-04-01',
      plan: 'enterprise',
      arrCents: 20_000_000,
    });
    expect(resolver.resolve(a, on).id).toBe('onboarding');
    expect(resolver.resolve(a, '2026-08-01').id).toBe('enterprise');
  });

  it("matches any condition with match: 'any', reading traits", () => {
    const a = account({ ...mature, employees: 5000, industry: 'Software', traits: { region: 'EMEA' } });
    expect(resolver.resolve(a, on).id).toBe('emea-retail');
    expect(resolver.resolve({ ...a, traits: {}, industry: 'Online Retail' }, on).id).toBe('emea-retail');
  });

  it('falls back to the default segment', () => {
    const a = account({ ...mature, employees: 5000, industry: 'software', plan: 'pro' });
    expect(resolver.resolve(a, on).id).toBe('default');
    expect(resolveSegment(a, [DEFAULT_SEGMENT], on).modelId).toBe('default');
  });

  describe('operators', () => {
    const a = account({
      ...mature,
      plan: 'Pro',
      employees: 120,
      seats: null,
      traits: { tier: '2', tags: ['beta', 'VIP'], billing: { country: 'DE' }, 'sales.owner': 'kim' },
    });
    const test = (field: string, op: string, value?: unknown) =>
      compileSegments([DEFAULT_SEGMENT]).matches(
        {
          id: 's',
          name: 's',
          order: 1,
          match: 'all',
          isDefault: false,
          modelId: 'm',
          conditions: [{ field, op, value } as never],
        },
        a,
        on,
      );

    it.each([
      ['plan', 'eq', 'pro', true],
      ['plan', 'neq', 'pro', false],
      ['plan', 'in', ['basic', 'PRO'], true],
      ['plan', 'nin', ['basic', 'pro'], false],
      ['employees', 'gt', 120, false],
      ['employees', 'gte', 120, true],
      ['employees', 'lt', 121, true],
      ['employees', 'lte', 119, false],
      ['traits.tier', 'eq', 2, true],
      ['traits.tier', 'gte', 2, true],
      ['traits.tags', 'contains', 'vip', true],
      ['name', 'contains', 'CM', true],
      ['traits.billing.country', 'eq', 'de', true],
      ['traits.sales.owner', 'eq', 'Kim', true],
      ['renewalDate', 'lt', '2027-12-31', true],
      ['daysToRenewal', 'gt', 365, true],
      ['tenureDays', 'gte', 333, true],
      ['seats', 'exists', undefined, false],
      ['seats', 'exists', false, true],
      ['plan', 'exists', true, true],
      // A missing field fails everything but neq, nin and exists: false.
      ['traits.missing', 'eq', 'x', false],
      ['traits.missing', 'neq', 'x', true],
      ['traits.missing', 'nin', ['x'], true],
      ['traits.missing', 'gt', 0, false],
      ['seats', 'eq', null, true],
    ])('%s %s %j → %s', (field, op, value, expected) => {
      expect(test(field, op, value)).toBe(expected);
    });
  });

  describe('validation', () => {
    it('requires exactly one default segment', () => {
      const r = validateSegments([{ id: 'a', name: 'A', order: 1, modelId: 'm' }]);
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.issues[0]).toMatchObject({
          code: 'DEFAULT_SEGMENT',
          message: expect.stringContaining('found 0'),
        });
    });

    it('rejects duplicate ids and orders, unknown fields and mismatched values', () => {
      const r = validateSegments([
        DEFAULT_SEGMENT,
        {
          id: 'a',
          name: 'A',
          order: 1,
          modelId: 'm',
          conditions: [{ field: 'colour', op: 'eq', value: 'red' }],
        },
        {
          id: 'a',
          name: 'B',
          order: 1,
          modelId: 'm',
          conditions: [{ field: 'plan', op: 'in', value: 'pro' }],
        },
        {
          id: 'c',
          name: 'C',
          order: 2,
          modelId: 'm',
          conditions: [{ field: 'lifecycleStage', op: 'eq', value: 'teen' }],
        },
      ]);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.issues.map((i) => i.code).sort()).toEqual(
          [
            'DUPLICATE_KEY',
            'DUPLICATE_ORDER',
            'INVALID_CONDITION',
            'INVALID_CONDITION',
            'UNKNOWN_FIELD',
          ].sort(),
        );
      }
    });

    it('accepts the default segment alone', () => {
      expect(validateSegments([DEFAULT_SEGMENT]).ok).toBe(true);
    });
  });
});

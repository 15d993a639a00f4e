import { describe, expect, it } from 'vitest';
import { mapAccountTraits, mapUserTraits } from '../../../shared/ingest/traits';

describe('mapAccountTraits', () => {
  it('returns an empty object for empty traits', () => {
    expect(mapAccountTraits({})).toEqual({});
  });

  it('ignores traits it does not map', () => {
    expect(mapAccountTraits({ favouriteColour: 'teal', website: 'acme.io' })).toEqual({});
  });

  it('maps the documented example', () => {
    expect(mapAccountTraits({ name: 'Acme', mrr: 1000, seats: '25' })).toEqual({
      name: 'Acme',
      seats: 25,
      mrrCents: 100000,
      arrCents: 1200000,
    });
  });

  describe('name', () => {
    it.each(['name', 'companyName', 'company_name'])('is read from %s', (key) => {
      expect(mapAccountTraits({ [key]: 'Acme Inc' })).toEqual({ name: 'Acme Inc' });
    });

    it('prefers name over companyName', () => {
      expect(mapAccountTraits({ companyName: 'Acme Holdings', name: 'Acme' })).toEqual({ name: 'Acme' });
    });

    it('falls through null and empty-string aliases to the next one', () => {
      expect(mapAccountTraits({ name: null, companyName: '', company_name: 'Acme' })).toEqual({
        name: 'Acme',
      });
    });

    it('is trimmed and cut to 200 characters', () => {
      expect(mapAccountTraits({ name: '  Acme  ' })).toEqual({ name: 'Acme' });
      expect(mapAccountTraits({ name: 'x'.repeat(250) })).toEqual({ name: 'x'.repeat(200) });
    });

    it('stringifies a numeric name', () => {
      expect(mapAccountTraits({ name: 1234 })).toEqual({ name: '1234' });
    });

    it('is omitted when it is not text', () => {
      expect(mapAccountTraits({ name: { first: 'Acme' } })).toEqual({});
      expect(mapAccountTraits({ name: true })).toEqual({});
    });
  });

  describe('plan and industry', () => {
    it.each(['plan', 'planName', 'plan_name', 'tier'])('plan is read from %s', (key) => {
      expect(mapAccountTraits({ [key]: 'Enterprise' })).toEqual({ plan: 'Enterprise' });
    });

    it('prefers plan over tier', () => {
      expect(mapAccountTraits({ tier: 'gold', plan: 'Pro' })).toEqual({ plan: 'Pro' });
    });

    it('industry is read from industry', () => {
      expect(mapAccountTraits({ industry: ' Fintech ' })).toEqual({ industry: 'Fintech' });
    });
  });

  describe('employees', () => {
    it.each(['employees', 'employeeCount', 'employee_count', 'size', 'companySize', 'company_size'])(
      'is read from %s',
      (key) => {
        expect(mapAccountTraits({ [key]: 250 })).toEqual({ employees: 250 });
      },
    );

    it.each([
      ['1,200', 1200],
      ['1 200', 1200],
      ['1_200', 1200],
      ['42', 42],
    ])('parses the numeric string %j', (value, expected) => {
      expect(mapAccountTraits({ employees: value })).toEqual({ employees: expected });
    });

    it('rounds a fractional count', () => {
      expect(mapAccountTraits({ employees: 12.6 })).toEqual({ employees: 13 });
    });

    it('keeps zero', () => {
      expect(mapAccountTraits({ employees: 0 })).toEqual({ employees: 0 });
    });

    it.each([
      ['a range', '50-200'],
      ['a word', 'many'],
      ['a negative number', -5],
      ['a boolean', true],
      ['an object', { min: 1 }],
    ])('is omitted for %s', (_label, value) => {
      expect(mapAccountTraits({ employees: value })).toEqual({});
    });
  });

  describe('seats', () => {
    it.each(['seats', 'purchasedSeats', 'purchased_seats', 'licenses', 'seatCount', 'seat_count'])(
      'is read from %s',
      (key) => {
        expect(mapAccountTraits({ [key]: '25' })).toEqual({ seats: 25 });
      },
    );

    it('is omitted when negative', () => {
      expect(mapAccountTraits({ seats: -3 })).toEqual({});
      expect(mapAccountTraits({ seats: '-3' })).toEqual({});
    });

    it('is omitted when not numeric', () => {
      expect(mapAccountTraits({ seats: 'unlimited' })).toEqual({});
    });
  });

  describe('revenue', () => {
    it.each(['arr', 'ARR', 'annualRecurringRevenue', 'annual_recurring_revenue'])(
      'ARR is read from %s in major units and stored as cents, with MRR derived',
      (key) => {
        expect(mapAccountTraits({ [key]: 12000 })).toEqual({ arrCents: 1200000, mrrCents: 100000 });
      },
    );

    it.each(['mrr', 'MRR', 'monthlyRecurringRevenue', 'monthly_recurring_revenue'])(
      'MRR is read from %s and ARR derived as MRR × 12',
      (key) => {
        expect(mapAccountTraits({ [key]: 500 })).toEqual({ mrrCents: 50000, arrCents: 600000 });
      },
    );

    it('rounds major units to whole cents', () => {
      expect(mapAccountTraits({ arr: 12000.5, mrr: 19.99 })).toEqual({ arrCents: 1200050, mrrCents: 1999 });
      expect(mapAccountTraits({ arr: 0.005, mrr: 0.004 })).toEqual({ arrCents: 1, mrrCents: 0 });
    });

    it('rounds the derived MRR to the nearest cent', () => {
      expect(mapAccountTraits({ arr: 1000 })).toEqual({ arrCents: 100000, mrrCents: 8333 });
      expect(mapAccountTraits({ arr: 11 })).toEqual({ arrCents: 1100, mrrCents: 92 });
    });

    it('keeps both ARR and MRR as sent when both are present, without deriving either', () => {
      expect(mapAccountTraits({ arr: 10000, mrr: 900 })).toEqual({ arrCents: 1000000, mrrCents: 90000 });
    });

    it('parses money strings with thousands separators and currency symbols', () => {
      expect(mapAccountTraits({ arr: '$12,000' })).toEqual({ arrCents: 1200000, mrrCents: 100000 });
      expect(mapAccountTraits({ mrr: '€1 000.50' })).toEqual({ mrrCents: 100050, arrCents: 1200600 });
    });

    it('keeps zero revenue', () => {
      expect(mapAccountTraits({ arr: 0 })).toEqual({ arrCents: 0, mrrCents: 0 });
    });

    it.each([
      ['non-numeric', 'lots'],
      ['negative', -100],
      ['an object', { amount: 100 }],
    ])('omits ARR (and does not derive MRR) when it is %s', (_label, arr) => {
      expect(mapAccountTraits({ arr })).toEqual({});
    });

    it('derives ARR from MRR when the ARR trait is unparsable', () => {
      expect(mapAccountTraits({ arr: 'n/a', mrr: 100 })).toEqual({ mrrCents: 10000, arrCents: 120000 });
    });
  });

  describe('currency', () => {
    it('is uppercased', () => {
      expect(mapAccountTraits({ currency: 'usd' })).toEqual({ currency: 'USD' });
    });

    it('is trimmed before checking', () => {
      expect(mapAccountTraits({ currency: ' eur ' })).toEqual({ currency: 'EUR' });
    });

    it.each([
      ['two letters', 'US'],
      ['four letters', 'USDT'],
      ['a symbol', '$'],
      ['a name', 'US Dollar'],
      ['digits', '840'],
      ['a number', 840],
    ])('is omitted when it is %s', (_label, currency) => {
      expect(mapAccountTraits({ currency })).toEqual({});
    });
  });

  describe('contract dates', () => {
    it.each(['contractStart', 'contract_start', 'contractStartDate', 'contract_start_date', 'startDate'])(
      'contract start is read from %s',
      (key) => {
        expect(mapAccountTraits({ [key]: '2026-01-15' })).toEqual({ contractStartDate: '2026-01-15' });
      },
    );

    it.each([
      'renewalDate',
      'renewal_date',
      'contractEnd',
      'contract_end',
      'contractEndDate',
      'contract_end_date',
    ])('renewal is read from %s', (key) => {
      expect(mapAccountTraits({ [key]: '2027-01-14' })).toEqual({ renewalDate: '2027-01-14' });
    });

    it('normalizes a date-time to its UTC day', () => {
      expect(
        mapAccountTraits({ contractStart: '2026-01-15T23:30:00-05:00', renewalDate: '2027-01-14T08:00:00Z' }),
      ).toEqual({ contractStartDate: '2026-01-16', renewalDate: '2027-01-14' });
    });

    it('normalizes epoch milliseconds', () => {
      expect(mapAccountTraits({ renewalDate: Date.UTC(2027, 5, 30, 15) })).toEqual({
        renewalDate: '2027-06-30',
      });
    });

    it('omits an unparsable date', () => {
      expect(mapAccountTraits({ contractStart: 'next spring', renewalDate: 'TBD' })).toEqual({});
    });

    // toDay accepts any finite number, but `new Date(1e20).toISOString()` throws a RangeError, so one
    // garbage numeric date trait makes the whole mapping (and the group call's processing) throw.
    it('omits a numeric date outside the Date range instead of throwing', () => {
      expect(mapAccountTraits({ name: 'Acme', renewalDate: 1e20 })).toEqual({ name: 'Acme' });
    });
  });

  describe('owner email', () => {
    it.each(['csm', 'csmEmail', 'csm_email', 'csmOwner', 'csm_owner', 'owner', 'ownerEmail', 'owner_email'])(
      'is read from %s and lowercased',
      (key) => {
        expect(mapAccountTraits({ [key]: 'Jane.Doe@Acme.IO' })).toEqual({ ownerEmail: 'jane.doe@acme.io' });
      },
    );

    it('is trimmed', () => {
      expect(mapAccountTraits({ csm: '  jane@acme.io ' })).toEqual({ ownerEmail: 'jane@acme.io' });
    });

    it('is taken from the email of an owner object', () => {
      expect(mapAccountTraits({ owner: { name: 'Bob', email: 'BOB@Acme.io' } })).toEqual({
        ownerEmail: 'bob@acme.io',
      });
    });

    it('prefers csm over owner', () => {
      expect(mapAccountTraits({ owner: 'sales@acme.io', csm: 'csm@acme.io' })).toEqual({
        ownerEmail: 'csm@acme.io',
      });
    });

    it('is omitted for an owner object without an email', () => {
      expect(mapAccountTraits({ owner: { name: 'Bob', id: 7 } })).toEqual({});
    });
  });

  it('maps a full set of traits at once, omitting only the invalid ones', () => {
    expect(
      mapAccountTraits({
        company_name: 'Acme',
        tier: 'Scale',
        industry: 'Logistics',
        employee_count: '1,200',
        licenses: -1,
        annual_recurring_revenue: '120,000',
        currency: 'gbp',
        contract_start_date: '2025-07-01',
        contract_end: 'soon',
        csm_owner: { email: 'CSM@Keepwell.dev' },
      }),
    ).toEqual({
      name: 'Acme',
      plan: 'Scale',
      industry: 'Logistics',
      employees: 1200,
      arrCents: 12000000,
      mrrCents: 1000000,
      currency: 'GBP',
      contractStartDate: '2025-07-01',
      ownerEmail: 'csm@keepwell.dev',
    });
  });

  it('has no keys with undefined values, so spreading it never overwrites stored columns', () => {
    const mapped = mapAccountTraits({ name: 'Acme', seats: 'n/a', currency: 'dollars' });
    expect(Object.keys(mapped)).toEqual(['name']);
    const stored = { name: 'Old', seats: 10, currency: 'EUR' };
    expect({ ...stored, ...mapped }).toEqual({ name: 'Acme', seats: 10, currency: 'EUR' });
  });
});

describe('mapUserTraits', () => {
  it('returns an empty object for empty traits', () => {
    expect(mapUserTraits({})).toEqual({});
  });

  it('joins firstName and lastName into name and lowercases the email', () => {
    expect(mapUserTraits({ firstName: 'Ada', lastName: 'Lovelace', email: 'ADA@x.io' })).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@x.io',
    });
  });

  it('uses name when present, ignoring firstName and lastName', () => {
    expect(mapUserTraits({ name: 'Countess Ada', firstName: 'Ada', lastName: 'Lovelace' })).toEqual({
      name: 'Countess Ada',
    });
  });

  it('uses firstName alone, or lastName alone, without stray spaces', () => {
    expect(mapUserTraits({ firstName: 'Ada' })).toEqual({ name: 'Ada' });
    expect(mapUserTraits({ lastName: ' Lovelace ' })).toEqual({ name: 'Lovelace' });
  });

  it('falls back to firstName + lastName when name is blank', () => {
    expect(mapUserTraits({ name: '   ', firstName: 'Ada', lastName: 'Lovelace' })).toEqual({
      name: 'Ada Lovelace',
    });
  });

  it('trims the email', () => {
    expect(mapUserTraits({ email: '  Ada@X.io ' })).toEqual({ email: 'ada@x.io' });
  });

  it('omits name and email that are not text', () => {
    expect(mapUserTraits({ name: { first: 'Ada' }, email: null })).toEqual({});
    expect(mapUserTraits({ firstName: '', lastName: '  ', email: '' })).toEqual({});
  });
});

describe('mapAccountTraits out-of-range values', () => {
  it.each([
    '+275760-09-13',
    '-000001-01-01',
    '0000-01-01',
    '10000-01-01',
    '+010000-01-01',
    '1899-12-31',
    '0001-01-01T00:00:00Z',
  ])('maps no contract date from %s (the trait is kept verbatim)', (date) => {
    expect(mapAccountTraits({ name: 'Acme', renewalDate: date, contractStart: date })).toEqual({
      name: 'Acme',
    });
  });

  it('maps no date from epoch milliseconds outside 1900–9999', () => {
    expect(mapAccountTraits({ renewalDate: 8.64e15, contractStart: -8.64e15 })).toEqual({});
    expect(mapAccountTraits({ renewalDate: Date.UTC(10000, 0, 1) })).toEqual({});
  });

  it('maps the first and last days of the range', () => {
    expect(mapAccountTraits({ contractStart: '1900-01-01', renewalDate: '9999-12-31' })).toEqual({
      contractStartDate: '1900-01-01',
      renewalDate: '9999-12-31',
    });
  });

  it.each<[string, unknown]>([
    ['1e308', 1e308],
    ['Infinity as a string', 'Infinity'],
    ['1e400 as a string', '1e400'],
    ['negative', -1],
    ['over a billion', 1_000_000_001],
  ])('maps no seats or employees from %s', (_name, value) => {
    expect(mapAccountTraits({ seats: value, employees: value })).toEqual({});
  });

  it('maps a billion seats', () => {
    expect(mapAccountTraits({ seats: 1e9 })).toEqual({ seats: 1e9 });
  });

  it.each<[string, unknown]>([
    ['1e308', 1e308],
    ['1e307 (its cents overflow to Infinity)', 1e307],
    ['Infinity as a string', 'Infinity'],
    ['-Infinity as a string', '-Infinity'],
    ['negative', -5],
    ['over a trillion', 1e12 + 1],
  ])('maps no ARR or MRR from %s', (_name, value) => {
    expect(mapAccountTraits({ arr: value })).toEqual({});
    expect(mapAccountTraits({ mrr: value })).toEqual({});
  });

  it('keeps every mapped amount an exact integer number of cents, however large', () => {
    const { arrCents, mrrCents } = mapAccountTraits({ mrr: 1e12 });
    expect([arrCents, mrrCents]).toEqual([1.2e15, 1e14]);
    expect(Number.isSafeInteger(arrCents)).toBe(true);
  });
});

describe('mapAccountTraits owner objects', () => {
  it('follows nested email objects without recursing', () => {
    expect(mapAccountTraits({ owner: { email: { email: 'Deep@Acme.io' } } })).toEqual({
      ownerEmail: 'deep@acme.io',
    });
  });
});

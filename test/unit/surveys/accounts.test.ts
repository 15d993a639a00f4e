import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AccountAnswer, npsOver, resultsByAccount } from '../../../shared/surveys';

const nps = { type: 'nps' as const, scale: { min: 0, max: 10 } };
const a = (
  accountId: number,
  score: number,
  respondedAt: number,
  contactId: string | null,
): AccountAnswer => ({
  accountId,
  score,
  respondedAt,
  contactId,
});

describe('resultsByAccount', () => {
  it("counts a person once with their latest answer and each account-level answer on its own (the articles' NPS)", () => {
    const [acme] = resultsByAccount({
      ...nps,
      answers: [
        a(1, 3, 1, 'ana@acme.com'),
        a(1, 10, 2, 'ana@acme.com'), // Ana: promoter now
        a(1, 8, 1, 'bo@acme.com'), // passive
        a(1, 2, 1, null), // two anonymous account-level answers: two detractors
        a(1, 6, 3, null),
      ],
    });
    // 4 respondents: 1 promoter, 1 passive, 2 detractors → 25 % − 50 % = −25.
    expect(acme).toEqual({
      accountId: 1,
      respondents: 4,
      value: -25,
      groups: [
        { group: 'detractor', count: 2 },
        { group: 'passive', count: 1 },
        { group: 'promoter', count: 1 },
      ],
      lastAnsweredAt: 3,
    });
  });

  it('orders the least satisfied first, then by more respondents; a difficulty CES the other way round', () => {
    const order = resultsByAccount({
      ...nps,
      answers: [a(1, 10, 1, 'x'), a(2, 0, 1, 'y'), a(3, 10, 1, 'z'), a(3, 10, 1, 'w')],
    }).map((r) => r.accountId);
    expect(order).toEqual([2, 3, 1]);
    const ces = resultsByAccount({
      type: 'ces',
      scale: { min: 1, max: 7 },
      direction: 'difficulty',
      answers: [a(1, 2, 1, 'x'), a(2, 6, 1, 'y')],
    });
    expect(ces.map((r) => [r.accountId, r.value])).toEqual([
      [2, 6],
      [1, 2],
    ]);
    expect(
      resultsByAccount({
        type: 'csat',
        scale: { min: 1, max: 5 },
        answers: [a(1, 5, 1, 'x'), a(1, 2, 1, 'y')],
      })[0]!.value,
    ).toBe(0.5);
  });

  it("gives each account the NPS npsOver (the health model's counting) gives its answers alone", () => {
    const answer = fc.record({
      accountId: fc.integer({ min: 1, max: 3 }),
      score: fc.integer({ min: 0, max: 10 }),
      respondedAt: fc.integer({ min: 0, max: 50 }),
      contactId: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 40 }), (answers) => {
        for (const r of resultsByAccount({ ...nps, answers })) {
          const own = answers.filter((x) => x.accountId === r.accountId);
          const expected = npsOver(own)!;
          expect(r.value).toBeCloseTo(expected.nps, 9);
          expect(r.respondents).toBe(expected.responses);
        }
      }),
    );
  });
});

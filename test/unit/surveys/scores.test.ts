import { describe, expect, it } from 'vitest';
import {
  acceptLanguages,
  answerEditable,
  CES_SCALE_LIMITS,
  cesEase,
  cesOver,
  checkScore,
  cleanComment,
  csatOver,
  DEFAULT_QUESTIONS,
  DEFAULT_SCALES,
  EDIT_WINDOW_MS,
  isValidScale,
  isWithinQuietPeriod,
  latestAnswer,
  mergeQuestions,
  npsOver,
  pickLocale,
  rescale,
  responseRate,
  scoreGroup,
  summarizeSurvey,
} from '../../../shared/surveys';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2026, 3, 1);
const answers = (...scores: number[]) => scores.map((score, i) => ({ score, respondedAt: T0 + i * 1000 }));

describe('npsOver', () => {
  it('is null with no responses, and with only dismissed or unanswered ones', () => {
    expect(npsOver([])).toBeNull();
    expect(
      npsOver([
        { score: null, respondedAt: T0 },
        { score: 10, respondedAt: T0, dismissed: true },
      ]),
    ).toBeNull();
  });

  it('is 0 for all passives, −100 for all detractors, 100 for all promoters', () => {
    expect(npsOver(answers(7, 8, 7, 8))).toEqual({
      nps: 0,
      responses: 4,
      promoters: 0,
      passives: 4,
      detractors: 0,
    });
    expect(npsOver(answers(0, 6, 3))?.nps).toBe(-100);
    expect(npsOver(answers(9, 10))?.nps).toBe(100);
  });

  it('is %promoters − %detractors, excluding dismissed and unanswered responses', () => {
    const list = [
      ...answers(10, 9, 8, 3),
      { score: 0, respondedAt: T0, dismissed: true },
      { score: null, respondedAt: T0 },
    ];
    expect(npsOver(list)).toMatchObject({ nps: 25, responses: 4, promoters: 2, detractors: 1 });
  });

  it('counts only answers inside the window [start, end)', () => {
    const list = [
      { score: 0, respondedAt: T0 - 1 },
      { score: 10, respondedAt: T0 },
      { score: 0, respondedAt: T0 + DAY_MS },
    ];
    expect(npsOver(list, { startMs: T0, endMs: T0 + DAY_MS })).toMatchObject({ nps: 100, responses: 1 });
  });

  it("counts a contact's latest answer once", () => {
    const list = [
      { score: 2, respondedAt: T0, contactId: 'ana' },
      { score: 10, respondedAt: T0 + 5, contactId: 'ana' },
      { score: 10, respondedAt: T0 + 1, contactId: 'bo' },
    ];
    expect(npsOver(list)).toMatchObject({ nps: 100, responses: 2 });
  });
});

describe('latest answer, CSAT, CES and response rate', () => {
  it('latestAnswer skips dismissed and unanswered responses', () => {
    expect(latestAnswer([])).toBeNull();
    const latest = latestAnswer([
      { score: 4, respondedAt: T0 },
      { score: 9, respondedAt: T0 + 10 },
      { score: null, respondedAt: T0 + 20 },
      { score: 1, respondedAt: T0 + 30, dismissed: true },
    ]);
    expect(latest?.score).toBe(9);
  });

  it('CSAT is the share of 4–5 answers; CES the mean; both null without answers', () => {
    expect(csatOver(answers(5, 4, 3, 1))).toEqual({ csat: 0.5, responses: 4 });
    expect(csatOver(answers(3, 3))?.csat).toBe(0);
    expect(csatOver([])).toBeNull();
    expect(cesOver(answers(2, 3, 7))).toEqual({ ces: 4, responses: 3 });
    expect(cesOver([{ score: null, respondedAt: T0 }])).toBeNull();
  });

  it('response rate is answered ÷ sent, null when nothing was sent', () => {
    expect(responseRate(3, 12)).toBe(0.25);
    expect(responseRate(0, 5)).toBe(0);
    expect(responseRate(0, 0)).toBeNull();
  });
});

describe('checkScore', () => {
  it('accepts integers within the scale, including both ends', () => {
    for (const s of [0, 5, 10]) expect(checkScore(s, DEFAULT_SCALES.nps)).toEqual({ ok: true, score: s });
    expect(checkScore(1, DEFAULT_SCALES.csat).ok).toBe(true);
    expect(checkScore(7, DEFAULT_SCALES.ces).ok).toBe(true);
  });

  it('rejects non-integers, out-of-range values and non-numbers', () => {
    for (const s of [7.5, -1, 11, Number.NaN, Number.POSITIVE_INFINITY, '7', null, undefined, true]) {
      expect(checkScore(s, DEFAULT_SCALES.nps)).toEqual({
        ok: false,
        message: 'score must be an integer from 0 to 10',
      });
    }
    expect(checkScore(0, DEFAULT_SCALES.csat).ok).toBe(false);
    expect(checkScore(6, DEFAULT_SCALES.csat).ok).toBe(false);
    expect(checkScore(8, DEFAULT_SCALES.ces).ok).toBe(false);
    expect(checkScore(0, DEFAULT_SCALES.ces).ok).toBe(false);
  });
});

describe('CES scale bounds', () => {
  it('allows CES scales from 0/1 up to 3..10 with at least three points', () => {
    expect(isValidScale('ces', { min: 1, max: 7 })).toBe(true);
    expect(isValidScale('ces', { min: 1, max: 5 })).toBe(true);
    expect(isValidScale('ces', { min: 0, max: 10 })).toBe(true);
    expect(isValidScale('ces', { min: 1, max: 3 })).toBe(true);
    expect(isValidScale('ces', { min: 1, max: CES_SCALE_LIMITS.maxMax + 1 })).toBe(false);
    expect(isValidScale('ces', { min: 2, max: 7 })).toBe(false);
    expect(isValidScale('ces', { min: 1, max: 2 })).toBe(false);
    expect(isValidScale('ces', { min: 1.5, max: 7 })).toBe(false);
  });

  it('fixes the NPS and CSAT scales', () => {
    expect(isValidScale('nps', { min: 0, max: 10 })).toBe(true);
    expect(isValidScale('nps', { min: 1, max: 10 })).toBe(false);
    expect(isValidScale('csat', { min: 1, max: 5 })).toBe(true);
    expect(isValidScale('csat', { min: 1, max: 7 })).toBe(false);
  });

  it('maps other CES scales linearly onto 1–7', () => {
    expect(rescale(1, { min: 1, max: 5 }, DEFAULT_SCALES.ces)).toBe(1);
    expect(rescale(3, { min: 1, max: 5 }, DEFAULT_SCALES.ces)).toBe(4);
    expect(rescale(5, { min: 1, max: 5 }, DEFAULT_SCALES.ces)).toBe(7);
    expect(rescale(10, { min: 0, max: 10 }, DEFAULT_SCALES.ces)).toBe(7);
  });
});

describe('scoreGroup', () => {
  it('classifies NPS answers as detractor 0–6, passive 7–8, promoter 9–10', () => {
    expect([0, 6, 7, 8, 9, 10].map((s) => scoreGroup('nps', s))).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('classifies CSAT and CES around their scales', () => {
    expect([1, 2, 3, 4, 5].map((s) => scoreGroup('csat', s))).toEqual([
      'dissatisfied',
      'dissatisfied',
      'neutral',
      'satisfied',
      'satisfied',
    ]);
    expect([1, 3, 4, 5, 7].map((s) => scoreGroup('ces', s, { min: 1, max: 7 }))).toEqual([
      'difficult',
      'difficult',
      'neutral',
      'easy',
      'easy',
    ]);
    // An even number of points has no neutral middle.
    expect([5, 6].map((s) => scoreGroup('ces', s, { min: 1, max: 10 }))).toEqual(['difficult', 'easy']);
  });
});

describe('comments, quiet period and edit window', () => {
  it('cleans comments to trimmed plain text, null when empty', () => {
    expect(cleanComment('  Great\r\nsupport\u0000\u0007 ')).toBe('Great\nsupport');
    expect(cleanComment('<b>bold</b>')).toBe('<b>bold</b>');
    expect(cleanComment('   ')).toBeNull();
    expect(cleanComment(undefined)).toBeNull();
  });

  it('keeps a contact out for the quiet period only', () => {
    const now = T0 + 100 * DAY_MS;
    expect(isWithinQuietPeriod(now - 89 * DAY_MS, 90, now)).toBe(true);
    expect(isWithinQuietPeriod(now - 90 * DAY_MS, 90, now)).toBe(false);
    expect(isWithinQuietPeriod(null, 90, now)).toBe(false);
    expect(isWithinQuietPeriod(now - 1, 0, now)).toBe(false);
  });

  it('lets an answer be changed for 30 minutes', () => {
    expect(answerEditable(T0, T0 + EDIT_WINDOW_MS - 1)).toEqual({
      editable: true,
      until: T0 + EDIT_WINDOW_MS,
    });
    expect(answerEditable(T0, T0 + EDIT_WINDOW_MS).editable).toBe(false);
  });
});

describe('locales and texts', () => {
  it('ships English and Simplified Chinese texts for every type', () => {
    for (const q of Object.values(DEFAULT_QUESTIONS)) {
      expect(Object.keys(q)).toEqual(['en', 'zh-CN']);
      expect(q.en?.followUp).toBe('What is the main reason for your score?');
    }
  });

  it('picks the exact locale, then the same language, then the fallback', () => {
    expect(pickLocale(['en', 'zh-CN'], ['zh-cn'], 'en')).toBe('zh-CN');
    expect(pickLocale(['en', 'zh-CN'], ['zh-TW', 'en'], 'en')).toBe('en');
    expect(pickLocale(['en', 'zh-CN'], ['zh'], 'en')).toBe('zh-CN');
    expect(pickLocale(['en', 'zh-CN'], ['fr'], 'zh-CN')).toBe('zh-CN');
    expect(acceptLanguages('zh-CN,zh;q=0.9,en;q=0.8,de;q=0')).toEqual(['zh-CN', 'zh', 'en']);
    expect(acceptLanguages(null)).toEqual([]);
  });

  it('merges text changes, requires complete new locales and keeps the default locale', () => {
    const base = DEFAULT_QUESTIONS.nps;
    const changed = mergeQuestions(base, { en: { question: 'Would you recommend Acme?' } }, 'en');
    expect(changed.ok && changed.questions.en).toEqual({ ...base.en, question: 'Would you recommend Acme?' });
    const partialNew = mergeQuestions(base, { de: { question: 'Würden Sie uns empfehlen?' } }, 'en');
    expect(partialNew.ok).toBe(false);
    const removed = mergeQuestions(base, { 'zh-CN': null }, 'en');
    expect(removed.ok && Object.keys(removed.questions)).toEqual(['en']);
    expect(mergeQuestions(base, { en: null }, 'en').ok).toBe(false);
  });
});

describe('summarizeSurvey', () => {
  const window = { startMs: Date.UTC(2026, 0, 15), endMs: Date.UTC(2026, 3, 10) };

  it('is empty but complete with no responses', () => {
    const s = summarizeSurvey({
      type: 'nps',
      scale: DEFAULT_SCALES.nps,
      answers: [],
      sent: 0,
      answeredSent: 0,
      window,
    });
    expect(s).toMatchObject({ responses: 0, sent: 0, responseRate: null, nps: null, csat: null, ces: null });
    expect(s.distribution).toHaveLength(11);
    expect(s.distribution.every((d) => d.count === 0)).toBe(true);
    expect(s.trend.map((t) => t.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(s.trend.every((t) => t.value === null && t.responses === 0)).toBe(true);
  });

  it('counts the distribution, groups, NPS and a monthly trend inside the window', () => {
    const at = (m: number, d: number) => Date.UTC(2026, m, d);
    const s = summarizeSurvey({
      type: 'nps',
      scale: DEFAULT_SCALES.nps,
      answers: [
        { score: 10, respondedAt: at(0, 20), contactId: 'a' },
        { score: 3, respondedAt: at(1, 2), contactId: 'b' },
        { score: 8, respondedAt: at(2, 5), contactId: null },
        { score: 0, respondedAt: at(0, 1), contactId: 'c' },
      ],
      sent: 8,
      answeredSent: 3,
      window,
    });
    expect(s).toMatchObject({ responses: 3, sent: 8, responseRate: 3 / 8, nps: 0 });
    expect(s.distribution.filter((d) => d.count > 0)).toEqual([
      { score: 3, count: 1 },
      { score: 8, count: 1 },
      { score: 10, count: 1 },
    ]);
    expect(s.groups).toEqual([
      { group: 'detractor', count: 1 },
      { group: 'passive', count: 1 },
      { group: 'promoter', count: 1 },
    ]);
    expect(s.trend).toEqual([
      { month: '2026-01', responses: 1, value: 100 },
      { month: '2026-02', responses: 1, value: -100 },
      { month: '2026-03', responses: 1, value: 0 },
      { month: '2026-04', responses: 0, value: null },
    ]);
  });

  it('reports CSAT as a rate and CES as a mean', () => {
    const t = Date.UTC(2026, 1, 1);
    const csat = summarizeSurvey({
      type: 'csat',
      scale: DEFAULT_SCALES.csat,
      answers: [4, 5, 2, 1].map((score) => ({ score, respondedAt: t, contactId: null })),
      sent: 4,
      answeredSent: 4,
      window,
    });
    expect(csat).toMatchObject({ csat: 0.5, nps: null, ces: null, responseRate: 1 });
    const ces = summarizeSurvey({
      type: 'ces',
      scale: { min: 1, max: 5 },
      answers: [2, 5].map((score) => ({ score, respondedAt: t, contactId: null })),
      sent: 2,
      answeredSent: 2,
      window,
    });
    expect(ces.ces).toBe(3.5);
    expect(ces.distribution.map((d) => d.score)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('CES direction', () => {
  it('groups a difficulty answer the other way round: 6 of 7 is difficult, 2 of 7 easy', () => {
    expect(scoreGroup('ces', 6, DEFAULT_SCALES.ces, 'difficulty')).toBe('difficult');
    expect(scoreGroup('ces', 6, DEFAULT_SCALES.ces, 'ease')).toBe('easy');
    expect(scoreGroup('ces', 2, DEFAULT_SCALES.ces, 'difficulty')).toBe('easy');
    expect(scoreGroup('ces', 4, DEFAULT_SCALES.ces, 'difficulty')).toBe('neutral');
  });

  it('maps an answer onto the 1–7 ease scale the health measure reads', () => {
    expect(cesEase(6, DEFAULT_SCALES.ces, 'difficulty')).toBe(2);
    expect(cesEase(6, DEFAULT_SCALES.ces, 'ease')).toBe(6);
    expect(cesEase(5, { min: 1, max: 5 }, 'difficulty')).toBe(1);
    expect(cesEase(0, { min: 0, max: 10 }, 'difficulty')).toBe(7);
  });

  it("keeps the summary's mean on the survey's own scale and flips its groups", () => {
    const window = { startMs: 0, endMs: 10 };
    const summary = summarizeSurvey({
      type: 'ces',
      scale: DEFAULT_SCALES.ces,
      direction: 'difficulty',
      answers: [
        { score: 6, respondedAt: 1, contactId: 'a' },
        { score: 7, respondedAt: 2, contactId: 'b' },
        { score: 1, respondedAt: 3, contactId: 'c' },
      ],
      sent: 3,
      answeredSent: 3,
      window,
    });
    expect(summary.ces).toBeCloseTo(14 / 3, 9);
    expect(summary.groups).toEqual([
      { group: 'difficult', count: 2 },
      { group: 'neutral', count: 0 },
      { group: 'easy', count: 1 },
    ]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertRuleSchema, MAX_RULE_TASKS } from '../../../shared/alerts/rules';
import { createTaskInput } from '../../../shared/contracts/tasks';
import {
  alertTaskDue,
  DUE_PRESETS,
  dueCounts,
  duePresetDay,
  dueRange,
  groupByDue,
  workGroupOf,
} from '../../../shared/tasks';
import { addDays } from '../../../shared/time';

describe('due-date presets', () => {
  it('count from today across month and leap-year ends', () => {
    expect(duePresetDay('today', '2024-02-28')).toBe('2024-02-28');
    expect(duePresetDay('tomorrow', '2024-02-28')).toBe('2024-02-29');
    expect(duePresetDay('in3days', '2026-02-27')).toBe('2026-03-02');
    expect(duePresetDay('nextWeek', '2026-12-28')).toBe('2027-01-04');
  });

  it('never fall before today', () => {
    for (const p of DUE_PRESETS) expect(duePresetDay(p, '2026-05-01') >= '2026-05-01').toBe(true);
  });

  it('make an alert task due by severity: critical and warning today, info in three days', () => {
    expect(alertTaskDue('critical', '2026-05-01')).toEqual({ dueDate: '2026-05-01', priority: 'urgent' });
    expect(alertTaskDue('warning', '2026-05-01')).toEqual({ dueDate: '2026-05-01', priority: 'high' });
    expect(alertTaskDue('info', '2026-05-30')).toEqual({ dueDate: '2026-06-02', priority: 'normal' });
  });

  it('give each due filter its day range', () => {
    expect(dueRange('overdue', '2026-03-01')).toEqual({ from: null, to: '2026-02-28' });
    expect(dueRange('today', '2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(dueRange('week', '2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-07' });
  });
});

describe('grouping my work', () => {
  const today = '2026-05-01';

  it('puts each task in overdue, today, this week or later, in due order', () => {
    const items = [
      { id: 1, dueDate: '2026-05-20' },
      { id: 2, dueDate: '2026-05-07' },
      { id: 3, dueDate: '2026-04-30' },
      { id: 4, dueDate: '2026-05-01' },
      { id: 5, dueDate: '2026-05-08' },
      { id: 6, dueDate: '2026-04-01' },
      { id: 7, dueDate: '2026-05-02' },
    ];
    const g = groupByDue(items, today);
    expect(g.overdue.map((t) => t.id)).toEqual([6, 3]);
    expect(g.today.map((t) => t.id)).toEqual([4]);
    expect(g.week.map((t) => t.id)).toEqual([7, 2]);
    expect(g.later.map((t) => t.id)).toEqual([5, 1]);
  });

  it('depends on the today it is given, not on the clock', () => {
    expect(workGroupOf('2026-05-01', '2026-05-02')).toBe('overdue');
    expect(workGroupOf('2026-05-01', '2026-04-25')).toBe('week');
    expect(workGroupOf('2026-05-01', '2026-04-24')).toBe('later');
  });

  it('keeps every item exactly once, and counts agree with the groups', () => {
    const day = fc.integer({ min: -30, max: 30 }).map((n) => addDays(today, n));
    fc.assert(
      fc.property(fc.array(day, { maxLength: 40 }), (days) => {
        const g = groupByDue(
          days.map((dueDate) => ({ dueDate })),
          today,
        );
        expect(g.overdue.length + g.today.length + g.week.length + g.later.length).toBe(days.length);
        const counts = dueCounts(days, today);
        expect(counts.overdue).toBe(g.overdue.length);
        expect(counts.today).toBe(g.today.length);
        expect(counts.week).toBe(g.today.length + g.week.length);
      }),
    );
  });
});

describe('task inputs', () => {
  it('refuse a due date that is not a calendar day', () => {
    const base = { accountExternalId: 'acme', title: 'Call' };
    expect(createTaskInput.safeParse({ ...base, dueDate: '2026-02-30' }).success).toBe(false);
    expect(createTaskInput.safeParse({ ...base, dueDate: '2026-5-1' }).success).toBe(false);
    expect(createTaskInput.parse({ ...base, dueDate: '2024-02-29' }).priority).toBe('normal');
  });

  it('let a rule carry at most ten ordered task templates, none by default', () => {
    const rule = { id: 'stale', kind: 'stale_data', name: 'Stale', severity: 'info', playbook: 'Check.' };
    expect(alertRuleSchema.parse(rule).tasks).toEqual([]);
    const tasks = Array.from({ length: MAX_RULE_TASKS }, (_, i) => ({ title: `Step ${i}`, dueInDays: i }));
    expect(alertRuleSchema.parse({ ...rule, tasks }).tasks.map((t) => t.title)).toEqual(
      tasks.map((t) => t.title),
    );
    expect(alertRuleSchema.safeParse({ ...rule, tasks: [...tasks, tasks[0]] }).success).toBe(false);
    expect(alertRuleSchema.safeParse({ ...rule, tasks: [{ title: ' ', dueInDays: 1 }] }).success).toBe(false);
  });
});

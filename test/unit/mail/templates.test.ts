import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  mailLocale,
  renderDigest,
  renderInvite,
  renderSurveyInvitation,
} from '../../../shared/mail';

const empty = {
  locale: 'en' as const,
  day: '2026-03-02',
  assignedAlerts: [],
  unassignedAlerts: [],
  overdueTasks: [],
  dueTodayTasks: [],
  myWorkUrl: 'https://kw.example/work',
  preferencesUrl: null,
};

describe('mail templates', () => {
  it('reads Chinese locales as zh and anything else as en', () => {
    expect(['zh', 'zh-CN', 'ZH-hans', 'en', 'fr', null, undefined].map(mailLocale)).toEqual([
      'zh',
      'zh',
      'zh',
      'en',
      'en',
      'en',
      'en',
    ]);
  });

  it('escapes user text in the HTML body and keeps it verbatim in the text body', () => {
    const mail = renderSurveyInvitation({
      locale: 'en',
      contactName: '<img src=x onerror=alert(1)>',
      question: 'Rate "us" & <b>them</b>',
      url: 'https://kw.example/s/abc?x=1&y=2',
      unsubscribeUrl: 'https://kw.example/s/unsubscribe/1.sig',
    });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('href="https://kw.example/s/abc?x=1&amp;y=2"');
    expect(mail.text).toContain('Rate "us" & <b>them</b>');
    expect(mail.text).toContain('https://kw.example/s/unsubscribe/1.sig');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('says nothing when a digest would be empty, and counts the items in its subject', () => {
    expect(renderDigest(empty)).toBeNull();
    const digest = renderDigest({
      ...empty,
      assignedAlerts: [{ title: 'Usage dropped', accountName: 'Acme' }],
      overdueTasks: [{ title: 'Call Ana', accountName: 'Acme', dueDate: '2026-02-27' }],
    })!;
    expect(digest.subject).toBe('Keepwell: 2 items for 2026-03-02');
    expect(digest.text).toContain('- Acme: Usage dropped');
    expect(digest.text).toContain('- Acme: Call Ana (due 2026-02-27)');
    expect(digest.text).not.toContain('Tasks due today');
    expect(digest.text).toContain('Open My work: https://kw.example/work');
    const zh = renderDigest({ ...empty, locale: 'zh', dueTodayTasks: [{ title: 'x', accountName: 'A' }] })!;
    expect(zh.subject).toBe('Keepwell：2026-03-02 有 1 项待办');
    expect(zh.text).toContain('今天到期的任务');
  });

  it('puts the invite link in both bodies', () => {
    const mail = renderInvite({
      locale: 'en',
      url: 'https://kw.example/invite/tok',
      role: 'csm',
      inviter: 'ana@example.com',
      expiresOn: '2026-03-09',
    });
    expect(mail.text).toContain('https://kw.example/invite/tok');
    expect(mail.html).toContain('href="https://kw.example/invite/tok"');
    expect(mail.text).toContain('until 2026-03-09');
    const zh = renderInvite({
      locale: 'zh',
      url: 'https://kw.example/invite/tok',
      role: 'csm',
      inviter: 'ana@example.com',
      expiresOn: '2026-03-09',
    });
    expect(zh.subject).toBe('邀请您加入 Keepwell');
    expect(zh.text).toContain('有效期至 2026-03-09');
    expect(zh.html).toContain('href="https://kw.example/invite/tok"');
  });
});

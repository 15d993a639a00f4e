/**
 * The messages Keepwell emails, rendered as subject, plain text and HTML in English or Chinese. Every
 * value placed in the HTML is escaped: names, titles and survey texts are user-controlled.
 */

export type MailLocale = 'en' | 'zh';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * `en` unless the locale asks for Chinese (`zh`, `zh-CN`, …).
 * @example mailLocale('zh-Hans') // 'zh'
 */
export function mailLocale(locale: string | null | undefined): MailLocale {
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/**
 * HTML-escapes text for element content and double-quoted attributes.
 * @example escapeHtml('<b>"x"</b>') // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

/** Paragraphs (plain text) and one call-to-action link → text and HTML bodies. */
function compose(paragraphs: string[], link: { label: string; url: string } | null, footer: string[] = []) {
  const text = [...paragraphs, ...(link ? [`${link.label}: ${link.url}`] : []), ...footer].join('\n\n');
  const html = [
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    ...(link ? [`<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`] : []),
    ...footer.map((p) => `<p style="color:#64748b;font-size:12px">${escapeHtml(p)}</p>`),
  ].join('\n');
  return { text, html };
}

/**
 * The member invite: who invited whom, as which role, and the (secret) link, in the inviter's mail language
 * (the invitee has none yet).
 * @example renderInvite({ locale: 'en', url: 'https://kw.example/invite/abc', role: 'csm', inviter: 'ana@example.com', expiresOn: '2026-01-08' }).subject // 'You are invited to Keepwell'
 */
export function renderInvite(p: {
  locale: MailLocale;
  url: string;
  role: string;
  inviter: string;
  expiresOn: string;
}): RenderedMail {
  if (p.locale === 'zh') {
    const body = compose(
      [
        `${p.inviter} 邀请您以 ${p.role} 身份加入 Keepwell。`,
        `此链接仅供您本人使用，有效期至 ${p.expiresOn}。请勿转发。`,
      ],
      { label: '接受邀请', url: p.url },
    );
    return { subject: '邀请您加入 Keepwell', ...body };
  }
  const body = compose(
    [
      `${p.inviter} invited you to Keepwell as ${p.role}.`,
      `The link is personal and works until ${p.expiresOn}. Do not forward it.`,
    ],
    { label: 'Accept the invite', url: p.url },
  );
  return { subject: 'You are invited to Keepwell', ...body };
}

/** What a survey invitation says, from the survey's texts in the contact's language. */
export interface SurveyInvitationParams {
  locale: MailLocale;
  contactName: string | null;
  question: string;
  url: string;
  unsubscribeUrl: string;
}

/**
 * A survey invitation with the personal link and the one-click unsubscribe link.
 * @example renderSurveyInvitation({ locale: 'zh', contactName: null, question: '…', url, unsubscribeUrl }).subject // '我们想听听您的意见'
 */
export function renderSurveyInvitation(p: SurveyInvitationParams): RenderedMail {
  if (p.locale === 'zh') {
    return {
      subject: '我们想听听您的意见',
      ...compose(
        [`${p.contactName ? `${p.contactName}，您好：` : '您好：'}`, p.question, '回答只需 10 秒。'],
        { label: '回答问卷', url: p.url },
        [`不想再收到问卷邮件？退订：${p.unsubscribeUrl}`],
      ),
    };
  }
  return {
    subject: 'We would value your feedback',
    ...compose(
      [p.contactName ? `Hi ${p.contactName},` : 'Hi,', p.question, 'It takes 10 seconds to answer.'],
      { label: 'Answer the survey', url: p.url },
      [`Don't want survey emails? Unsubscribe: ${p.unsubscribeUrl}`],
    ),
  };
}

/** One line of the digest. */
export interface DigestItem {
  title: string;
  accountName: string;
  /** Tasks: `YYYY-MM-DD`. */
  dueDate?: string;
}

export interface DigestParams {
  locale: MailLocale;
  day: string;
  assignedAlerts: DigestItem[];
  unassignedAlerts: DigestItem[];
  overdueTasks: DigestItem[];
  dueTodayTasks: DigestItem[];
  myWorkUrl: string | null;
  preferencesUrl: string | null;
}

const DIGEST_TEXT = {
  en: {
    subject: (day: string, n: number) => `Keepwell: ${n} item${n === 1 ? '' : 's'} for ${day}`,
    assigned: 'New alerts assigned to you',
    unassigned: 'New unassigned alerts',
    overdue: 'Overdue tasks',
    today: 'Tasks due today',
    due: 'due',
    link: 'Open My work',
    footer: 'You get this digest once a day. Turn it off in Keepwell under Settings → Mail.',
  },
  zh: {
    subject: (day: string, n: number) => `Keepwell：${day} 有 ${n} 项待办`,
    assigned: '分配给您的新预警',
    unassigned: '未分配的新预警',
    overdue: '已逾期的任务',
    today: '今天到期的任务',
    due: '到期',
    link: '打开我的工作',
    footer: '此摘要每天发送一次。可在 Keepwell 的“设置 → 邮件”中关闭。',
  },
} as const;

/**
 * The daily digest: new alerts and due tasks, as sections; null when there is nothing to say.
 * @example renderDigest({ locale: 'en', day: '2026-03-02', assignedAlerts: [a], unassignedAlerts: [], overdueTasks: [], dueTodayTasks: [], myWorkUrl, preferencesUrl: null })?.subject // 'Keepwell: 1 item for 2026-03-02'
 */
export function renderDigest(p: DigestParams): RenderedMail | null {
  const t = DIGEST_TEXT[p.locale];
  const sections: [string, DigestItem[]][] = [
    [t.assigned, p.assignedAlerts],
    [t.unassigned, p.unassignedAlerts],
    [t.overdue, p.overdueTasks],
    [t.today, p.dueTodayTasks],
  ];
  const count = sections.reduce((n, [, items]) => n + items.length, 0);
  if (count === 0) return null;
  const line = (i: DigestItem) =>
    `${i.accountName}: ${i.title}${i.dueDate ? ` (${t.due} ${i.dueDate})` : ''}`;
  const present = sections.filter(([, items]) => items.length > 0);
  const text = [
    ...present.map(([heading, items]) => [heading, ...items.map((i) => `- ${line(i)}`)].join('\n')),
    ...(p.myWorkUrl ? [`${t.link}: ${p.myWorkUrl}`] : []),
    t.footer,
  ].join('\n\n');
  const html = [
    ...present.map(
      ([heading, items]) =>
        `<h3>${escapeHtml(heading)}</h3>\n<ul>${items.map((i) => `<li>${escapeHtml(line(i))}</li>`).join('')}</ul>`,
    ),
    ...(p.myWorkUrl ? [`<p><a href="${escapeHtml(p.myWorkUrl)}">${escapeHtml(t.link)}</a></p>`] : []),
    `<p style="color:#64748b;font-size:12px">${escapeHtml(t.footer)}</p>`,
  ].join('\n');
  return { subject: t.subject(p.day, count), text, html };
}

/**
 * The message of `POST /api/settings/mail/test`.
 * @example renderTest('ana@example.com').subject // 'Keepwell test message'
 */
export function renderTest(requestedBy: string): RenderedMail {
  return {
    subject: 'Keepwell test message',
    ...compose([`This test message was requested by ${requestedBy}. Mail delivery works.`], null),
  };
}

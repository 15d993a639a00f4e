// The survey page's own words (its chrome: buttons, states, errors), in English and Simplified Chinese. The
// question texts come from the API. A plain table rather than vue-i18n keeps the page a few KB.

const en = {
  pageTitle: 'Survey',
  loading: 'Loading the survey…',
  language: 'Language',
  scoreOf: '{score} out of {max}',
  scoreOfAnchor: '{score} out of {max} — {anchor}',
  optional: '(optional)',
  charsLeft: '{count} characters left',
  chooseScore: 'Choose a score first.',
  submit: 'Send my answer',
  sending: 'Sending…',
  thanksTitle: 'Thank you!',
  thanksBody: 'Your answer has been recorded.',
  yourAnswer: 'Your answer: {score} out of {max}',
  yourComment: 'Your comment:',
  changeUntil: 'You can change your answer until {time}.',
  change: 'Change my answer',
  cancelChange: 'Keep my answer',
  answeredTitle: 'You have already answered this survey',
  answeredBody: 'Thank you — your answer was recorded on {date}.',
  invalidTitle: 'This survey link is not valid',
  invalidBody:
    'Please check that you opened the complete link from your message. If it still does not work, ask the sender for a new link.',
  expiredTitle: 'This survey link has expired',
  expiredBody: 'The survey is no longer accepting answers through this link. Thank you for your time.',
  alreadyTitle: 'This survey has already been answered',
  alreadyBody: 'Your earlier answer stands and can no longer be changed. Thank you!',
  rateLimitedTitle: 'Too many attempts',
  rateLimitedWait: 'Please wait {seconds} seconds, then try again.',
  rateLimitedLater: 'Please wait a minute, then try again.',
  failedTitle: 'Something went wrong',
  failedBody: 'We could not reach the survey. Check your connection and try again.',
  rejectedBody: 'Your answer could not be saved: {reason}',
  retry: 'Try again',
  reference: 'Reference: {id}',
};

/** A key of the page's messages. */
export type SurveyMessageKey = keyof typeof en;

const zhCN: Record<SurveyMessageKey, string> = {
  pageTitle: '问卷调查',
  loading: '正在加载问卷…',
  language: '语言',
  scoreOf: '{score} 分（满分 {max} 分）',
  scoreOfAnchor: '{score} 分（满分 {max} 分）— {anchor}',
  optional: '（选填）',
  charsLeft: '还可输入 {count} 个字',
  chooseScore: '请先选择一个分数。',
  submit: '提交我的回答',
  sending: '正在提交…',
  thanksTitle: '谢谢您！',
  thanksBody: '您的回答已记录。',
  yourAnswer: '您的评分：{score} 分（满分 {max} 分）',
  yourComment: '您的意见：',
  changeUntil: '您可以在 {time} 之前修改回答。',
  change: '修改我的回答',
  cancelChange: '保留原回答',
  answeredTitle: '您已经回答过这份问卷',
  answeredBody: '谢谢您！您的回答已于 {date} 记录。',
  invalidTitle: '此问卷链接无效',
  invalidBody: '请确认您打开的是消息中的完整链接。如果仍然无法打开，请联系发送方获取新链接。',
  expiredTitle: '此问卷链接已过期',
  expiredBody: '此链接已不再接受回答。感谢您抽出时间。',
  alreadyTitle: '这份问卷已经回答过了',
  alreadyBody: '您之前的回答已保存，且无法再修改。谢谢您！',
  rateLimitedTitle: '尝试次数过多',
  rateLimitedWait: '请等待 {seconds} 秒后再试。',
  rateLimitedLater: '请稍等一分钟后再试。',
  failedTitle: '出错了',
  failedBody: '无法连接到问卷服务。请检查网络连接后重试。',
  rejectedBody: '您的回答未能保存：{reason}',
  retry: '重试',
  reference: '参考编号：{id}',
};

/** The page's chrome languages; any other survey locale shows its question texts with English chrome. */
export const CHROME_LOCALES = ['en', 'zh-CN'] as const;

/** One of {@link CHROME_LOCALES}. */
export type ChromeLocale = (typeof CHROME_LOCALES)[number];

const TABLES: Record<ChromeLocale, Record<SurveyMessageKey, string>> = { en, 'zh-CN': zhCN };

/** Names of the languages offered in the switch, each in its own language. */
const LANGUAGE_NAMES: Record<string, string> = { en: 'English', 'zh-CN': '简体中文' };

/**
 * The chrome language for a locale tag: any Chinese tag → `zh-CN`, everything else English.
 * @example chromeLocale('zh-TW') // 'zh-CN'
 */
export function chromeLocale(tag: string): ChromeLocale {
  return tag.toLowerCase().split('-')[0] === 'zh' ? 'zh-CN' : 'en';
}

/**
 * A message in the chrome language of `locale`, `{name}` placeholders filled from `params`.
 * @example translate('en', 'scoreOf', { score: 9, max: 10 }) // '9 out of 10'
 */
export function translate(
  locale: string,
  key: SurveyMessageKey,
  params: Record<string, string | number> = {},
): string {
  return TABLES[chromeLocale(locale)][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * How the language switch names a locale: in its own language (`简体中文`), else the tag itself.
 * @example languageName('zh-CN') // '简体中文'
 */
export function languageName(tag: string): string {
  const known = LANGUAGE_NAMES[tag];
  if (known) return known;
  try {
    return new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

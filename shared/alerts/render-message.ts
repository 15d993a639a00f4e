import { defaultLabelZh } from '../health/default-texts';
import { ALERT_MESSAGE_TEXTS_EN, ALERT_MESSAGE_TEXTS_ZH } from './message-texts';
import type { AlertMessage, AlertMessageParam, AlertMessages } from './messages';

/** The languages alert messages are rendered in outside the SPA (mail). */
export type AlertTextLocale = 'en' | 'zh';

/** What rendering needs beyond the catalogue: the reader's language and the installation's tier names. */
export interface AlertRenderContext {
  locale: AlertTextLocale;
  /** The tier's name in `locale` as the tier settings have it, or undefined for a key they do not know. */
  tierName: (key: string) => string | undefined;
}

type Catalogue = { [key: string]: string | Catalogue };
const CATALOGUES: Record<AlertTextLocale, Catalogue> = {
  en: ALERT_MESSAGE_TEXTS_EN,
  zh: ALERT_MESSAGE_TEXTS_ZH,
};
const PREFIX = 'alerts.msg.';

function lookup(catalogue: Catalogue, key: string): string | undefined {
  if (!key.startsWith(PREFIX)) return undefined;
  let node: string | Catalogue | undefined = catalogue;
  for (const part of key.slice(PREFIX.length).split('.')) {
    node = typeof node === 'object' ? node[part] : undefined;
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * vue-i18n's default plural choice, so mail picks the same form as the SPA: two forms are singular/plural
 * (0 → plural), three are zero/one/many.
 */
function pluralIndex(n: number, forms: number): number {
  const abs = Math.abs(n);
  if (forms === 2) return abs === 1 ? 0 : 1;
  return Math.min(abs, 2);
}

function format(template: string, named: Record<string, string>, n: number | undefined): string {
  const forms = template.split('|').map((f) => f.trim());
  const chosen =
    forms.length > 1 && n !== undefined
      ? (forms[Math.min(pluralIndex(n, forms.length), forms.length - 1)] ?? '')
      : (forms[0] ?? '');
  return chosen.replace(/\{(\w+)\}/g, (whole, name: string) => named[name] ?? whole);
}

/**
 * One alert message in `ctx.locale`, as the SPA's `useAlertText().render` shows it: a key the locale lacks falls
 * back to English, an unknown key shows as itself; tier parameters take the installation's tier names, default
 * measures their translated names, texts their translation where they have one.
 * @example renderAlertMessage({ key: 'alerts.msg.staleData.title', params: { n: 16, last: '2026-04-14' } }, { locale: 'zh', tierName: () => undefined }) // '16 天无数据（最后事件于 2026-04-14）'
 */
export function renderAlertMessage(m: AlertMessage, ctx: AlertRenderContext): string {
  const template = lookup(CATALOGUES[ctx.locale], m.key) ?? lookup(CATALOGUES.en, m.key) ?? m.key;
  const named: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.params ?? {})) named[k] = renderParam(v, ctx);
  const n = m.params?.n;
  return format(template, named, typeof n === 'number' ? n : undefined);
}

function renderParam(p: AlertMessageParam, ctx: AlertRenderContext): string {
  if (typeof p === 'string' || typeof p === 'number') return String(p);
  if ('tier' in p) return ctx.tierName(p.tier) ?? p.label;
  if ('measure' in p)
    return (ctx.locale === 'zh' ? defaultLabelZh('measure', p.measure, p.label) : undefined) ?? p.label;
  if ('text' in p) return (ctx.locale === 'zh' ? p.text.zh : undefined) ?? p.text.en;
  if ('msg' in p) return renderAlertMessage(p.msg, ctx);
  const sep = lookup(CATALOGUES[ctx.locale], `${PREFIX}listSep`) ?? ', ';
  return p.list.map((m) => renderAlertMessage(m, ctx)).join(sep);
}

/**
 * An alert's title in `ctx.locale`: the English title for English readers and for alerts without messages
 * (raised before they existed), else its title message rendered.
 * @example alertTitleIn({ title: 'No data for 16 days', messages: null }, ctx) // 'No data for 16 days'
 */
export function alertTitleIn(
  alert: { title: string; messages: AlertMessages | null },
  ctx: AlertRenderContext,
): string {
  return ctx.locale === 'en' || !alert.messages ? alert.title : renderAlertMessage(alert.messages.title, ctx);
}

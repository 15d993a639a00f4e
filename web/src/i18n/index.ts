import { createI18n } from 'vue-i18n';
import * as en from './locales/en';
import * as zh from './locales/zh';

/** The app's locales: `code` is the vue-i18n locale and the message folder, `intl` the BCP 47 tag for Intl. */
export const LOCALES = [
  { code: 'en', intl: 'en-US', label: 'English' },
  { code: 'zh', intl: 'zh-CN', label: '简体中文' },
] as const;

/** `'en' | 'zh'` */
export type AppLocale = (typeof LOCALES)[number]['code'];

/** Every message of one locale, `{ area: { key: … } }`; English is the reference shape. */
export type MessageSchema = typeof en;

/** localStorage key of the chosen locale. */
export const LOCALE_STORAGE_KEY = 'keepwell.locale';

/** True for a supported locale code. */
export function isAppLocale(value: unknown): value is AppLocale {
  return LOCALES.some((l) => l.code === value);
}

/**
 * The BCP 47 tag for Intl and `<html lang>` of an app locale.
 * @example intlLocale('zh') // 'zh-CN'
 */
export function intlLocale(code: AppLocale): string {
  return LOCALES.find((l) => l.code === code)?.intl ?? 'en-US';
}

/**
 * The stored choice, else the first browser language we support (any `zh*` → zh), else English.
 * @example detectLocale(null, ['zh-TW', 'en']) // 'zh'
 */
export function detectLocale(stored: string | null, browser: readonly string[]): AppLocale {
  if (isAppLocale(stored)) return stored;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    if (isAppLocale(base)) return base;
  }
  return 'en';
}

function readStoredLocale(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null;
  }
}

// Named formats for `n(value, 'percent')` and `d(date, 'day')`. Money has its own currency per account, so it goes
// through useFormat().money(cents, currency) rather than a fixed-currency named format.
const numberFormats = {
  integer: { maximumFractionDigits: 0 },
  decimal: { maximumFractionDigits: 1 },
  percent: { style: 'percent', maximumFractionDigits: 0 },
} as const;

const datetimeFormats = {
  day: { dateStyle: 'medium', timeZone: 'UTC' },
  short: { dateStyle: 'medium', timeStyle: 'short' },
  month: { year: 'numeric', month: 'short', timeZone: 'UTC' },
} as const;

/**
 * Creates the app's i18n instance (composition mode). `initial` defaults to the stored or browser locale.
 * @example app.use(createAppI18n())
 */
export function createAppI18n(initial?: AppLocale) {
  const locale =
    initial ?? detectLocale(readStoredLocale(), typeof navigator === 'undefined' ? [] : navigator.languages);
  return createI18n<[MessageSchema], AppLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    // Spread: the module namespace objects are frozen, and vue-i18n may attach compiled messages.
    messages: { en: { ...en }, zh: { ...zh } },
    numberFormats: { en: numberFormats, zh: numberFormats },
    datetimeFormats: { en: datetimeFormats, zh: datetimeFormats },
    missingWarn: import.meta.env.DEV,
    fallbackWarn: false,
  });
}

/** The app's single i18n instance, installed by main.ts; usable outside components (router guards, titles). */
export const i18n = createAppI18n();

import { dateEnUS, dateZhCN, enUS, zhCN } from 'naive-ui';
import { computed } from 'vue';
import { type AppLocale, i18n, intlLocale, LOCALE_STORAGE_KEY, LOCALES } from '../i18n';

/**
 * Makes `code` the app locale: messages, `<html lang>` (screen readers, hyphenation) and the stored choice.
 * @example applyLocale('zh')
 */
export function applyLocale(code: AppLocale): void {
  i18n.global.locale.value = code;
  document.documentElement.lang = intlLocale(code);
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, code);
  } catch {
    // Private modes may refuse storage; the choice then lasts for this page only.
  }
}

/**
 * The current locale, the list to switch between, and the matching Naive UI locale and date locale.
 * @example const { locale, setLocale, naiveLocale } = useLocale()
 */
export function useLocale() {
  const locale = computed(() => i18n.global.locale.value);
  return {
    locale,
    /** BCP 47 tag for Intl, e.g. `zh-CN`. */
    intl: computed(() => intlLocale(locale.value)),
    locales: LOCALES,
    setLocale: applyLocale,
    naiveLocale: computed(() => (locale.value === 'zh' ? zhCN : enUS)),
    naiveDateLocale: computed(() => (locale.value === 'zh' ? dateZhCN : dateEnUS)),
  };
}

import { describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { useFormat } from '../../web/src/composables/useFormat';
import { applyLocale } from '../../web/src/composables/useLocale';
import { formatDay, formatMoney, formatPercent } from '../../web/src/format';
import { detectLocale, i18n, LOCALE_STORAGE_KEY } from '../../web/src/i18n';

// Intl output uses narrow no-break spaces in some locales; compare with plain spaces.
const plain = (s: string | null) => s?.replace(/[\u00a0\u202f]/g, ' ') ?? null;

describe('format helpers', () => {
  it('formats integer cents as whole currency units per locale', () => {
    expect(formatMoney(12_345_600, 'USD', 'en-US')).toBe('$123,456');
    expect(formatMoney(12_345_600, 'USD', 'zh-CN')).toBe('US$123,456');
    expect(formatMoney(12_345_600, 'CNY', 'zh-CN')).toBe('¥123,456');
    expect(plain(formatMoney(12_345_600, 'EUR', 'en-US'))).toBe('€123,456');
  });

  it('keeps unknown amounts null and survives a bad currency code', () => {
    expect(formatMoney(null, 'USD', 'en-US')).toBeNull();
    expect(formatMoney(500, 'NOT-A-CODE', 'en-US')).toBe('5 NOT-A-CODE');
  });

  it('formats a calendar day in UTC, per locale', () => {
    expect(formatDay('2027-03-04', 'en-US')).toBe('Mar 4, 2027');
    expect(formatDay('2027-03-04', 'zh-CN')).toBe('2027年3月4日');
  });

  it('formats a rate as a percentage', () => {
    expect(formatPercent(0.421, 'en-US')).toBe('42%');
    expect(formatPercent(0.421, 'zh-CN')).toBe('42%');
  });
});

describe('useFormat', () => {
  it('follows the app locale', () => {
    const scope = effectScope();
    const fmt = scope.run(() => useFormat())!;
    expect(fmt.money(150_000, 'USD')).toBe('$1,500');
    expect(fmt.day('2027-12-31')).toBe('Dec 31, 2027');
    applyLocale('zh');
    expect(fmt.money(150_000, 'USD')).toBe('US$1,500');
    expect(fmt.day('2027-12-31')).toBe('2027年12月31日');
    scope.stop();
  });
});

describe('locale', () => {
  it('prefers the stored choice, then a supported browser language, then English', () => {
    expect(detectLocale('zh', ['en-US'])).toBe('zh');
    expect(detectLocale(null, ['zh-TW', 'en'])).toBe('zh');
    expect(detectLocale(null, ['fr-FR', 'en-GB'])).toBe('en');
    expect(detectLocale('xx', ['de'])).toBe('en');
  });

  it('applyLocale switches messages, <html lang> and the stored choice', () => {
    applyLocale('zh');
    expect(i18n.global.t('settings.title')).toBe('设置');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh');
    applyLocale('en');
    expect(i18n.global.t('settings.title')).toBe('Settings');
    expect(document.documentElement.lang).toBe('en-US');
  });
});

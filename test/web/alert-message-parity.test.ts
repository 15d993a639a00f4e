import { describe, expect, it } from 'vitest';
import { ALERT_MESSAGE_TEXTS_EN } from '../../shared/alerts/message-texts';
import { renderAlertMessage } from '../../shared/alerts/render-message';
import { i18n } from '../../web/src/i18n';

type Node = { [key: string]: string | Node };

function leaves(node: Node, prefix: string): [string, string][] {
  return Object.entries(node).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}.${k}`, v] as [string, string]] : leaves(v, `${prefix}.${k}`),
  );
}

// Mail renders alert messages without vue-i18n; it must say exactly what the SPA says for every message.
describe('renderAlertMessage (mail) and the SPA', () => {
  const keys = leaves(ALERT_MESSAGE_TEXTS_EN, 'alerts.msg');

  it.each(['en', 'zh'] as const)('render every alert message alike in %s, every plural form', (locale) => {
    i18n.global.locale.value = locale;
    expect(keys.length).toBeGreaterThan(50);
    for (const [key, template] of keys) {
      // vue-i18n drops a message's trailing space (', ' → ','); lists join with the catalogue's own separator.
      if (key === 'alerts.msg.listSep') continue;
      const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      for (const n of [0, 1, 2, 7]) {
        const params: Record<string, string | number> = {};
        for (const name of names) params[name] = `<${name}>`;
        params.n = n;
        const spa = i18n.global.t(key, params, n);
        expect(renderAlertMessage({ key, params }, { locale, tierName: () => undefined }), key).toBe(spa);
      }
    }
  });

  it('joins lists with the separator as written, as the SPA does', () => {
    const list = {
      list: [
        { key: 'alerts.msg.name', params: { name: 'A' } },
        { key: 'alerts.msg.name', params: { name: 'B' } },
      ],
    };
    const m = { key: 'alerts.msg.weakest', params: { list } };
    expect(renderAlertMessage(m, { locale: 'en', tierName: () => undefined })).toBe(
      'Weakest measures: A, B.',
    );
    expect(renderAlertMessage(m, { locale: 'zh', tierName: () => undefined })).toBe('最弱的指标：A、B。');
  });
});

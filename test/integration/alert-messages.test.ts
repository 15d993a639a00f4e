import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '../../shared/alerts';
import { addDays } from '../../shared/time';
import { admin, rows, runScoring, seedAccount, yesterday } from './helpers';

describe('alert messages', () => {
  it('a raised alert stores its message keys and parameters beside the English text, and the API returns them', async () => {
    const lastDay = addDays(yesterday(), -20);
    const a = await seedAccount({ seats: 5, users: [600_000], day: lastDay });
    await runScoring();
    const res = await admin(`/api/alerts?account=${encodeURIComponent(a.externalId)}&ruleId=stale-data`);
    const [stale] = (await res.json<{ items: { id: number; title: string; messages: unknown }[] }>()).items;
    expect(stale!.title).toBe(`No data for 20 days (last event on ${lastDay})`);
    expect(stale!.messages).toMatchObject({
      title: { key: 'alerts.msg.staleData.title', params: { n: 20, last: lastDay } },
      detail: [{ key: 'alerts.msg.staleData.detail' }],
    });
    expect(stale!.messages).toMatchObject({
      playbook: expect.arrayContaining([
        {
          key: 'alerts.msg.text',
          params: {
            text: {
              text: {
                en: expect.any(String),
                zh: DEFAULT_ALERT_RULES.find((r) => r.id === 'stale-data')!.texts!.zh!.playbook,
              },
            },
          },
        },
      ]),
    });
    const [stored] = await rows<{ messages: string }>(`SELECT messages FROM alerts WHERE id = ${stale!.id}`);
    expect(JSON.parse(stored!.messages)).toEqual(stale!.messages);
  });

  it('a rule saved with Chinese texts keeps them, and the default rules list their Chinese texts', async () => {
    const { id, ...rule } = DEFAULT_ALERT_RULES.find((r) => r.id === 'stale-data')!;
    const texts = { zh: { name: '数据中断', playbook: '检查集成。' } };
    const put = await admin(`/api/alerts/rules/${id}`, { method: 'PUT', body: { ...rule, texts } });
    expect(put.status).toBe(200);
    const list = await (await admin('/api/alerts/rules')).json<{
      items: { id: string; texts?: unknown }[];
    }>();
    expect(list.items.find((r) => r.id === id)!.texts).toEqual(texts);
    expect(list.items.find((r) => r.id === 'nps-detractor')!.texts).toEqual({
      zh: DEFAULT_ALERT_RULES.find((r) => r.id === 'nps-detractor')!.texts!.zh,
    });
    const bad = await admin(`/api/alerts/rules/${id}`, {
      method: 'PUT',
      body: { ...rule, texts: { fr: { name: 'x' } } },
    });
    expect(bad.status).toBe(400);
    await admin(`/api/alerts/rules/${id}`, { method: 'PUT', body: rule });
  });
});

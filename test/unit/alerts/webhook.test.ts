import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  isRetryableWebhookStatus,
  MAX_WEBHOOK_ATTEMPTS,
  nextRetryDelaySeconds,
  type RaisedAlert,
  SEVERITY_COLORS,
  type SlackBlock,
  slackPayload,
} from '../../../shared/alerts';

const alert: RaisedAlert = {
  ruleId: 'renewal-at-risk',
  kind: 'renewal_due',
  severity: 'critical',
  title: 'Renewal on 2026-06-10 (in 41 days) while Yellow',
  detail: 'Acme renews on 2026-06-10, in 41 days, and is Yellow with a health score of 52.0.',
  playbook: '1. Book a value review.\n2. Tell the account executive.',
};
const URL = 'https://keepwell.example.com/accounts/7';

function texts(blocks: SlackBlock[]): string[] {
  return blocks.flatMap((b) => {
    if (b.type === 'header') return [b.text.text];
    if (b.type === 'section') return [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)];
    if (b.type === 'context') return b.elements.map((e) => e.text);
    return b.elements.map((e) => e.text.text);
  });
}

describe('slackPayload', () => {
  it('has a text fallback, the title as header and account and severity fields', () => {
    const p = slackPayload(alert, { accountName: 'Acme' });
    expect(p.text).toBe('[Critical] Acme: Renewal on 2026-06-10 (in 41 days) while Yellow');
    expect(p.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: alert.title, emoji: true },
    });
    expect(texts(p.blocks)).toContain('*Account*\nAcme');
    expect(texts(p.blocks)).toContain('*Severity*\n:rotating_light: Critical');
  });

  it('puts detail and playbook in an attachment coloured by severity', () => {
    const p = slackPayload(alert, { accountName: 'Acme' });
    expect(p.attachments).toHaveLength(1);
    expect(p.attachments[0]!.color).toBe(SEVERITY_COLORS.critical);
    expect(texts(p.attachments[0]!.blocks)).toEqual([alert.detail, `*Playbook*\n${alert.playbook}`]);
    expect(slackPayload({ ...alert, severity: 'info' }, { accountName: 'Acme' }).attachments[0]!.color).toBe(
      '#2563eb',
    );
    expect(
      slackPayload({ ...alert, severity: 'warning' }, { accountName: 'Acme' }).attachments[0]!.color,
    ).toBe('#f59e0b');
  });

  it('links the account and adds a button when accountUrl is given', () => {
    const p = slackPayload(alert, { accountName: 'Acme', accountUrl: URL });
    expect(texts(p.blocks)).toContain(`*Account*\n<${URL}|Acme>`);
    expect(p.attachments[0]!.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open account', emoji: false },
          url: URL,
          action_id: 'open_account',
        },
      ],
    });
  });

  it('has no button without a URL and drops a URL that is not absolute http(s)', () => {
    for (const accountUrl of [
      undefined,
      'javascript:alert(1)',
      '/accounts/7',
      'https://x.test/a|b',
      'https://x y',
    ]) {
      const p = slackPayload(alert, { accountName: 'Acme', accountUrl });
      expect(
        p.attachments[0]!.blocks.some((b) => b.type === 'actions'),
        String(accountUrl),
      ).toBe(false);
      expect(texts(p.blocks)).toContain('*Account*\nAcme');
    }
  });

  it('escapes mrkdwn control characters in user text', () => {
    const p = slackPayload(
      { ...alert, detail: 'Contact <dana@acme.com> left R&D' },
      { accountName: '<!channel> & Co', accountUrl: URL },
    );
    expect(texts(p.blocks)).toContain(`*Account*\n<${URL}|&lt;!channel&gt; &amp; Co>`);
    expect(p.text).toBe(
      '[Critical] &lt;!channel&gt; &amp; Co: Renewal on 2026-06-10 (in 41 days) while Yellow',
    );
    expect(texts(p.attachments[0]!.blocks)[0]).toBe('Contact &lt;dana@acme.com&gt; left R&amp;D');
    expect(escapeMrkdwn('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });

  it('uses a valid tier colour for the bar and ignores an invalid one', () => {
    expect(slackPayload(alert, { accountName: 'Acme', tierColor: '#eab308' }).attachments[0]!.color).toBe(
      '#eab308',
    );
    expect(slackPayload(alert, { accountName: 'Acme', tierColor: 'yellow' }).attachments[0]!.color).toBe(
      SEVERITY_COLORS.critical,
    );
  });

  it("keeps the header within Slack's 150-character limit", () => {
    const p = slackPayload({ ...alert, title: 'x'.repeat(400) }, { accountName: 'Acme' });
    const header = p.blocks[0]!;
    expect(header.type === 'header' && header.text.text.length).toBe(150);
    expect(header.type === 'header' && header.text.text.endsWith('…')).toBe(true);
  });

  it('is plain JSON', () => {
    const p = slackPayload(alert, { accountName: 'Acme', accountUrl: URL });
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });
});

describe('webhook retries', () => {
  it('backs off 30 s, 2 min, 10 min, 1 h, then gives up', () => {
    expect(MAX_WEBHOOK_ATTEMPTS).toBe(5);
    expect([1, 2, 3, 4, 5, 6].map((n) => nextRetryDelaySeconds(n))).toEqual([30, 120, 600, 3600, null, null]);
  });

  it('waits at least as long as Retry-After asks, capped at an hour', () => {
    expect(nextRetryDelaySeconds(1, 90)).toBe(90);
    expect(nextRetryDelaySeconds(2, 5)).toBe(120);
    expect(nextRetryDelaySeconds(1, 86_400)).toBe(3600);
    expect(nextRetryDelaySeconds(1, 0.2)).toBe(30);
    expect(nextRetryDelaySeconds(1, Number.NaN)).toBe(30);
    expect(nextRetryDelaySeconds(MAX_WEBHOOK_ATTEMPTS, 10)).toBeNull();
  });

  it('rejects attempt numbers below 1 or fractional', () => {
    expect(() => nextRetryDelaySeconds(0)).toThrow(RangeError);
    expect(() => nextRetryDelaySeconds(1.5)).toThrow(RangeError);
  });

  it('retries network errors, 408, 425, 429 and 5xx but not other 4xx', () => {
    expect([null, 408, 425, 429, 500, 503].map(isRetryableWebhookStatus)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([400, 403, 404, 410, 200].map(isRetryableWebhookStatus)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

import { checkWebhookUrl, isRetryableWebhookStatus } from '../../shared/alerts';
import type { MailProvider } from '../../shared/contracts/mail';
import { describeWebhookFailure } from '../alerts/webhook-job';
import type { Env } from '../common/env';
import type { OutgoingMail, StoredMailSettings } from './store';

/** What a provider answers: the provider's message id, or why not and whether trying later may help. */
export type SendOutcome =
  | { ok: true; messageId: string | null }
  | { ok: false; error: string; retryable: boolean; retryAfterSeconds?: number };

/** One way mail leaves the Worker. */
export interface MailTransport {
  name: MailProvider;
  send(mail: OutgoingMail, from: string): Promise<SendOutcome>;
}

/** How long an HTTP provider (or the local sink) gets to answer, ms. */
export const MAIL_HTTP_TIMEOUT_MS = 10_000;

/** Every message as JSON: the Resend `POST /emails` body, which the local sink also reads. */
function resendBody(mail: OutgoingMail, from: string) {
  return {
    from,
    to: [mail.recipient],
    subject: mail.subject,
    text: mail.bodyText ?? '',
    ...(mail.bodyHtml ? { html: mail.bodyHtml } : {}),
    ...(Object.keys(mail.headers).length ? { headers: mail.headers } : {}),
  };
}

/** POSTs JSON and reads `{ id }` back; 408/425/429/5xx and network errors are retryable. */
async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  fetcher: typeof fetch,
): Promise<SendOutcome> {
  try {
    const res = await fetcher(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(MAIL_HTTP_TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.ok) {
      let id: unknown = null;
      try {
        id = (JSON.parse(text) as { id?: unknown }).id;
      } catch {
        // A 2xx without a JSON id still delivered.
      }
      return { ok: true, messageId: typeof id === 'string' || typeof id === 'number' ? String(id) : null };
    }
    const retryAfter = Number(res.headers.get('Retry-After'));
    return {
      ok: false,
      error: `${describeWebhookFailure(res)}${text ? `: ${text.slice(0, 200)}` : ''}`,
      retryable: isRetryableWebhookStatus(res.status),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  } catch (err) {
    return { ok: false, error: describeWebhookFailure(err, MAIL_HTTP_TIMEOUT_MS), retryable: true };
  }
}

const unavailable = (name: MailProvider, error: string): MailTransport => ({
  name,
  send: async () => ({ ok: false, error, retryable: false }),
});

/**
 * The transport the settings choose. Unset provider: the local stand-in when MAIL_SINK_URL is set (wrangler
 * dev, tests), else none. A chosen provider that cannot work (no binding, no URL or key) fails each message
 * with the reason, so the log says what to fix.
 * @example const transport = mailTransport(env, await getMailSettings(db), null)
 */
export function mailTransport(
  env: Pick<Env, 'EMAIL' | 'MAIL_SINK_URL'>,
  config: StoredMailSettings,
  apiKey: string | null,
  fetcher: typeof fetch = fetch,
  /** Why the stored API key could not be read, when it could not. */
  keyProblem: string | null = null,
): MailTransport {
  const provider = config.provider ?? (env.MAIL_SINK_URL ? 'local' : 'none');
  switch (provider) {
    case 'none':
      return unavailable('none', 'mail is not configured (Settings → Mail)');
    case 'local': {
      const sink = env.MAIL_SINK_URL;
      if (!sink) return unavailable('local', 'the local stand-in needs MAIL_SINK_URL (npm start sets it)');
      // The sink is the developer's own machine (set in .dev.vars, not by an admin): no address check.
      return {
        name: 'local',
        send: (mail, from) =>
          postJson(sink, { id: mail.id, kind: mail.kind, ...resendBody(mail, from) }, {}, fetcher),
      };
    }
    case 'cloudflare': {
      const binding = env.EMAIL;
      if (!binding) return unavailable('cloudflare', 'the Worker has no send_email binding named EMAIL');
      return {
        name: 'cloudflare',
        async send(mail, from) {
          try {
            const result = await binding.send({
              from,
              to: mail.recipient,
              subject: mail.subject,
              text: mail.bodyText ?? '',
              ...(mail.bodyHtml ? { html: mail.bodyHtml } : {}),
              ...(Object.keys(mail.headers).length ? { headers: mail.headers } : {}),
            });
            return { ok: true, messageId: result?.messageId ?? null };
          } catch (err) {
            return { ok: false, error: err instanceof Error ? err.message : String(err), retryable: true };
          }
        },
      };
    }
    case 'http': {
      if (keyProblem) return unavailable('http', keyProblem);
      if (!config.httpUrl || !apiKey)
        return unavailable('http', 'the HTTP mail API needs a URL and an API key (Settings → Mail)');
      // Checked again before every send, as the webhook is: a URL saved before the rules is refused.
      const target = checkWebhookUrl(config.httpUrl);
      if (!target.ok) return unavailable('http', `refused: ${target.message}`);
      return {
        name: 'http',
        send: (mail, from) =>
          postJson(target.url, resendBody(mail, from), { Authorization: `Bearer ${apiKey}` }, fetcher),
      };
    }
  }
}

import type { RaisedAlert } from './evaluate';
import type { AlertSeverity } from './rules';

/**
 * A Slack text object. `mrkdwn` text has `&`, `<` and `>` escaped by {@link slackPayload}.
 * @example const t: SlackText = { type: 'mrkdwn', text: '*Playbook*' };
 */
export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}

/**
 * A link button (Block Kit).
 * @example const b: SlackButton = { type: 'button', text: { type: 'plain_text', text: 'Open account' }, url: 'https://keepwell.example.com/accounts/7' };
 */
export interface SlackButton {
  type: 'button';
  text: SlackText;
  url: string;
  action_id?: string;
}

/**
 * The Block Kit blocks the alert message uses.
 * @example const b: SlackBlock = { type: 'header', text: { type: 'plain_text', text: 'Tier dropped' } };
 */
export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'actions'; elements: SlackButton[] };

/**
 * A Slack incoming-webhook body: `text` is the notification and fallback, `blocks` the message head
 * (title, account, severity), and one coloured `attachments` entry the body (detail, playbook, link).
 * @example const m: SlackMessage = slackPayload(alert, { accountName: 'Acme' }); // POST as JSON
 */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
  attachments: { color: string; fallback: string; blocks: SlackBlock[] }[];
}

/**
 * The options of {@link slackPayload}: the account's name, an absolute http(s) link to it in the
 * app (adds a button), and the account's tier colour (`#rrggbb`) to use for the bar instead of the
 * severity colour.
 * @example const o: SlackPayloadOptions = { accountName: 'Acme', accountUrl: 'https://keepwell.example.com/accounts/7' };
 */
export interface SlackPayloadOptions {
  accountName: string;
  accountUrl?: string;
  tierColor?: string;
}

/**
 * Attachment bar colour per severity.
 * @example SEVERITY_COLORS.critical // '#dc2626'
 */
export const SEVERITY_COLORS: Readonly<Record<AlertSeverity, string>> = {
  info: '#2563eb',
  warning: '#f59e0b',
  critical: '#dc2626',
};

const SEVERITY_LABELS: Readonly<Record<AlertSeverity, string>> = {
  info: ':information_source: Info',
  warning: ':warning: Warning',
  critical: ':rotating_light: Critical',
};

// Slack's limits: header text 150 chars, section text 3000, button text 75, URLs 3000.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const URL_MAX = 3000;

/**
 * Builds the Slack-compatible JSON for one alert. User-supplied text is escaped for mrkdwn and cut to
 * Slack's block limits; an `accountUrl` that is not an absolute http(s) URL is left out rather than
 * sent broken, and an invalid `tierColor` falls back to the severity colour.
 * @example slackPayload(alert, { accountName: 'Acme', accountUrl: 'https://keepwell.example.com/accounts/7' }).text
 * // '[Critical] Acme: Renewal on 2026-06-10 (in 41 days) while Yellow'
 */
export function slackPayload(alert: RaisedAlert, options: SlackPayloadOptions): SlackMessage {
  const url = safeUrl(options.accountUrl);
  const severity = SEVERITY_LABELS[alert.severity];
  const account = url ? `<${url}|${escapeMrkdwn(options.accountName)}>` : escapeMrkdwn(options.accountName);
  const color =
    options.tierColor && /^#[0-9a-fA-F]{6}$/.test(options.tierColor)
      ? options.tierColor
      : SEVERITY_COLORS[alert.severity];
  const fallback = `[${capitalise(alert.severity)}] ${options.accountName}: ${alert.title}`;

  const body: SlackBlock[] = [
    { type: 'section', text: mrkdwn(escapeMrkdwn(alert.detail)) },
    { type: 'section', text: mrkdwn(`*Playbook*\n${escapeMrkdwn(alert.playbook)}`) },
  ];
  if (url) {
    body.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open account', emoji: false },
          url,
          action_id: 'open_account',
        },
      ],
    });
  }

  return {
    text: escapeMrkdwn(fallback),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(alert.title, HEADER_MAX), emoji: true } },
      { type: 'section', fields: [mrkdwn(`*Account*\n${account}`), mrkdwn(`*Severity*\n${severity}`)] },
    ],
    attachments: [{ color, fallback: escapeMrkdwn(fallback), blocks: body }],
  };
}

/**
 * Escapes the three characters Slack mrkdwn treats as control characters.
 * @example escapeMrkdwn('R&D <team>') // 'R&amp;D &lt;team&gt;'
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function mrkdwn(text: string): SlackText {
  return { type: 'mrkdwn', text: truncate(text, SECTION_MAX) };
}

function truncate(text: string, max: number): string {
  // Cut on a code point boundary so a surrogate pair is never split.
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function safeUrl(url: string | undefined): string | null {
  // `|` and `>` would end a Slack link early; whitespace is never valid in a URL.
  if (!url || url.length > URL_MAX || !/^https?:\/\/[^\s<>|]+$/i.test(url)) return null;
  return url;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------------------------------------------
// Delivery retries

/**
 * Delays before retries 1, 2, 3, 4 (seconds): 30 s, 2 min, 10 min, 1 h.
 * @example WEBHOOK_RETRY_DELAYS_SECONDS[1] // 120
 */
export const WEBHOOK_RETRY_DELAYS_SECONDS: readonly number[] = [30, 120, 600, 3600];

/**
 * Longest wait between attempts, seconds (also caps a Retry-After header).
 * @example MAX_WEBHOOK_RETRY_DELAY_SECONDS // 3600
 */
export const MAX_WEBHOOK_RETRY_DELAY_SECONDS = 3600;

/**
 * Attempts per delivery, the first included; after the last one fails the delivery is marked failed
 * and shown to admins.
 * @example MAX_WEBHOOK_ATTEMPTS // 5
 */
export const MAX_WEBHOOK_ATTEMPTS = 1 + WEBHOOK_RETRY_DELAYS_SECONDS.length;

/**
 * Seconds to wait after failed attempt number `attempt` (1 = the first attempt failed), or null when
 * that was the last allowed attempt. Backoff grows 30 s → 2 min → 10 min → 1 h; a server's Retry-After
 * (seconds) lengthens the wait, never shortens it, and is capped at 1 h. No jitter: the core is
 * deterministic, and deliveries are spread by when their alerts were raised.
 * @example [1, 2, 3, 4, 5].map((n) => nextRetryDelaySeconds(n)) // [30, 120, 600, 3600, null]
 */
export function nextRetryDelaySeconds(attempt: number, retryAfterSeconds?: number | null): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be a positive integer (got ${attempt})`);
  }
  if (attempt >= MAX_WEBHOOK_ATTEMPTS) return null;
  const base = WEBHOOK_RETRY_DELAYS_SECONDS[attempt - 1] ?? MAX_WEBHOOK_RETRY_DELAY_SECONDS;
  const hinted =
    typeof retryAfterSeconds === 'number' && Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0
      ? Math.ceil(retryAfterSeconds)
      : 0;
  return Math.min(MAX_WEBHOOK_RETRY_DELAY_SECONDS, Math.max(base, hinted));
}

/**
 * Whether a failed delivery is worth retrying: network errors and timeouts (`null`), 408, 425, 429
 * and 5xx. Other 4xx (e.g. Slack's 404 `no_service`, 410 `channel_is_archived`, 403) will not heal by
 * waiting, so the delivery fails at once and the admin sees why.
 * @example [null, 429, 503, 404].map(isRetryableWebhookStatus) // [true, true, true, false]
 */
export function isRetryableWebhookStatus(status: number | null): boolean {
  if (status === null) return true;
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

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

// ---------------------------------------------------------------------------------------------------
// Target URL policy

/**
 * Longest wait for a webhook target to answer, ms. A target that takes longer is aborted and the attempt
 * counts as a network failure (retried), so a slow target cannot hold the queue consumer.
 * @example AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)
 */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Why {@link checkWebhookUrl} refused a URL: not a URL; not https; user or password in it; a local host
 * name (`localhost`, `*.localhost`, `*.local`, `*.internal`, `*.home.arpa`, a name without a dot); an IP
 * literal that is not a public unicast address.
 * @example const p: WebhookUrlProblem = 'PRIVATE_ADDRESS';
 */
export type WebhookUrlProblem =
  | 'INVALID_URL'
  | 'NOT_HTTPS'
  | 'CREDENTIALS'
  | 'LOCAL_HOST'
  | 'PRIVATE_ADDRESS';

/**
 * The result of {@link checkWebhookUrl}: the URL as the WHATWG parser normalises it (what is stored and
 * fetched), or the problem and a sentence for the admin.
 * @example const r: WebhookUrlCheck = { ok: true, url: 'https://hooks.slack.com/services/T0/B0/x' };
 */
export type WebhookUrlCheck =
  | { ok: true; url: string }
  | { ok: false; problem: WebhookUrlProblem; message: string };

// IPv4 ranges that are not public unicast (RFC 6890 special-purpose registry): [first octets, prefix bits].
const BLOCKED_V4: readonly (readonly [number, number, number, number, number])[] = [
  [0, 0, 0, 0, 8], // "this network"; 0.0.0.0 reaches the local host on many systems
  [10, 0, 0, 0, 8], // private
  [100, 64, 0, 0, 10], // carrier-grade NAT
  [127, 0, 0, 0, 8], // loopback
  [169, 254, 0, 0, 16], // link-local, incl. cloud metadata at 169.254.169.254
  [172, 16, 0, 0, 12], // private
  [192, 0, 0, 0, 24], // IETF protocol assignments
  [192, 0, 2, 0, 24], // documentation
  [192, 88, 99, 0, 24], // 6to4 relay anycast
  [192, 168, 0, 0, 16], // private
  [198, 18, 0, 0, 15], // benchmarking
  [198, 51, 100, 0, 24], // documentation
  [203, 0, 113, 0, 24], // documentation
  [224, 0, 0, 0, 4], // multicast
  [240, 0, 0, 0, 4], // reserved, and the broadcast address
];

const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.localdomain'];

/** The parts of a WHATWG URL used here (typed here so `shared/` needs no platform types). */
interface ParsedUrl {
  href: string;
  protocol: string;
  username: string;
  password: string;
  host: string;
  hostname: string;
  pathname: string;
  search: string;
  hash: string;
}

/**
 * Parses with the runtime's WHATWG URL parser (Workers, browsers and Node all have one): the same parser
 * `fetch` uses, so the host judged here is the host that would be connected to. Null when not a URL.
 */
function parseUrl(raw: string): ParsedUrl | null {
  const Url = (globalThis as { URL?: new (input: string) => ParsedUrl }).URL;
  if (!Url) throw new Error('the WHATWG URL parser is not available');
  try {
    return new Url(raw);
  } catch {
    return null;
  }
}

const refuse = (problem: WebhookUrlProblem, message: string): WebhookUrlCheck => ({
  ok: false,
  problem,
  message,
});

/**
 * Whether Keepwell may POST to a webhook URL: https only, no user or password, and a host that is a
 * public DNS name or a public unicast IP literal — never `localhost`/`*.localhost` or another local name,
 * and never a loopback, private, link-local, CGNAT, documentation, multicast or reserved IPv4 address,
 * nor an IPv6 literal outside global unicast `2000::/3` (so `::1`, `fe80::/10`, `fc00::/7`, IPv4-mapped
 * `::ffff:0:0/96`, IPv4-compatible and NAT64 forms are refused; a 6to4 address is judged by the IPv4
 * address it embeds; documentation `2001:db8::/32` and Teredo `2001::/32` are refused). The URL parser
 * normalises `0x7f000001`, `127.1`, `2130706433`, `0177.0.0.1` and `[::ffff:127.0.0.1]` first, so every
 * spelling of an address is judged as the address it is. Pure: host names are not resolved (a public
 * name that resolves to a private address is the network's to stop; Cloudflare's edge cannot reach one).
 * @example checkWebhookUrl('https://0x7f000001/hook') // { ok: false, problem: 'PRIVATE_ADDRESS', message: … }
 * @example checkWebhookUrl('https://Hooks.Slack.com/services/T0/B0/x') // { ok: true, url: 'https://hooks.slack.com/services/T0/B0/x' }
 */
export function checkWebhookUrl(raw: string): WebhookUrlCheck {
  const url = parseUrl(raw);
  if (!url) return refuse('INVALID_URL', 'not a valid absolute URL');
  if (url.protocol !== 'https:') return refuse('NOT_HTTPS', 'the webhook must be an https:// URL');
  if (url.username !== '' || url.password !== '')
    return refuse('CREDENTIALS', 'put no user name or password in the URL; use a token in its path instead');
  const host = url.hostname;
  if (host.startsWith('[')) {
    const reason = ipv6Refusal(host.slice(1, -1));
    return reason ? refuse('PRIVATE_ADDRESS', `${host} ${reason}`) : { ok: true, url: url.href };
  }
  const v4 = parseIpv4(host);
  if (v4) {
    return isPublicIpv4(v4)
      ? { ok: true, url: url.href }
      : refuse('PRIVATE_ADDRESS', `${host} is a loopback, private, link-local or reserved address`);
  }
  const name = host.replace(/\.+$/, '');
  if (name === 'localhost' || LOCAL_SUFFIXES.some((s) => name.endsWith(s)) || !name.includes('.'))
    return refuse('LOCAL_HOST', `${host} is a local host name; use the target's public DNS name`);
  return { ok: true, url: url.href };
}

/**
 * A webhook URL as the audit log keeps it: scheme, host and port only, since the path and query of a
 * webhook URL are its secret (a Slack incoming webhook is `https://hooks.slack.com/services/<secret>`).
 * @example redactWebhookUrl('https://hooks.slack.com/services/T0/B0/xyz') // 'https://hooks.slack.com/…'
 */
export function redactWebhookUrl(raw: string): string {
  const url = parseUrl(raw);
  if (!url) return '(not a URL)';
  const rest = url.pathname === '/' && !url.search && !url.hash ? '/' : '/…';
  return `${url.protocol}//${url.host}${rest}`;
}

/** Dotted-quad IPv4 (as the URL parser serialises every IPv4 form) to its four octets, else null. */
function parseIpv4(host: string): [number, number, number, number] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const octets = m.slice(1).map(Number) as [number, number, number, number];
  return octets.every((o) => o <= 255) ? octets : null;
}

function isPublicIpv4(octets: readonly number[]): boolean {
  const value = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  return !BLOCKED_V4.some(([a, b, c, d, bits]) => {
    const base = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (value & mask) >>> 0 === base;
  });
}

/**
 * Eight 16-bit groups of an IPv6 literal (no brackets, no zone), or null. Accepts `::` compression and a
 * trailing dotted IPv4, though the URL parser always hands over compressed hex.
 */
function parseIpv6(text: string): number[] | null {
  let s = text.toLowerCase();
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const v4 = parseIpv4(dotted[2]!);
    if (!v4) return null;
    tail.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    s = dotted[1]!.endsWith('::') ? dotted[1]! : dotted[1]!.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const zeros = new Array<number>(8 - known).fill(0);
  return [...head.map((g) => parseInt(g, 16)), ...zeros, ...rest.map((g) => parseInt(g, 16)), ...tail];
}

/** Why an IPv6 literal is refused, or null when it is public global unicast. */
function ipv6Refusal(text: string): string | null {
  const g = parseIpv6(text);
  if (!g) return 'is not a valid IPv6 address';
  const first = g[0]!;
  if ((first & 0xe000) !== 0x2000) {
    if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff)
      return 'is an IPv4-mapped address; use the host name';
    return 'is a loopback, link-local, unique-local, multicast or otherwise non-global address';
  }
  if (first === 0x2001 && g[1] === 0x0db8) return 'is a documentation address';
  if (first === 0x2001 && g[1] === 0) return 'is a Teredo tunnel address';
  if (first === 0x2002 && !isPublicIpv4([g[1]! >> 8, g[1]! & 0xff, g[2]! >> 8, g[2]! & 0xff]))
    return 'is a 6to4 address of a private IPv4 address';
  return null;
}

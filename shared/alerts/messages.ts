import { z } from 'zod';

/**
 * The languages beside English that stored texts may carry (English is always the base text).
 * @example TEXT_LOCALES.includes('zh') // true
 */
export const TEXT_LOCALES = ['zh'] as const;

/**
 * A text in English with optional translations, e.g. a rule's playbook or a tier's guidance.
 * @example const t: LocalizedText = { en: 'Call the sponsor.', zh: '致电发起人。' };
 */
export interface LocalizedText {
  en: string;
  zh?: string;
}

/**
 * One parameter of an alert message. Strings and numbers are shown as they are (numbers already rounded as the
 * English text shows them); the object forms are translated by the reader's client:
 * `{ tier, label }` a tier key (the locale's tier name; `label` the model's name, the fallback),
 * `{ measure, label }` a measure key (the locale's name for a default measure key, else `label`),
 * `{ text }` a text with its translations, `{ msg }` a sub-message, `{ list }` sub-messages joined with the locale's
 * list separator. A number parameter named `n` also picks the plural form.
 * @example const p: AlertMessageParam = { tier: 'yellow', label: 'Yellow' };
 */
export type AlertMessageParam =
  | string
  | number
  | { tier: string; label: string }
  | { measure: string; label: string }
  | { text: LocalizedText }
  | { msg: AlertMessage }
  | { list: AlertMessage[] };

/**
 * A message of the SPA's catalogue (`key`, e.g. `alerts.msg.tierDrop.title`) with its named parameters.
 * @example const m: AlertMessage = { key: 'alerts.msg.staleData.title', params: { days: 16, last: '2026-04-14' } };
 */
export interface AlertMessage {
  key: string;
  params?: Record<string, AlertMessageParam>;
}

/**
 * An alert's texts as message keys and parameters, beside its English `title`, `detail` and `playbook`: the
 * reader's client renders them in its language. `detail` and `playbook` are sentences or paragraphs, joined by a
 * space and by a blank line.
 * @example const m: AlertMessages = { title: { key: 'alerts.msg.staleData.title', params: { days: 16, last: '2026-04-14' } }, detail: [], playbook: [] };
 */
export interface AlertMessages {
  title: AlertMessage;
  detail: AlertMessage[];
  playbook: AlertMessage[];
}

// Parameters are checked as JSON values only: a recursive schema (sub-messages) cannot be laid out by the
// OpenAPI generator, and clients render unknown shapes as text anyway.
const alertMessageSchema = z
  .object({
    key: z.string(),
    params: z.record(z.string(), z.unknown()).optional().meta({
      description:
        'Named parameters: a string or number, or `{ tier, label }`, `{ measure, label }`, `{ text: { en, zh? } }`, `{ msg }`, `{ list }`.',
    }),
  })
  .meta({ id: 'AlertMessage' }) as unknown as z.ZodType<AlertMessage>;

/**
 * The contract of {@link AlertMessages}, for the API's alert, task and timeline shapes.
 * @example alertMessagesSchema.parse({ title: { key: 'alerts.msg.text', params: { text: { text: { en: 'Hi' } } } }, detail: [], playbook: [] })
 */
export const alertMessagesSchema = z
  .object({
    title: alertMessageSchema,
    detail: z.array(alertMessageSchema),
    playbook: z.array(alertMessageSchema),
  })
  .meta({
    id: 'AlertMessages',
    description:
      'The title, detail sentences and playbook paragraphs as message keys and parameters, for clients that show the alert in another language; `title`, `detail` and `playbook` stay the English text.',
  });

/**
 * A message that is only a text with its translations (`alerts.msg.text` renders `{text}`).
 * @example textMessage({ en: 'Call them.', zh: '给他们打电话。' })
 */
export function textMessage(text: LocalizedText): AlertMessage {
  return { key: 'alerts.msg.text', params: { text: { text } } };
}

/**
 * A message with key `alerts.msg.<name>` and parameters; parameters that are undefined are left out.
 * @example msg('staleData.title', { days: 16, last: '2026-04-14' }) // { key: 'alerts.msg.staleData.title', params: { days: 16, last: '2026-04-14' } }
 */
export function msg(name: string, params: Record<string, AlertMessageParam | undefined> = {}): AlertMessage {
  const out: Record<string, AlertMessageParam> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = v;
  return { key: `alerts.msg.${name}`, params: out };
}

/**
 * Reads a stored messages column: null when absent or not JSON (alerts raised before messages existed).
 * @example parseAlertMessages(null) // null
 */
export function parseAlertMessages(json: string | null | undefined): AlertMessages | null {
  if (!json) return null;
  try {
    const parsed = alertMessagesSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

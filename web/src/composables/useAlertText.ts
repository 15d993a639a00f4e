import { useI18n } from 'vue-i18n';
import { ALERT_MESSAGE_TEXTS_EN, ALERT_MESSAGE_TEXTS_ZH } from '../../../shared/alerts/message-texts';
import type { AlertMessage, AlertMessageParam, AlertMessages } from '../../../shared/alerts/messages';
import { defaultLabelZh } from '../../../shared/health/default-texts';
import { useTiers } from './useTiers';

/** What an alert-like item carries: its English texts and, when the server sent them, their message keys. */
export interface AlertTexts {
  title: string;
  detail?: string;
  playbook?: string;
  messages?: AlertMessages | null;
}

/** A task with its alert's title and messages (`GET /api/tasks`). */
export interface TaskTexts {
  title: string;
  alertTitle: string | null;
  alertMessages?: AlertMessages | null;
}

/**
 * Alert texts in the reader's language: English readers get the server's English text; other locales render
 * the message keys and parameters the server stored with the alert (tier names, measure names and rule texts
 * translated too), falling back to the English text when the alert has no messages (raised before them, or a
 * user-authored rule without a translation, whose playbook then stays as written).
 * @example
 * const { title, detail, playbook } = useAlertText()
 * title(alert) // '健康档位从绿色降至黄色（82.0 → 55.0）'
 */
export function useAlertText() {
  const { t, locale } = useI18n();
  const { tier } = useTiers();

  function param(p: AlertMessageParam): string {
    if (typeof p === 'string' || typeof p === 'number') return String(p);
    if ('tier' in p) {
      const shown = tier(p.tier);
      // A key the tier settings do not know (a custom model's) keeps the model's own name.
      return shown.name === p.tier ? p.label : shown.name;
    }
    if ('measure' in p) return measureLabel(p.measure, p.label);
    if ('text' in p) return (locale.value === 'zh' ? p.text.zh : undefined) ?? p.text.en;
    if ('msg' in p) return render(p.msg);
    // From the catalogue as written: vue-i18n would drop the trailing space of ', '.
    const texts = locale.value === 'zh' ? ALERT_MESSAGE_TEXTS_ZH : ALERT_MESSAGE_TEXTS_EN;
    return p.list.map(render).join(texts.listSep);
  }

  /** One message in the reader's language; a number parameter `n` picks the plural form. */
  function render(m: AlertMessage): string {
    const named: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.params ?? {})) named[k] = param(v);
    const n = m.params?.n;
    return typeof n === 'number' ? t(m.key, named, n) : t(m.key, named);
  }

  /** A default measure's name in the reader's language while it has its default English label. */
  function measureLabel(key: string, label: string): string {
    return (locale.value === 'zh' ? defaultLabelZh('measure', key, label) : undefined) ?? label;
  }

  const translated = (a: AlertTexts) => locale.value !== 'en' && a.messages;
  const title = (a: AlertTexts): string => (translated(a) ? render(a.messages!.title) : a.title);

  return {
    title,
    /** A task's title: a task still titled as the alert it came from shows the alert's title in the reader's language. */
    taskTitle: (task: TaskTexts): string =>
      task.alertMessages && task.title === task.alertTitle
        ? title({ title: task.title, messages: task.alertMessages })
        : task.title,
    /** The title of a task's alert, or null when it has none. */
    taskAlertTitle: (task: TaskTexts): string | null =>
      task.alertTitle === null ? null : title({ title: task.alertTitle, messages: task.alertMessages }),
    detail: (a: AlertTexts): string =>
      translated(a)
        ? a.messages!.detail.map(render).join(locale.value === 'zh' ? '' : ' ')
        : (a.detail ?? ''),
    playbook: (a: AlertTexts): string =>
      translated(a) ? a.messages!.playbook.map(render).join('\n\n') : (a.playbook ?? ''),
    render,
    measureLabel,
    /** A rule's name in the reader's language (its own translation, else the English name). */
    ruleName: (rule: { name: string; texts?: { zh?: { name?: string } } }): string =>
      (locale.value === 'zh' ? rule.texts?.zh?.name : undefined) ?? rule.name,
  };
}

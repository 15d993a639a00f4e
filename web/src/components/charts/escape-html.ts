import type { TooltipComponentFormatterCallbackParams } from 'echarts';

// ECharts inserts whatever a tooltip `formatter` returns as HTML (innerHTML), and Keepwell's chart text is
// user-controlled: tier, segment, account, feature and dimension names come from settings, models and ingest.
// Its default formatters escape names themselves; a custom formatter must never build markup from data, so every
// formatter in this folder is written with `textTooltip` and returns plain text.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes `& < > " '`, so the text is inert in HTML element content and in quoted attribute values.
 * @example escapeHtml('<img src=x onerror="alert(1)">') // '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** What ECharts passes a tooltip formatter: one item (`trigger: 'item'`) or one per series (`trigger: 'axis'`). */
export type TooltipParams = TooltipComponentFormatterCallbackParams;

/**
 * An ECharts tooltip formatter from a function that returns plain text: one string, or lines. Each line is
 * escaped and the lines are joined with `<br>`, the only markup the tooltip gets.
 * @example tooltip: { trigger: 'item', formatter: textTooltip((p) => [Array.isArray(p) ? '' : p.name, 'Accounts: 3']) }
 */
export function textTooltip(
  text: (params: TooltipParams) => string | readonly string[],
): (params: TooltipParams) => string {
  return (params) => {
    const value = text(params);
    return (typeof value === 'string' ? [value] : value).map(escapeHtml).join('<br>');
  };
}

// Chart labels sit in a fixed box (a radar's axis names beside the web): long names are broken into lines instead
// of running past the edge, where the SVG clips them ("Relationsh"). Pure, so it is tested without a chart.

/** CJK ideographs, kana, Hangul and full-width forms: about twice as wide as a Latin letter, breakable anywhere. */
const WIDE_RANGES =
  '\\u1100-\\u11ff\\u2e80-\\ua4cf\\uac00-\\ud7af\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uffef';
const WIDE = new RegExp(`[${WIDE_RANGES}]`);
/** One wide character, a run of other non-space characters (a word), or a run of spaces. */
const TOKENS = new RegExp(`[${WIDE_RANGES}]|[^\\s${WIDE_RANGES}]+|\\s+`, 'g');

const widthOf = (token: string) => (WIDE.test(token) ? 2 : token.length);

/**
 * Breaks `text` into lines of at most `maxUnits` (a Latin letter is 1 unit, a CJK character 2) at spaces, or
 * between any two CJK characters; a single word longer than a line keeps its own line. Lines are joined with `\n`.
 * @example wrapLabel('Relationship health of the account', 14) // 'Relationship\nhealth of the\naccount'
 */
export function wrapLabel(text: string, maxUnits = 14): string {
  const lines: string[] = [];
  let line = '';
  let units = 0;
  let space = false;
  for (const token of text.match(TOKENS) ?? []) {
    if (/^\s/.test(token)) {
      space = line !== '';
      continue;
    }
    const width = widthOf(token);
    const gap = space ? 1 : 0;
    if (line !== '' && units + gap + width > maxUnits) {
      lines.push(line);
      line = token;
      units = width;
    } else {
      line += space ? ` ${token}` : token;
      units += gap + width;
    }
    space = false;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

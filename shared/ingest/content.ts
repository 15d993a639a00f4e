import { INGEST_LIMITS } from './limits';

/** Why a message's content cannot be stored, whatever its fields mean. Codes are stable API. */
export type ContentErrorCode = 'TOO_DEEP' | 'INVALID_UNICODE';

export interface ContentIssue {
  code: ContentErrorCode;
  /** The message's top-level key holding the offending value (empty when it is a top-level key itself). */
  path: string[];
}

// Text rule, one for every string of a message (ids, names, property/trait/context values and their keys):
// no lone surrogate and no NUL; such a message is rejected, never altered. Ids must not be altered (replacing
// a lone surrogate with U+FFFD could merge two ids), and the other strings feed ids and columns (account id
// from context.groupId or properties.accountId, feature names from page paths, account name and plan from
// traits), so one rule for every string is the only one that never silently merges or corrupts a column.
// Why reject them: SQLite stores a lone surrogate as invalid UTF-8 (the row reads back as U+FFFD and its id
// no longer matches), and its text functions (LIKE, which account search uses) stop at a NUL. Both can only
// reach a JSON body as a `\u` escape from a client that cut a string mid-character or sent binary.
// In `u` mode a class matches code points, so a surrogate pair (an emoji) is one astral code point and does
// not match; only a lone surrogate does.
const UNSTORABLE_TEXT = /[\0\uD800-\uDFFF]/u;

/**
 * Whether a string can be stored and read back as is: no lone surrogate (ill-formed UTF-16) and no NUL.
 * @example isStorableText('cut \uD83D') // false (a lone surrogate); 'Acme 株式会社 🚀' is storable
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE_TEXT.test(value);
}

/**
 * Whether JSON text may decode to a string that is not storable text (see {@link isStorableText}). A JSON
 * string cannot hold a raw NUL (control characters must be escaped) and text decoded from UTF-8 holds no lone
 * surrogate, so both can only come from a `\u` escape: text without `\u` needs no per-string check.
 * @example mayHoldUnstorableText('{"event":"Run"}') // false
 */
export function mayHoldUnstorableText(json: string): boolean {
  return json.includes('\\u');
}

/**
 * The first reason a message's content cannot be stored: a value nested deeper than
 * `INGEST_LIMITS.maxDepth` levels below a top-level key (TOO_DEEP), or, when `checkText`, a key or string
 * value that is not storable text (INVALID_UNICODE). Walks every key of the message, known or not: they all
 * reach JSON.stringify (size check, content-hash messageId), and JSON.stringify overflows the stack a few
 * thousand levels down. The walk keeps its own stack, so a 10,000-level value cannot overflow it either.
 * @example inspectContent({ type: 'track', properties: { a: { b: 1 } } }) // undefined
 */
export function inspectContent(message: Record<string, unknown>, checkText = true): ContentIssue | undefined {
  for (const key in message) {
    if (checkText && !isStorableText(key)) return { code: 'INVALID_UNICODE', path: [] };
    const value = message[key];
    if (typeof value === 'object' && value !== null) {
      const code = inspectTree(value, checkText);
      if (code) return { code, path: [key] };
    } else if (checkText && typeof value === 'string' && !isStorableText(value)) {
      return { code: 'INVALID_UNICODE', path: [key] };
    }
  }
  return undefined;
}

// The walk's stack, reused across calls (an array pair per call was a fifth of the walk's time); every slot
// is cleared as it is popped, so no message outlives its check.
const stackNodes: unknown[] = [];
const stackLevels: number[] = [];

/** Depth-first over `root` (level 1) with an explicit stack; the first issue's code, else undefined. */
function inspectTree(root: object, checkText: boolean): ContentErrorCode | undefined {
  const max = INGEST_LIMITS.maxDepth;
  let top = 0;
  stackNodes[0] = root;
  stackLevels[0] = 1;
  let issue: ContentErrorCode | undefined;
  walk: while (top >= 0) {
    const node = stackNodes[top] as object;
    const childLevel = stackLevels[top]! + 1;
    stackNodes[top--] = undefined;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        if (typeof v === 'object' && v !== null) {
          if (childLevel > max) {
            issue = 'TOO_DEEP';
            break walk;
          }
          stackNodes[++top] = v;
          stackLevels[top] = childLevel;
        } else if (checkText && typeof v === 'string' && !isStorableText(v)) {
          issue = 'INVALID_UNICODE';
          break walk;
        }
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key in record) {
      if (checkText && !isStorableText(key)) {
        issue = 'INVALID_UNICODE';
        break walk;
      }
      const v = record[key];
      if (typeof v === 'object' && v !== null) {
        if (childLevel > max) {
          issue = 'TOO_DEEP';
          break walk;
        }
        stackNodes[++top] = v;
        stackLevels[top] = childLevel;
      } else if (checkText && typeof v === 'string' && !isStorableText(v)) {
        issue = 'INVALID_UNICODE';
        break walk;
      }
    }
  }
  // An early return leaves nodes on the stack: drop them.
  for (; top >= 0; top--) stackNodes[top] = undefined;
  return issue;
}

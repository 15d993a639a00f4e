import type { Context, ValidationTargets } from 'hono';
import { ApiError } from './errors';

/** Deepest nesting of objects and arrays a JSON body may have (admin bodies use fewer than 10 levels). */
export const MAX_JSON_DEPTH = 64;

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
// In a `u` regex a surrogate pair is one code point, so this matches only surrogates that are not paired.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** A body problem the schema cannot see: the path to it and what is wrong. */
interface BodyIssue {
  path: string[];
  code: 'too_deep' | 'invalid_unicode';
  message: string;
}

/**
 * The first part of a parsed JSON value that no route may store: nesting deeper than {@link MAX_JSON_DEPTH}
 * (JSON.stringify of it overflows the stack later, a 500) or a string or key with a lone UTF-16 surrogate
 * (D1 stores it as invalid UTF-8, read back as U+FFFD). Iterative, so any depth is safe to inspect.
 * @example jsonBodyIssue({ name: '\ud800' }) // { path: ['name'], code: 'invalid_unicode', … }
 */
export function jsonBodyIssue(value: unknown): BodyIssue | null {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) {
        return { path, code: 'invalid_unicode', message: 'text must be valid Unicode (a lone surrogate)' };
      }
    } else if (typeof v === 'object' && v !== null) {
      if (path.length >= MAX_JSON_DEPTH) {
        return {
          path: path.slice(0, 8),
          code: 'too_deep',
          message: `nested deeper than ${MAX_JSON_DEPTH} levels`,
        };
      }
      for (const [k, child] of Object.entries(v)) {
        if (LONE_SURROGATE.test(k)) {
          return { path, code: 'invalid_unicode', message: 'keys must be valid Unicode (a lone surrogate)' };
        }
        stack.push({ value: child, path: [...path, k] });
      }
    }
  }
  return null;
}

/**
 * Throws the VALIDATION_FAILED envelope for a parsed body that {@link jsonBodyIssue} finds a problem in;
 * for handlers that must read the body by hand (and check something else first).
 * @example assertJsonBody(await c.req.json())
 */
export function assertJsonBody(value: unknown): void {
  const issue = jsonBodyIssue(value);
  if (issue) throw new ApiError({ code: 'VALIDATION_FAILED', message: 'invalid json', issues: [issue] });
}

/**
 * A request without a JSON Content-Type is validated as `{}` by Hono; that is only right when it has no
 * body at all. A body of another type (text/plain, a form) is refused rather than silently ignored.
 */
async function requireJsonType(c: Context) {
  const type = c.req.header('Content-Type')?.split(';')[0]?.trim() ?? '';
  if (JSON_MEDIA_TYPE.test(type) || c.req.raw.body === null) return;
  // A declared length decides without reading (a large form is refused unread); a chunked body is read.
  const length = c.req.header('Content-Length');
  if (length !== undefined ? Number(length) === 0 : (await c.req.text()).length === 0) return;
  throw new ApiError({
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'send the body as JSON with Content-Type: application/json',
  });
}

/** What zod validation hands the hook: the target, the data and, on failure, zod's issues. */
interface ValidationResult {
  success: boolean;
  data?: unknown;
  target: keyof ValidationTargets;
  error?: { issues: readonly ZodIssueLike[] };
}

interface ZodIssueLike {
  path: readonly PropertyKey[];
  code: string;
  message: string;
  /** An `invalid_union`'s issues per branch. */
  errors?: readonly (readonly ZodIssueLike[])[];
}

/**
 * A failed union (`one record or a list of them`) reports one issue holding every branch's issues; when all
 * branches but one failed only on the value's type, the problems are that branch's, and those are what a
 * client needs to see (e.g. `[3, 'periodEnd']` rather than "invalid input").
 */
function flattenUnions(issues: readonly ZodIssueLike[]): ZodIssueLike[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || !issue.errors) return [issue];
    const typed = issue.errors.filter(
      (branch) =>
        !(branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0),
    );
    if (typed.length !== 1) return [issue];
    return flattenUnions(typed[0]!.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
  });
}

/**
 * The project's one validation hook, behind {@link validate} and every OpenAPI route (worker/common/openapi.ts):
 * a JSON body must be sent as JSON and be at most {@link MAX_JSON_DEPTH} deep and valid Unicode, and every
 * schema failure becomes a VALIDATION_FAILED envelope with `issues`.
 * @example new OpenAPIHono({ defaultHook: validationHook })
 */
export async function validationHook(result: ValidationResult, c: Context): Promise<void> {
  if (result.target === 'json') {
    await requireJsonType(c);
    // What the schema passes through (or failed on) as it will be used: unknown-typed fields included.
    assertJsonBody(result.data);
  }
  if (!result.success) {
    throw new ApiError({
      code: 'VALIDATION_FAILED',
      message: `invalid ${result.target}`,
      issues: flattenUnions(result.error?.issues ?? []).map((i) => ({
        // A list body's problems name their record, as the routes' own checks do.
        ...(Array.isArray(result.data) && typeof i.path[0] === 'number' ? { index: i.path[0] } : {}),
        path: i.path.map(String),
        code: i.code,
        message: i.message,
      })),
    });
  }
}

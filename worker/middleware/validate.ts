import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError } from '../errors';

/**
 * The project's one zod validator: every failure becomes a VALIDATION_FAILED envelope with `issues`.
 * @example route.post('/', validate('json', createSourceInput), (c) => c.json(c.req.valid('json')))
 */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new ApiError({
        code: 'VALIDATION_FAILED',
        message: `invalid ${target}`,
        issues: result.error.issues.map((i) => ({
          path: i.path.map(String),
          code: i.code,
          message: i.message,
        })),
      });
    }
  });
}

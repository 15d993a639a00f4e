import type { RouteConfig } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { createApp } from '../../worker/app';

// Every declared route of the app, as a matcher: `/api/accounts/{externalId}` → ^/api/accounts/([^/]+)$.
// Literal routes are tried before routes with parameters (`/api/accounts/export.csv` before `/{externalId}`).
const routes = createApp()
  .openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route as RouteConfig] : []))
  .map((route) => {
    const params = route.path.match(/\{[^}]+\}/g)?.length ?? 0;
    const pattern = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]+)');
    return { route, params, matcher: new RegExp(`^${pattern}$`) };
  })
  .sort((a, b) => a.params - b.params);

const isZod = (schema: unknown): schema is ZodType =>
  typeof schema === 'object' && schema !== null && 'safeParse' in schema;

/**
 * Checks a real response against the contract its route declares (worker/common/openapi.ts): its status must
 * be one the route declares, its media type one declared for that status, and a JSON body must parse with
 * the declared zod schema (error envelopes with the codes listed for that status). Responses of paths no
 * route declares (404 for an unknown path) are not checked. Throws, naming the route and what differs.
 * @example await assertContract(request, response.clone())
 */
export async function assertContract(request: Request, response: Response): Promise<void> {
  const method = request.method === 'HEAD' ? 'get' : request.method.toLowerCase();
  const path = new URL(request.url).pathname;
  const found = routes.find((r) => r.route.method === method && r.matcher.test(path));
  if (!found) return;
  const { route } = found;
  const name = `${method.toUpperCase()} ${route.path}`;
  const declared = route.responses[response.status] as
    | { content?: Record<string, { schema?: unknown }> }
    | undefined;
  if (!declared) {
    throw new Error(
      `contract: ${name} answered ${response.status} (${await response.text()}), which its contract does not declare`,
    );
  }
  const type = response.headers.get('Content-Type')?.split(';')[0]?.trim() ?? '';
  const content = declared.content;
  if (!content) return;
  const media = content[type];
  if (!media) {
    throw new Error(
      `contract: ${name} ${response.status} sent ${type || 'no Content-Type'}, declared ${Object.keys(content).join(', ')}`,
    );
  }
  if (type !== 'application/json' || !isZod(media.schema)) return;
  const body: unknown = await response.json();
  const parsed = media.schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new Error(`contract: ${name} ${response.status} body does not match its schema: ${issues}`);
  }
}

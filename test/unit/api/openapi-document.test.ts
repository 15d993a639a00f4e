import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../worker/api-docs/document';
import { createApp } from '../../../worker/app';

const app = createApp();
const doc = openApiDocument(app);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Operation = {
  summary?: string;
  tags?: string[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  'x-keepwell-role'?: string;
};
const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  METHODS.flatMap((method) => {
    const op = (item as Record<string, Operation | undefined>)[method];
    return op ? [{ key: `${method.toUpperCase()} ${path}`, path, op }] : [];
  }),
);

describe('the OpenAPI document (/api/openapi.json)', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    // The document as a client receives it: plain JSON.
    const json: Parameters<Validator['validate']>[0] = JSON.parse(JSON.stringify(doc));
    const result = await new Validator().validate(json);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('lists every route the app serves', () => {
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`),
    );
    const documented = new Set(operations.map((o) => o.key));
    expect([...served].filter((route) => !documented.has(route)).sort()).toEqual([]);
  });

  it('gives every operation a summary, one tag, a 2xx response with a schema and the error envelope', () => {
    for (const { key, op } of operations) {
      expect(op.summary, key).toBeTruthy();
      // Exactly one: /api/docs lists an operation under each of its tags, so two would show it twice.
      expect(op.tags?.length, key).toBe(1);
      const statuses = Object.keys(op.responses ?? {});
      const success = statuses.filter((s) => s.startsWith('2'));
      expect(success.length, `${key} declares a 2xx response`).toBeGreaterThan(0);
      for (const status of success) {
        const content = op.responses?.[status]?.content;
        // 204 has no body; every other success names its media type and schema.
        if (status !== '204')
          expect(Object.values(content ?? {})[0]?.schema, `${key} ${status}`).toBeTruthy();
      }
      expect(statuses, `${key} declares INTERNAL_ERROR`).toContain('500');
    }
  });

  it('says which role each /api operation needs', () => {
    for (const { key, path, op } of operations) {
      if (path.startsWith('/api/'))
        expect(op['x-keepwell-role'], key).toMatch(/^(public|admin-token|viewer|csm|admin)$/);
    }
  });

  it('declares the security schemes: session cookie + CSRF header, bearer token, write key', () => {
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual([
      'bearer',
      'csrf',
      'session',
      'writeKey',
    ]);
  });
});

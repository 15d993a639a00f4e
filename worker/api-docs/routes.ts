import { z } from 'zod';
import { createRouter, defineRoute, jsonResponse } from '../common/openapi';

/** The page's own policy: Swagger UI's files from this origin only; it styles elements at run time. */
const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

const DOCS_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Keepwell API reference</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/api-docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api-docs/swagger-ui-bundle.js"></script>
    <script src="/api-docs/init.js"></script>
  </body>
</html>
`;

const tags = ['Docs'];

const documentRoute = defineRoute({
  method: 'get',
  path: '/openapi.json',
  tags,
  summary: 'This API as an OpenAPI 3.1 document',
  responses: {
    200: jsonResponse(
      z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }),
      'The OpenAPI 3.1 document',
    ),
  },
});

const docsRoute = defineRoute({
  method: 'get',
  path: '/docs',
  tags,
  summary: 'Interactive API reference (Swagger UI, served by this installation)',
  responses: { 200: { description: 'An HTML page', content: { 'text/html': { schema: z.string() } } } },
});

/**
 * `/api/openapi.json` and `/api/docs`, for every signed-in role. `document` builds the document of the
 * whole app (see document.ts); it is built on first use and kept.
 * @example adminRoutes.route('/', apiDocsRoutes(() => openApiDocument(app)))
 */
export function apiDocsRoutes(document: () => object) {
  let built: object | undefined;
  return createRouter()
    .openapi(documentRoute, (c) => {
      built ??= document();
      return c.json(
        built as z.infer<(typeof documentRoute.responses)[200]['content']['application/json']['schema']>,
        200,
      );
    })
    .openapi(docsRoute, (c) =>
      c.html(DOCS_HTML, 200, { 'Content-Security-Policy': DOCS_CONTENT_SECURITY_POLICY }),
    );
}

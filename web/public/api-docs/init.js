// Starts Swagger UI (served by this installation, no CDN) on the installation's own OpenAPI document. The
// session cookie goes along (same origin); "Try it out" writes also need the session's CSRF token, which
// GET /api/auth/me returns to a signed-in member.
(() => {
  let csrfToken = null;
  fetch('/api/auth/me', { credentials: 'same-origin' })
    .then((res) => (res.ok ? res.json() : null))
    .then((me) => {
      csrfToken = me?.csrfToken ?? null;
    })
    .catch(() => {});
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    tryItOutEnabled: false,
    requestInterceptor: (request) => {
      if (csrfToken && !/^(GET|HEAD)$/i.test(request.method)) request.headers['X-CSRF-Token'] = csrfToken;
      return request;
    },
  });
})();

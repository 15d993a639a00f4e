// Starts Swagger UI (served by this installation, no CDN) on the installation's own OpenAPI document. The
// session cookie goes along (same origin); "Try it out" writes also need the session's CSRF token, which
// GET /api/auth/me returns to a signed-in member.
(() => {
  /**
   * Every tag with all its operations in the page. Since 5.33 Swagger UI's own `operations` component mounts
   * only the rows near the viewport once tags + operations reach 150 (this API has more), so the browser's
   * find-in-page misses every operation not scrolled to and the page holds a few of them only. This is its
   * own markup below that threshold; each operation still renders collapsed until opened.
   */
  const EveryOperation = ({ React }) => {
    const h = React.createElement;
    const Operations = ({
      specSelectors,
      getComponent,
      oas3Selectors,
      layoutSelectors,
      layoutActions,
      getConfigs,
    }) => {
      const taggedOps = specSelectors.taggedOperations();
      if (taggedOps.size === 0) return h('h3', null, ' No operations defined in spec!');
      const methods = specSelectors.validOperationMethods();
      const OperationTag = getComponent('OperationTag');
      const OperationContainer = getComponent('OperationContainer', true);
      const operationsOf = (tagObj, tag) =>
        tagObj
          .get('operations')
          .map((op) => {
            const path = op.get('path');
            const method = op.get('method');
            if (!methods.includes(method)) return null;
            const specPath = op.get('specPath');
            return h(OperationContainer, { key: `${path}-${method}`, specPath, op, path, method, tag });
          })
          .toArray();
      return h(
        'div',
        null,
        taggedOps
          .map((tagObj, tag) =>
            h(
              OperationTag,
              {
                key: `operation-${tag}`,
                tagObj,
                tag,
                oas3Selectors,
                layoutSelectors,
                layoutActions,
                getConfigs,
                getComponent,
                specUrl: specSelectors.url(),
              },
              h('div', { className: 'operation-tag-content' }, operationsOf(tagObj, tag)),
            ),
          )
          .valueSeq()
          .toArray(),
      );
    };
    return { components: { operations: Operations } };
  };

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
    plugins: [EveryOperation],
    requestInterceptor: (request) => {
      if (csrfToken && !/^(GET|HEAD)$/i.test(request.method)) request.headers['X-CSRF-Token'] = csrfToken;
      return request;
    },
  });
})();

/**
 * A `?redirect=` value that is safe to follow: a path on this origin (not `//host` or `/\host`), else `/`.
 * @example safeRedirect('/accounts?q=acme') // '/accounts?q=acme'
 */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

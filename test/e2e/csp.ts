import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';

// Content-Security-Policy violations in real Chromium: every `securitypolicyviolation` event (a listener added to
// each document before its scripts run) and every console message Chromium prints for one ("Refused to …"). Both
// are reported to this process as they happen, so a page closed mid-test still counts.

/** What Chromium prints when a policy blocks something. */
const CSP_CONSOLE_MESSAGE = /Content Security Policy|Refused to/i;

/** Runs in every document of a watched context, before its own scripts (plain JS: the e2e project has no DOM types). */
const REPORT_VIOLATIONS = `
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__kwCspViolation(
      e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' in ' + e.documentURI +
        (e.sample ? ' (' + e.sample + ')' : '') + ' at ' + e.sourceFile + ':' + e.lineNumber,
    );
  }, true);
`;

/**
 * Collects the CSP violations of every browser context it watches; `expectNone()` fails the test with their
 * descriptions and starts the next test from an empty list.
 * @example const csp = new CspWatch(); await csp.watch(context); afterEach(() => csp.expectNone());
 */
export class CspWatch {
  private readonly seen: string[] = [];

  /** Starts reporting the context's violations; call before the context opens its first page. */
  async watch(context: BrowserContext): Promise<void> {
    await context.exposeFunction('__kwCspViolation', (text: string) => this.seen.push(`event: ${text}`));
    await context.addInitScript({ content: REPORT_VIOLATIONS });
    context.on('console', (message) => {
      if (CSP_CONSOLE_MESSAGE.test(message.text()))
        this.seen.push(`console (${message.page()?.url() ?? 'no page'}): ${message.text()}`);
    });
  }

  /** Asserts that no watched page saw a violation since the last call. */
  expectNone(): void {
    const seen = this.seen.splice(0);
    expect(seen, 'Content-Security-Policy violations').toEqual([]);
  }
}

/** The directives of a `Content-Security-Policy` header, by name. */
export function cspDirectives(header: string | null): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

/**
 * Asserts the policy every Keepwell page shares: scripts only from this origin (no inline script, no eval), no
 * plugins, no <base>, forms only to this origin, never framed, and nothing loaded from another origin.
 */
export function expectStrictPagePolicy(header: string | null): Map<string, string[]> {
  const csp = cspDirectives(header);
  expect(csp.get('default-src')).toEqual(["'none'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('connect-src')).toEqual(["'self'"]);
  for (const [name, sources] of csp) {
    if (name === 'frame-ancestors') continue;
    for (const source of sources)
      expect(source, `${name} ${source}`).toMatch(/^('self'|'none'|'unsafe-inline'|data:)$/);
  }
  return csp;
}

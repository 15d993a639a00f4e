import { z } from 'zod';
import { escapeHtml, mailLocale } from '../../shared/mail';
import { getDb } from '../common/db';
import type { AppEnv } from '../common/env';
import { createRouter, defineRoute } from '../common/openapi';
import { clientNetworkKey, rateLimit } from '../common/rate-limit';
import { mailLinks, suppress, suppressedOf } from './store';
import { verifyUnsubscribeToken } from './unsubscribe-token';

/** The page's policy: no script, no style, nothing loaded; its one form posts back to itself. */
const PAGE_CSP = "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const TEXT = {
  en: {
    title: 'Unsubscribe',
    ask: 'Stop sending survey emails to this address?',
    button: 'Unsubscribe',
    done: 'You are unsubscribed: this address gets no more survey emails from us.',
    invalid: 'This unsubscribe link is not valid.',
  },
  zh: {
    title: '退订',
    ask: '不再向此地址发送问卷邮件？',
    button: '退订',
    done: '已退订：此地址将不再收到我们的问卷邮件。',
    invalid: '此退订链接无效。',
  },
} as const;

/** A tiny page: plain HTML, no script or style (the strictest CSP there is). */
function page(lang: 'en' | 'zh', body: string, status: 200 | 404): Response {
  const html = `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${TEXT[lang].title}</title></head><body><main>${body}</main></body></html>`;
  return new Response(html, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP },
  });
}

/** `ana@example.com` → `a••@example.com`: enough to recognise, not to harvest. */
const mask = (email: string) => email.replace(/^(.)[^@]*/, (_m, first: string) => `${first}••`);

async function resolve(c: { env: AppEnv['Bindings'] }, token: string) {
  const key = c.env.SURVEY_SIGNING_KEY;
  const linkId = key && key.length >= 16 ? await verifyUnsubscribeToken(token, key) : null;
  if (linkId === null) return null;
  const [link] = await mailLinks(getDb(c.env.DB), [linkId]);
  return link?.contactEmail ? { ...link, contactEmail: link.contactEmail } : null;
}

const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
const params = z.object({ token: z.string().max(200) });
const tags = ['Mail'];

const askRoute = defineRoute({
  method: 'get',
  path: '/{token}',
  auth: 'public',
  tags,
  summary: 'Unsubscribe page (survey mail)',
  description:
    'The page of the unsubscribe link in survey mail: it asks, and unsubscribes nobody (mail scanners open links). 404 page for an invalid token.',
  request: { params },
  errors: ['RATE_LIMITED'],
  responses: {
    200: html('The question, or that the address is already unsubscribed'),
    404: html('An invalid link'),
  },
});

const unsubscribeRoute = defineRoute({
  method: 'post',
  path: '/{token}',
  auth: 'public',
  tags,
  summary: 'Unsubscribe from survey mail (one click)',
  description:
    "The page's button and RFC 8058 one-click (`List-Unsubscribe=One-Click`): the link's address joins the suppression list and is never sent survey mail again.",
  request: { params },
  errors: ['RATE_LIMITED'],
  responses: { 200: html('Unsubscribed'), 404: html('An invalid link') },
});

const limited = createRouter();
limited.use(
  '*',
  rateLimit({
    binding: (c) => c.env.SURVEY_IP_RATE_LIMITER,
    key: (c) => `unsubscribe:${clientNetworkKey(c.req.header('CF-Connecting-IP'))}`,
    periodSeconds: 60,
    message: 'too many requests; retry after the Retry-After delay',
  }),
);

/**
 * `GET /s/unsubscribe/:token` asks (a mail scanner's GET must not unsubscribe anyone); `POST` unsubscribes:
 * the button, or a mail client's RFC 8058 one-click POST (`List-Unsubscribe=One-Click`). The address joins
 * the suppression list and is never sent survey mail again. Public, limited per client network as the survey page.
 */
export const unsubscribeRoutes = limited
  .openapi(askRoute, async (c) => {
    const link = await resolve(c, c.req.valid('param').token);
    if (!link) return page('en', `<p>${TEXT.en.invalid}</p>`, 404);
    const lang = mailLocale(link.contactLocale);
    const t = TEXT[lang];
    const done = (await suppressedOf(getDb(c.env.DB), [link.contactEmail])).size > 0;
    const address = escapeHtml(mask(link.contactEmail));
    return page(
      lang,
      done
        ? `<p data-testid="unsubscribe-done">${t.done}</p>`
        : `<h1>${t.title}</h1><p>${t.ask}</p><p>${address}</p><form method="post"><button type="submit" data-testid="unsubscribe-confirm">${t.button}</button></form>`,
      200,
    );
  })
  .openapi(unsubscribeRoute, async (c) => {
    const link = await resolve(c, c.req.valid('param').token);
    if (!link) return page('en', `<p>${TEXT.en.invalid}</p>`, 404);
    await suppress(getDb(c.env.DB), link.contactEmail, link.id, Date.now());
    const lang = mailLocale(link.contactLocale);
    return page(lang, `<p data-testid="unsubscribe-done">${TEXT[lang].done}</p>`, 200);
  });

import { accountParam } from '../../shared/contracts/accounts';
import {
  contactCreateInput,
  contactIdParam,
  contactListSchema,
  contactPatchInput,
  contactSchema,
} from '../../shared/contracts/contacts';
import { utcDay } from '../../shared/time';
import { requireAccount } from '../accounts/context';
import { auditInsert } from '../audit/store';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { prepare } from '../common/raw-sql';
import { getContact, insertManualContact, listContacts, updateContact } from './store';

const tags = ['Contacts'];

const listRoute = defineRoute({
  method: 'get',
  path: '/accounts/{externalId}/contacts',
  tags,
  summary: "List an account's people",
  description:
    "Identified users with an email (name and title from `identify` traits unless a CSM set them; `active` false once deactivated) and contacts added by hand, with their roles: people with a role first, then the most recently seen (at most 500). Each person carries their latest survey answer (`latestAnswer`: a personal link's answer, any survey), and `nps` is the account's NPS from its people: each respondent's latest NPS answer of the last 180 days counted once.",
  request: { params: accountParam },
  responses: { 200: jsonResponse(contactListSchema, "The account's people") },
  errors: ['NOT_FOUND'],
});

const createRoute = defineRoute({
  method: 'post',
  path: '/accounts/{externalId}/contacts',
  tags,
  summary: 'Add a person to an account',
  description:
    'A contact the product does not know (a buyer, an executive sponsor), with roles. CSMs and admins; recorded in the audit log (`contact.create`).',
  request: { params: accountParam, body: jsonBody(contactCreateInput) },
  responses: { 201: jsonResponse(contactSchema, 'The contact as stored') },
  errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
});

const patchRoute = defineRoute({
  method: 'patch',
  path: '/contacts/{id}',
  tags,
  summary: "Set a contact's roles, name or title",
  description:
    "Roles replace the contact's roles; `name` or `title` null puts back what `identify` sent (a contact added by hand keeps a name). CSMs and admins; recorded in the audit log (`contact.update`) with the roles before and after.",
  request: { params: contactIdParam, body: jsonBody(contactPatchInput) },
  responses: { 200: jsonResponse(contactSchema, 'The contact as now shown') },
  errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
});

/** The account's people (`/api/accounts/:externalId/contacts`) and `/api/contacts/:id`, mounted under /api. */
export const contactRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const db = getDb(c.env.DB);
    const accountId = await requireAccount(db, c.req.valid('param').externalId);
    const now = Date.now();
    return c.json(await listContacts(db, accountId, utcDay(now), now), 200);
  })
  .openapi(createRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { externalId } = c.req.valid('param');
    const input = c.req.valid('json');
    const accountId = await requireAccount(db, externalId);
    const now = Date.now();
    const [inserted] = await db.$client.batch([
      insertManualContact(
        db,
        {
          accountId,
          email: input.email ?? null,
          name: input.name,
          title: input.title ?? null,
          roles: input.roles,
        },
        now,
      ),
      prepare(
        db,
        auditInsert(
          db,
          {
            actor: c.get('actor').email,
            action: 'contact.create',
            entity: 'contact',
            entityId: externalId,
            details: { name: input.name, roles: input.roles },
          },
          now,
        ).getSQL(),
      ),
    ]);
    const id = `c${(inserted!.results[0] as { id: number }).id}`;
    return c.json((await getContact(db, id, utcDay(now)))!, 201);
  })
  .openapi(patchRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const before = await getContact(db, id, utcDay(Date.now()));
    if (!before) throw new ApiError({ code: 'NOT_FOUND', message: `no contact "${id}"` });
    if (before.source === 'manual' && patch.name === null)
      throw new ApiError({
        code: 'VALIDATION_FAILED',
        message: 'a contact added by hand needs a name',
        issues: [{ path: ['name'], message: 'required' }],
      });
    const now = Date.now();
    await db.$client.batch([
      updateContact(db, id, patch, now),
      prepare(
        db,
        auditInsert(
          db,
          {
            actor: c.get('actor').email,
            action: 'contact.update',
            entity: 'contact',
            entityId: id,
            details: { before: { roles: before.roles, name: before.name, title: before.title }, patch },
          },
          now,
        ).getSQL(),
      ),
    ]);
    return c.json((await getContact(db, id, utcDay(now)))!, 200);
  });

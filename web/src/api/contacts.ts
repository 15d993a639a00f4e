import type { z } from 'zod';
import type {
  AccountNps,
  Contact,
  ContactAnswer,
  ContactList,
  ContactRole,
  contactCreateInput,
  contactPatchInput,
} from '../../../shared/contracts/contacts';
import type { ApiClient } from './client';

// An account's people (shared/contracts/contacts.ts), one function per endpoint.

export type { AccountNps, Contact, ContactAnswer, ContactList, ContactRole };
export type ContactCreate = z.input<typeof contactCreateInput>;
export type ContactPatch = z.input<typeof contactPatchInput>;

/**
 * The account's identified users and hand-added contacts, people with a role first, each with their latest survey
 * answer, and the account's NPS from its people (any member).
 */
export function listContacts(api: ApiClient, externalId: string, signal?: AbortSignal): Promise<ContactList> {
  return api.get(`/api/accounts/${encodeURIComponent(externalId)}/contacts`, { signal });
}

/** Adds a person the product does not know (csm). */
export function createContact(api: ApiClient, externalId: string, input: ContactCreate): Promise<Contact> {
  return api.post(`/api/accounts/${encodeURIComponent(externalId)}/contacts`, input);
}

/**
 * Sets a contact's roles, name or title (csm).
 * @example await patchContact(api, 'u12', { roles: ['champion'] })
 */
export function patchContact(api: ApiClient, id: string, patch: ContactPatch): Promise<Contact> {
  return api.patch(`/api/contacts/${encodeURIComponent(id)}`, patch);
}

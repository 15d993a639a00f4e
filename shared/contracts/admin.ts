import { z } from 'zod';

/** `POST /api/sources` */
export const createSourceInput = z.object({ name: z.string().trim().min(1).max(100) }).strict();

/** `GET /api/accounts` */
export const listAccountsQuery = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
});

/** `PATCH /api/features/:id` — at least one field. */
export const updateFeatureInput = z
  .object({
    module: z.string().trim().min(1).max(100).nullable().optional(),
    isCore: z.boolean().optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'provide at least one of module, isCore, name');

/** `GET /api/ingest/failures` */
export const listFailuresQuery = z.object({
  status: z.enum(['retrying', 'recovered', 'dead', 'replayed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** A positive integer path id. */
export const idParam = z.object({ id: z.coerce.number().int().positive() });

/** One row of `GET /api/accounts`. Money is integer minor units; dates are `YYYY-MM-DD`, timestamps ISO 8601. */
export interface AccountListItem {
  externalId: string;
  name: string;
  plan: string | null;
  industry: string | null;
  employees: number | null;
  /** Purchased seats. */
  seats: number | null;
  arrCents: number | null;
  /** ISO 4217 code; null means USD. */
  currency: string | null;
  ownerEmail: string | null;
  renewalDate: string | null;
  lastSeenAt: string | null;
  /** Users linked to the account. */
  users: number;
}

/** `GET /api/accounts` */
export interface AccountPage {
  items: AccountListItem[];
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

import { z } from 'zod';

import { ROLES } from './roles';

export { hasRole, ROLES, type Role } from './roles';

const isoTimestamp = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 timestamp' });

/** The role enum as a zod schema. */
export const roleSchema = z
  .enum(ROLES)
  .meta({ id: 'Role', description: 'viewer reads, csm also works accounts and alerts, admin configures.' });

/** Minimum password length in characters. */
export const MIN_PASSWORD_LENGTH = 10;
/** Maximum password length in characters (bounds PBKDF2 input work). */
export const MAX_PASSWORD_LENGTH = 256;

const email = z
  .string()
  .trim()
  .max(320)
  .pipe(z.email())
  .transform((s) => s.toLowerCase())
  .meta({ description: 'Stored lower-cased.', example: 'ana@example.com' });
const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH)
  .max(MAX_PASSWORD_LENGTH)
  .meta({ description: `${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters.` });
const name = z.string().trim().min(1).max(200).meta({ example: 'Ana Lima' });

// ---------------------------------------------------------------------------------------------------
// Requests

/** `POST /api/auth/setup` — the first admin (needs the ADMIN_TOKEN bearer, only while no member exists). */
export const setupInput = z
  .object({ email, name, password })
  .strict()
  .meta({
    id: 'SetupInput',
    example: { email: 'ana@example.com', name: 'Ana Lima', password: 'correct horse battery' },
  });
export type SetupInput = z.input<typeof setupInput>;

/** `POST /api/auth/sign-in` — any password length is accepted here, so old short passwords still fail as credentials. */
export const signInInput = z
  .object({ email, password: z.string().min(1).max(MAX_PASSWORD_LENGTH) })
  .strict()
  .meta({ id: 'SignInInput', example: { email: 'ana@example.com', password: 'correct horse battery' } });
export type SignInInput = z.input<typeof signInInput>;

/** `POST /api/auth/password` — new password of at least {@link MIN_PASSWORD_LENGTH} characters. */
export const changePasswordInput = z
  .object({ currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH), newPassword: password })
  .strict()
  .meta({ id: 'ChangePasswordInput' });
export type ChangePasswordInput = z.input<typeof changePasswordInput>;

/** `/api/auth/invites/:token` — the token of an invite link. */
export const inviteTokenParam = z.object({
  token: z
    .string()
    .min(20)
    .max(200)
    .meta({ description: 'The token of the invite link (`/invite/<token>`).' }),
});

/** `POST /api/auth/invites/:token/accept` */
export const acceptInviteInput = z
  .object({ name, password })
  .strict()
  .meta({ id: 'AcceptInviteInput', example: { name: 'Ana Lima', password: 'correct horse battery' } });
export type AcceptInviteInput = z.input<typeof acceptInviteInput>;

const idParam = (what: string) =>
  z.object({
    id: z.coerce
      .number()
      .int()
      .positive()
      .meta({ description: `The ${what}'s id.` }),
  });

/** `/api/members/:id` */
export const memberIdParam = idParam('member');
/** `/api/members/invites/:id` */
export const inviteIdParam = idParam('invite');
/** `/api/tokens/:id` */
export const apiTokenIdParam = idParam('API token');

/** `PATCH /api/members/:id` — at least one field. */
export const updateMemberInput = z
  .object({
    role: roleSchema.optional(),
    active: z.boolean().optional().meta({ description: 'false deactivates the member.' }),
  })
  .strict()
  .refine((v) => v.role !== undefined || v.active !== undefined, 'provide role and/or active')
  .meta({ id: 'UpdateMemberInput', example: { role: 'csm' } });
export type UpdateMemberInput = z.input<typeof updateMemberInput>;

/** `POST /api/members/invites` — the link expires after `expiresInDays` (1–30, default 7). */
export const createInviteInput = z
  .object({
    email,
    role: roleSchema,
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(30)
      .default(7)
      .meta({ description: 'Days the link stays valid.' }),
  })
  .strict()
  .meta({ id: 'CreateInviteInput', example: { email: 'ben@example.com', role: 'csm', expiresInDays: 7 } });
export type CreateInviteInput = z.input<typeof createInviteInput>;

/** `POST /api/tokens` — `expiresInDays` (1–3650) omitted means the token never expires. */
export const createTokenInput = z
  .object({
    name: z.string().trim().min(1).max(100).meta({ example: 'CRM sync' }),
    role: roleSchema,
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .optional()
      .meta({ description: 'Omitted: the token never expires.' }),
  })
  .strict()
  .meta({ id: 'CreateTokenInput', example: { name: 'CRM sync', role: 'viewer', expiresInDays: 365 } });
export type CreateTokenInput = z.input<typeof createTokenInput>;

// ---------------------------------------------------------------------------------------------------
// Responses

/** Who is acting on a request: a member, an API token's role, or the ADMIN_TOKEN (`memberId: null, email: 'admin-token'`). */
export const actorSchema = z
  .object({
    memberId: z
      .number()
      .int()
      .positive()
      .nullable()
      .meta({ description: 'Null for API tokens and the ADMIN_TOKEN.' }),
    email: z.string().meta({
      description:
        "The member's email; `token:<id>:<name>` for an API token, `admin-token` for the ADMIN_TOKEN.",
      example: 'ana@example.com',
    }),
    role: roleSchema,
  })
  .meta({ id: 'Actor' });
export type Actor = z.infer<typeof actorSchema>;

/** A signed-in member as the SPA sees it. */
export const authMemberSchema = z
  .object({
    id: z.number().int().positive(),
    email: z.string().meta({ example: 'ana@example.com' }),
    name: z.string().nullable(),
    role: roleSchema,
  })
  .meta({ id: 'AuthMember' });
export type AuthMember = z.infer<typeof authMemberSchema>;

/** `GET /api/auth/state` (public). */
export const authStateSchema = z
  .object({
    setupRequired: z.boolean().meta({
      description: 'True while no member exists: the first admin must be created with the ADMIN_TOKEN.',
    }),
    accessMode: z.boolean().meta({ description: 'True when Cloudflare Access verification is configured.' }),
  })
  .meta({ id: 'AuthState' });
export type AuthState = z.infer<typeof authStateSchema>;

/** `POST /api/auth/setup`, `POST /api/auth/sign-in`, `POST /api/auth/invites/:token/accept` (with the session cookie). */
export const authSessionSchema = z
  .object({
    member: authMemberSchema,
    csrfToken: z.string().meta({
      description: 'Send as `X-CSRF-Token` on every cookie-authenticated request other than GET/HEAD.',
    }),
  })
  .meta({ id: 'AuthSession' });
export type AuthSession = z.infer<typeof authSessionSchema>;

/** `GET /api/auth/me`. A browser session always has `member` and `csrfToken`; bearer callers get nulls there. */
export const authMeSchema = z
  .object({
    member: authMemberSchema
      .nullable()
      .meta({ description: 'Null for the ADMIN_TOKEN and API tokens (no member record).' }),
    csrfToken: z
      .string()
      .nullable()
      .meta({ description: 'Null unless authenticated by the session cookie.' }),
    actor: actorSchema,
  })
  .meta({ id: 'AuthMe' });
export type AuthMe = z.infer<typeof authMeSchema>;

/** `GET /api/auth/invites/:token` (public). */
export const inviteInfoSchema = z
  .object({
    email: z.string().meta({ example: 'ben@example.com' }),
    role: roleSchema,
    expiresAt: isoTimestamp,
  })
  .meta({ id: 'InviteInfo' });
export type InviteInfo = z.infer<typeof inviteInfoSchema>;

/** One row of `GET /api/members`. */
export const memberItemSchema = z
  .object({
    id: z.number().int().positive(),
    email: z.string().meta({ example: 'ana@example.com' }),
    name: z.string().nullable(),
    role: roleSchema,
    active: z
      .boolean()
      .meta({ description: 'False once deactivated: no sign-in, sessions and tokens revoked.' }),
    createdAt: isoTimestamp,
    lastSignInAt: isoTimestamp.nullable().meta({ description: 'Null until the first sign-in.' }),
  })
  .meta({ id: 'Member' });
export type MemberItem = z.infer<typeof memberItemSchema>;

/** `GET /api/members` */
export const memberListSchema = z.object({ items: z.array(memberItemSchema) }).meta({ id: 'MemberList' });
export type MemberList = z.infer<typeof memberListSchema>;

/** One pending invite of `GET /api/members/invites`. */
export const inviteItemSchema = z
  .object({
    id: z.number().int().positive(),
    email: z.string().meta({ example: 'ben@example.com' }),
    role: roleSchema,
    createdAt: isoTimestamp,
    expiresAt: isoTimestamp,
  })
  .meta({ id: 'Invite' });
export type InviteItem = z.infer<typeof inviteItemSchema>;

/** `GET /api/members/invites` */
export const inviteListSchema = z.object({ items: z.array(inviteItemSchema) }).meta({ id: 'InviteList' });
export type InviteList = z.infer<typeof inviteListSchema>;

/** `POST /api/members/invites` → 201. `token` and `url` (`<origin>/invite/<token>`) are shown only once. */
export const createdInviteSchema = z
  .object({
    id: z.number().int().positive(),
    email: z.string().meta({ example: 'ben@example.com' }),
    role: roleSchema,
    expiresAt: isoTimestamp,
    token: z.string().meta({ description: 'Shown only once; only its hash is stored.' }),
    url: z.string().meta({ description: 'The link to send: `<origin>/invite/<token>`. Shown only once.' }),
    mailId: z
      .number()
      .int()
      .positive()
      .nullable()
      .optional()
      .meta({ description: 'The invite mail to the invitee, in `GET /api/mail/messages`.' }),
  })
  .meta({ id: 'CreatedInvite' });
export type CreatedInvite = z.infer<typeof createdInviteSchema>;

/** One token of `GET /api/tokens` (not revoked; expired ones included). */
export const apiTokenItemSchema = z
  .object({
    id: z.number().int().positive(),
    name: z.string().meta({ example: 'CRM sync' }),
    role: roleSchema,
    prefix: z.string().meta({ description: 'The first characters of the token, to recognise it.' }),
    createdBy: z.string().meta({
      description:
        'Email of the member the token acts for (who created it, or whose token created it); `admin-token` when made with the ADMIN_TOKEN. The token stops when that member is deactivated or loses its role.',
    }),
    createdAt: isoTimestamp,
    lastUsedAt: isoTimestamp
      .nullable()
      .meta({ description: 'Null until first used; updated at most once a minute.' }),
    expiresAt: isoTimestamp.nullable().meta({ description: 'Null: never expires.' }),
  })
  .meta({ id: 'ApiToken' });
export type ApiTokenItem = z.infer<typeof apiTokenItemSchema>;

/** `GET /api/tokens` */
export const apiTokenListSchema = z
  .object({ items: z.array(apiTokenItemSchema) })
  .meta({ id: 'ApiTokenList' });
export type ApiTokenList = z.infer<typeof apiTokenListSchema>;

/** `POST /api/tokens` → 201. `token` (`kw_at_…`) is shown only once; use it as `Authorization: Bearer kw_at_…`. */
export const createdApiTokenSchema = z
  .object({
    id: z.number().int().positive(),
    name: z.string().meta({ example: 'CRM sync' }),
    role: roleSchema,
    prefix: z.string().meta({ description: 'The first characters of the token, to recognise it.' }),
    token: z.string().meta({ description: 'Shown only once; send as `Authorization: Bearer <token>`.' }),
  })
  .meta({ id: 'CreatedApiToken' });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;

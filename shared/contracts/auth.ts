import { z } from 'zod';

import { ROLES, type Role } from './roles';

export { hasRole, ROLES, type Role } from './roles';

/** The role enum as a zod schema. */
export const roleSchema = z.enum(ROLES);

/** Minimum password length in characters. */
export const MIN_PASSWORD_LENGTH = 10;
/** Maximum password length in characters (bounds PBKDF2 input work). */
export const MAX_PASSWORD_LENGTH = 256;

const email = z
  .string()
  .trim()
  .max(320)
  .pipe(z.email())
  .transform((s) => s.toLowerCase());
const password = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
const name = z.string().trim().min(1).max(200);

/** `POST /api/auth/setup` — the first admin (needs the ADMIN_TOKEN bearer, only while no member exists). */
export const setupInput = z.object({ email, name, password }).strict();

/** `POST /api/auth/sign-in` — any password length is accepted here, so old short passwords still fail as credentials. */
export const signInInput = z.object({ email, password: z.string().min(1).max(MAX_PASSWORD_LENGTH) }).strict();

/** `POST /api/auth/password` — new password of at least {@link MIN_PASSWORD_LENGTH} characters. */
export const changePasswordInput = z
  .object({ currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH), newPassword: password })
  .strict();

/** `POST /api/auth/invites/:token/accept` */
export const acceptInviteInput = z.object({ name, password }).strict();

/** `PATCH /api/members/:id` — at least one field. */
export const updateMemberInput = z
  .object({ role: roleSchema.optional(), active: z.boolean().optional() })
  .strict()
  .refine((v) => v.role !== undefined || v.active !== undefined, 'provide role and/or active');

/** `POST /api/members/invites` — the link expires after `expiresInDays` (1–30, default 7). */
export const createInviteInput = z
  .object({ email, role: roleSchema, expiresInDays: z.number().int().min(1).max(30).default(7) })
  .strict();

/** `POST /api/tokens` — `expiresInDays` (1–3650) omitted means the token never expires. */
export const createTokenInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: roleSchema,
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

/** A signed-in member as the SPA sees it. */
export interface AuthMember {
  id: number;
  email: string;
  name: string | null;
  role: Role;
}

/** `GET /api/auth/state` (public). */
export interface AuthState {
  /** True while no member exists: the first admin must be created with the bootstrap token. */
  setupRequired: boolean;
  /** True when Cloudflare Access verification is configured. */
  accessMode: boolean;
}

/** `POST /api/auth/setup`, `POST /api/auth/sign-in`, `POST /api/auth/invites/:token/accept` (with the session cookie). */
export interface AuthSession {
  member: AuthMember;
  /** Send as `X-CSRF-Token` on every cookie-authenticated request other than GET/HEAD. */
  csrfToken: string;
}

/** `GET /api/auth/me`. A browser session always has `member` and `csrfToken`; bearer callers get nulls there. */
export interface AuthMe {
  /** Null for the ADMIN_TOKEN break-glass caller and API tokens (no member record). */
  member: AuthMember | null;
  /** Null unless authenticated by the session cookie. */
  csrfToken: string | null;
  actor: Actor;
}

/** `GET /api/auth/invites/:token` (public). `expiresAt` ISO 8601. */
export interface InviteInfo {
  email: string;
  role: Role;
  expiresAt: string;
}

/** One row of `GET /api/members`. Timestamps ISO 8601. */
export interface MemberItem {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  active: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

/** `GET /api/members` */
export interface MemberList {
  items: MemberItem[];
}

/** One pending invite of `GET /api/members/invites`. Timestamps ISO 8601. */
export interface InviteItem {
  id: number;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
}

/** `GET /api/members/invites` */
export interface InviteList {
  items: InviteItem[];
}

/** `POST /api/members/invites` → 201. `token` and `url` (`<origin>/invite/<token>`) are shown only once. */
export interface CreatedInvite {
  id: number;
  email: string;
  role: Role;
  expiresAt: string;
  token: string;
  url: string;
}

/** One live token of `GET /api/tokens`. `prefix` is the first characters of the token, to recognise it. */
export interface ApiTokenItem {
  id: number;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

/** `GET /api/tokens` */
export interface ApiTokenList {
  items: ApiTokenItem[];
}

/** `POST /api/tokens` → 201. `token` (`kw_…`) is shown only once; use it as `Authorization: Bearer kw_…`. */
export interface CreatedApiToken {
  id: number;
  name: string;
  role: Role;
  prefix: string;
  token: string;
}

/** Who is acting on a request: a member, an API token's role, or the ADMIN_TOKEN (`memberId: null, email: 'admin-token'`). */
export interface Actor {
  memberId: number | null;
  email: string;
  role: Role;
}

// Client-side checks that mirror the API's zod rules (shared/contracts/auth.ts), for messages before a round trip.
// The API validates again; these only return i18n keys.

/** Minimum password length, as `MIN_PASSWORD_LENGTH` in shared/contracts/auth.ts. */
export const MIN_PASSWORD_LENGTH = 10;

/** A practical email check (something@something.tld); the API's zod email check is authoritative. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * i18n key of what is wrong with an email, or null.
 * @example emailError('ana@') // 'auth.validation.emailInvalid'
 */
export function emailError(value: string): string | null {
  const trimmed = value.trim();
  if (!trimmed) return 'auth.validation.emailRequired';
  return EMAIL.test(trimmed) ? null : 'auth.validation.emailInvalid';
}

/** i18n key of what is wrong with a new password, or null. */
export function newPasswordError(value: string): string | null {
  if (!value) return 'auth.validation.passwordRequired';
  return value.length < MIN_PASSWORD_LENGTH ? 'auth.validation.passwordTooShort' : null;
}

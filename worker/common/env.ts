import type { Actor } from '../../shared/contracts/auth';
import type { ApiError } from './errors';
import type { IngestQueueMessage } from './ingest-queue';
import type { ScoringQueueMessage } from './scoring-queue';

/** Bindings and variables of the Keepwell Worker (see wrangler.toml). */
export interface Env {
  DB: D1Database;
  /** Carries {@link IngestQueueMessage}s as JSON text. */
  INGEST_QUEUE: Queue<string>;
  SCORING_QUEUE: Queue<ScoringQueueMessage>;
  INGEST_RATE_LIMITER: RateLimit;
  /** Per client IP + token limit of the public survey endpoints (wrangler.toml). */
  SURVEY_RATE_LIMITER: RateLimit;
  /** Per client IP (IPv6: /64) limit of the public survey endpoints, any token (wrangler.toml). */
  SURVEY_IP_RATE_LIMITER: RateLimit;
  ASSETS: Fetcher;
  /** R2 bucket raw events are archived to before retention deletes them (wrangler.toml); unbound: no archive. */
  ARCHIVE?: R2Bucket;
  /** Bearer token for the admin API (a secret; `npm start` writes one to .dev.vars). */
  ADMIN_TOKEN?: string;
  /** HMAC key of survey link tokens (a secret, ≥ 16 characters; `npm start` writes one to .dev.vars). */
  SURVEY_SIGNING_KEY?: string;
  /** Days raw events are kept; rollups are kept forever. */
  RAW_RETENTION_DAYS?: string;
  /** Cloudflare Access team domain (`<team>.cloudflareaccess.com`); with CF_ACCESS_AUD enables Access JWT sign-in. */
  CF_ACCESS_TEAM_DOMAIN?: string;
  /** The Access application's audience (AUD) tag. */
  CF_ACCESS_AUD?: string;
  /**
   * A JWKS as JSON used instead of fetching `https://<team domain>/cdn-cgi/access/certs`: for tests and
   * networks that cannot reach Cloudflare. Leave unset in production.
   */
  CF_ACCESS_JWKS?: string;
  /** Cloudflare Email Service `send_email` binding (wrangler.toml), used when Settings → Mail chooses `cloudflare`. */
  EMAIL?: SendEmail;
  /** The local mail stand-in (scripts/mail-sink.mjs): each message is POSTed here and written to a file. Dev only. */
  MAIL_SINK_URL?: string;
  /** The SPA's public origin for links in mail sent by the cron (digests); else the origin Settings → Mail was saved from. */
  APP_ORIGIN?: string;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** The source owning the request's write key (ingest routes). */
    sourceId: string;
    /** The parsed JSON body of an ingest request. */
    ingestBody: unknown;
    /** Its decompressed size in bytes. */
    ingestBytes: number;
    /** Whether its JSON text has a `\u` escape, the only way a string can hold a lone surrogate or NUL. */
    ingestCheckText: boolean;
    /** Who is calling /api (set by the auth middleware): a member, an API token, or the ADMIN_TOKEN. */
    actor: Actor;
    /** How the actor was authenticated. */
    authMethod: 'admin-token' | 'api-token' | 'session' | 'access';
    /** The request's API token (authMethod 'api-token'): its id and the member it acts for (null: ADMIN_TOKEN-made). */
    apiToken: { id: number; createdBy: number | null };
    /** The live browser session of the request's `kw_session` cookie (even when its CSRF check failed). */
    session: { tokenHash: string; csrfToken: string; memberId: number };
    /** Why the request's credentials were refused; thrown by the role check on routes that need an actor. */
    authFailure: ApiError;
  };
};

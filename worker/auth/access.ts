import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';

/** Cloudflare Access settings (env `CF_ACCESS_TEAM_DOMAIN`, `CF_ACCESS_AUD`, optional `CF_ACCESS_JWKS`). */
export interface AccessConfig {
  /** `<team>.cloudflareaccess.com`, with or without `https://`. */
  teamDomain: string;
  /** The Access application's audience tag. */
  aud: string;
  /** A JWKS as JSON used instead of the team's certs endpoint (tests, closed networks). */
  jwks?: string;
}

// One remote key set per team per isolate: jose caches the keys and refetches on an unknown `kid`.
const remoteSets = new Map<string, JWTVerifyGetKey>();
const localSets = new Map<string, JWTVerifyGetKey>();

const issuerOf = (teamDomain: string) =>
  `https://${teamDomain.replace(/^https?:\/\//, '').replace(/\/+$/, '')}`;

function keySet(config: AccessConfig): JWTVerifyGetKey {
  if (config.jwks) {
    let set = localSets.get(config.jwks);
    if (!set) {
      set = createLocalJWKSet(JSON.parse(config.jwks) as JSONWebKeySet);
      localSets.set(config.jwks, set);
    }
    return set;
  }
  const issuer = issuerOf(config.teamDomain);
  let set = remoteSets.get(issuer);
  if (!set) {
    set = createRemoteJWKSet(new URL(`${issuer}/cdn-cgi/access/certs`));
    remoteSets.set(issuer, set);
  }
  return set;
}

/**
 * Verifies a `Cf-Access-Jwt-Assertion` (RS256, issuer = the team domain, audience, expiry) and returns its
 * lower-cased email claim, or null when the token is invalid or carries no email.
 * @example await verifyAccessJwt(jwt, { teamDomain: 'acme.cloudflareaccess.com', aud: '4714c1…' })
 */
export async function verifyAccessJwt(jwt: string, config: AccessConfig): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(jwt, keySet(config), {
      algorithms: ['RS256'],
      issuer: issuerOf(config.teamDomain),
      audience: config.aud,
    });
    return typeof payload.email === 'string' && payload.email.length > 0 ? payload.email.toLowerCase() : null;
  } catch (err) {
    // Bad tokens are routine; a certs fetch failure is not, and would lock everyone out: log both by code.
    const code = (err as { code?: string }).code ?? String(err);
    console.warn(JSON.stringify({ msg: 'access jwt rejected', code }));
    return null;
  }
}

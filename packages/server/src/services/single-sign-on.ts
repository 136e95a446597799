/**
 * Single sign-on with an OpenID Connect provider (decision 0031):
 * authorization code flow with PKCE (S256), `state` and `nonce`, through
 * `openid-client`, which checks the authorization response (state, `iss`)
 * and the ID token (signature, issuer, audience, expiry, nonce). The
 * attempt's secrets travel in a sealed cookie (sso-state.ts), so no server
 * remembers anything between the redirect and the callback.
 *
 * A verified identity gets the user with that email (made, without a
 * password, on the first sign-in), the mapped role in the mapped tenant (the
 * provider decides the role on every sign-in), and a session like a password
 * sign-in's (`Logins.startSession`).
 */
import * as client from "openid-client";
import type { LoginResult, Logins } from "./logins.js";
import type { OidcConfig } from "./oidc-config.js";
import { type ClaimsRefusal, claimsNeeded, identityFromClaims } from "./sso-claims.js";
import { SSO_STATE_TTL_MS, SsoStateSealer } from "./sso-state.js";
import type { UserRow, Users } from "./users.js";

/** Why a sign-in was refused; the HTTP layer words each for the person and the log. */
export type SsoFailureReason =
  | "state_missing"
  | "state_invalid"
  | "state_expired"
  /** The provider answered the callback with `error=…` (the person cancelled, say). */
  | "provider_error"
  /** The provider's metadata could not be read, or names another issuer than the one configured. */
  | "provider_unavailable"
  /** Code exchange or response checks failed: wrong issuer, expired ID token, replayed code, nonce/state/PKCE mismatch. */
  | "exchange_failed"
  | ClaimsRefusal
  | "tenant_unknown"
  | "user_disabled";

export type SsoBegun =
  | { ok: true; location: string; sealedState: string }
  | { ok: false; reason: "provider_unavailable"; detail: string };

export type SsoCompleted =
  | {
      ok: true;
      session: Extract<LoginResult, { ok: true }>;
      returnTo: string;
      /** The provider's issuer identifier, as its verified ID token names it. */
      issuer: string;
      subject: string;
      userCreated: boolean;
      /** The role held in the tenant before this sign-in, when the user was a member. */
      previousRole: string | undefined;
    }
  | {
      ok: false;
      reason: SsoFailureReason;
      /** For the server log: an error code or message, never a token. */
      detail?: string;
      /** Known once the provider vouched for someone. */
      issuer?: string;
      subject?: string;
      email?: string;
      /** The tenant the refusal belongs to, when it is known and exists (its audit trail records it). */
      tenantId?: string;
      userId?: string;
    };

/** Whether `value` is a path on this server (`/runs?x=1`), never another origin (`//evil`, `/\evil`, `https://…`). */
export function isSameOriginPath(value: string): boolean {
  if (!value.startsWith("/") || value.startsWith("//") || value.length > 1024) return false;
  // a backslash reads as a slash in browsers; control characters can split or hide the rest
  for (const character of value) {
    const code = character.charCodeAt(0);
    if (character === "\\" || code < 0x20 || code === 0x7f) return false;
  }
  const base = "http://rehearse.invalid";
  return URL.canParse(value, base) && new URL(value, base).origin === base;
}

/** What an error says about itself, safe to log (codes and library messages; never the request or tokens). */
function describe(error: unknown): string {
  if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError)
    return `${error.code}: ${error.error}`;
  if (error instanceof Error) {
    // openid-client wraps the precise check that failed (`unexpected "iss" …`) as the cause: its message only
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${(error as { code?: string }).code ?? error.name}: ${error.message}${cause}`;
  }
  return String(error);
}

export interface SingleSignOnOptions {
  users: Users;
  logins: Logins;
  /** The key pepper; the state cookie's key is derived from it. */
  pepper: Buffer;
  now?: () => number;
}

export class SingleSignOn {
  private readonly sealer: SsoStateSealer;
  private readonly now: () => number;
  private discovered: Promise<client.Configuration> | undefined;

  constructor(
    readonly config: OidcConfig,
    private readonly options: SingleSignOnOptions,
  ) {
    this.sealer = new SsoStateSealer(options.pepper);
    this.now = options.now ?? Date.now;
  }

  /** The provider's authorization URL for a new attempt, and its sealed state for the cookie. */
  async begin(returnTo: string): Promise<SsoBegun> {
    let configuration: client.Configuration;
    try {
      configuration = await this.configuration();
    } catch (error) {
      return { ok: false, reason: "provider_unavailable", detail: describe(error) };
    }
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const location = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUri.href,
      scope: this.config.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    const sealedState = this.sealer.seal({ state, nonce, verifier, returnTo, expiresAt: this.now() + SSO_STATE_TTL_MS });
    return { ok: true, location: location.href, sealedState };
  }

  /** Finishes an attempt: `query` is the callback's query string, `sealedState` the cookie `begin` made. */
  async complete(query: URLSearchParams, sealedState: string | undefined): Promise<SsoCompleted> {
    if (!sealedState) return { ok: false, reason: "state_missing" };
    const opened = this.sealer.open(sealedState, this.now());
    if (!opened.ok) return { ok: false, reason: opened.reason };
    const { state, nonce, verifier, returnTo } = opened.state;

    let configuration: client.Configuration;
    try {
      configuration = await this.configuration();
    } catch (error) {
      return { ok: false, reason: "provider_unavailable", detail: describe(error) };
    }
    // the URL the provider redirected to, as registered: behind a proxy the request's own URL may differ
    const callbackUrl = new URL(this.config.redirectUri.href);
    callbackUrl.search = query.toString();
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      claims = { ...(tokens.claims() ?? {}) };
      const missing = claimsNeeded(this.config).some((name) => claims[name] === undefined);
      // providers that follow OIDC Core strictly put scope claims (email, …) only in userinfo
      if (missing && configuration.serverMetadata().userinfo_endpoint) {
        const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, String(claims.sub));
        claims = { ...userinfo, ...claims };
      }
    } catch (error) {
      if (error instanceof client.AuthorizationResponseError)
        return { ok: false, reason: "provider_error", detail: describe(error) };
      return { ok: false, reason: "exchange_failed", detail: describe(error) };
    }

    const issuer = String(claims.iss);
    const mapped = identityFromClaims(this.config, claims);
    if (!mapped.ok) {
      const { ok: _, tenantId, ...refusal } = mapped;
      const tenant = tenantId ?? (this.config.tenant.kind === "fixed" ? this.config.tenant.id : undefined);
      const existing = tenant !== undefined && (await this.options.users.tenantExists(tenant));
      return { ok: false, ...refusal, issuer, ...(existing ? { tenantId: tenant } : {}) };
    }
    const { identity } = mapped;
    if (!(await this.options.users.tenantExists(identity.tenantId)))
      return { ok: false, reason: "tenant_unknown", issuer, subject: identity.subject, email: identity.email };
    const known = { issuer, subject: identity.subject, email: identity.email, tenantId: identity.tenantId };

    const existing = await this.options.users.byEmail(identity.email);
    if (existing?.disabledAt) return { ok: false, reason: "user_disabled", ...known, userId: existing.id };
    const user = existing ?? (await this.createUser(identity.email, identity.name));
    const previousRole = existing
      ? (await this.options.users.tenantsOf(existing.id)).find((membership) => membership.tenantId === identity.tenantId)?.role
      : undefined;
    if (previousRole !== identity.role) await this.options.users.grant(identity.tenantId, user.id, identity.role);
    const session = await this.options.logins.startSession(user, { tenantId: identity.tenantId, role: identity.role });
    return { ok: true, session, returnTo, issuer, subject: identity.subject, userCreated: !existing, previousRole };
  }

  /** A new user without a password (they sign in through the provider; an admin may give them one). */
  private async createUser(email: string, name: string): Promise<UserRow> {
    try {
      return await this.options.users.create({ email, name });
    } catch (error) {
      // the same person's first sign-in in another tab made them a moment ago
      const made = await this.options.users.byEmail(email);
      if (made) return made;
      throw error;
    }
  }

  /** The provider's metadata, discovered once (a failed discovery is tried again by the next attempt). */
  private configuration(): Promise<client.Configuration> {
    if (!this.discovered) {
      const { issuer, clientId, clientSecret, tokenEndpointAuthMethod, clockToleranceSeconds } = this.config;
      const authentication = !clientSecret
        ? client.None()
        : tokenEndpointAuthMethod === "client_secret_post"
          ? client.ClientSecretPost(clientSecret)
          : client.ClientSecretBasic(clientSecret);
      this.discovered = client.discovery(
        issuer,
        clientId,
        { [client.clockTolerance]: clockToleranceSeconds },
        authentication,
        // http:// is accepted only for a provider on localhost (oidc-config.ts), for development
        { execute: issuer.protocol === "http:" ? [client.allowInsecureRequests] : [], timeout: 10 },
      );
      this.discovered.catch(() => {
        this.discovered = undefined;
      });
    }
    return this.discovered;
  }
}

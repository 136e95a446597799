/**
 * From the provider's claims to who signs in where, with which role
 * (decision 0031). The provider's word is taken as it is: its signature,
 * issuer, audience and times were checked before the claims get here.
 */
import { type OidcConfig, tenantIdPattern } from "./oidc-config.js";
import { type MemberRole, memberRoles } from "./users.js";

/** A person the provider vouched for, mapped onto this server. */
export interface SsoIdentity {
  /** The provider's `sub`. */
  subject: string;
  email: string;
  name: string;
  tenantId: string;
  role: MemberRole;
}

/** Why claims do not let anyone in. */
export type ClaimsRefusal = "email_missing" | "email_unverified" | "tenant_missing" | "tenant_not_allowed" | "role_unmapped";

export type ClaimsOutcome =
  | { ok: true; identity: SsoIdentity }
  | { ok: false; reason: ClaimsRefusal; subject: string; email?: string; tenantId?: string };

/** The claims the mapping reads (the rest may come from the userinfo endpoint when the ID token lacks them). */
export function claimsNeeded(config: OidcConfig): string[] {
  return [
    "email",
    ...(config.tenant.kind === "claim" ? [config.tenant.claim] : []),
    ...(config.roleClaim ? [config.roleClaim] : []),
  ];
}

const emailPattern = /^[^\s@]+@[^\s@]+$/;

/** Text the database can keep as it is: no control characters (PostgreSQL text cannot hold NUL). */
function printable(value: string): boolean {
  for (const character of value) {
    const code = character.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

/** The strongest mapped role among the claim's values (a string or an array of strings), else the default. */
function roleOf(config: OidcConfig, claims: Readonly<Record<string, unknown>>): MemberRole | undefined {
  const value = config.roleClaim ? claims[config.roleClaim] : undefined;
  const values = Array.isArray(value) ? value : [value];
  const mapped = values
    .filter((entry): entry is string => typeof entry === "string")
    .map((entry) => config.roleMap.get(entry))
    .filter((entry): entry is MemberRole => entry !== undefined)
    .sort((left, right) => memberRoles.indexOf(left) - memberRoles.indexOf(right));
  return mapped[0] ?? config.defaultRole;
}

/** Maps verified claims to an identity, or says why they are refused. */
export function identityFromClaims(config: OidcConfig, claims: Readonly<Record<string, unknown>>): ClaimsOutcome {
  const subject = String(claims.sub);
  const rawEmail = claims.email;
  if (typeof rawEmail !== "string" || !emailPattern.test(rawEmail.trim()) || rawEmail.length > 320 || !printable(rawEmail))
    return { ok: false, reason: "email_missing", subject };
  const email = rawEmail.trim().toLowerCase();
  // absent is accepted (several providers only send verified addresses and say nothing); false is not
  if (claims.email_verified === false || claims.email_verified === "false")
    return { ok: false, reason: "email_unverified", subject, email };

  let tenantId: string;
  if (config.tenant.kind === "fixed") tenantId = config.tenant.id;
  else {
    const claimed = claims[config.tenant.claim];
    // a value no tenant can have is no tenant (and never reaches a query)
    if (typeof claimed !== "string" || !tenantIdPattern.test(claimed))
      return { ok: false, reason: "tenant_missing", subject, email };
    if (config.tenant.allowed && !config.tenant.allowed.has(claimed))
      return { ok: false, reason: "tenant_not_allowed", subject, email };
    tenantId = claimed;
  }

  const role = roleOf(config, claims);
  if (!role) return { ok: false, reason: "role_unmapped", subject, email, tenantId };
  const name = [claims.name, claims.preferred_username].find(
    (entry): entry is string => typeof entry === "string" && entry.trim().length > 0 && printable(entry),
  );
  return {
    ok: true,
    identity: { subject, email, name: (name ?? email.split("@")[0] ?? email).trim().slice(0, 200), tenantId, role },
  };
}

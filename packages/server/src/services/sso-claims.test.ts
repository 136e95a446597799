import { describe, expect, it } from "vitest";
import { parseOidcConfig } from "./oidc-config.js";
import { identityFromClaims } from "./sso-claims.js";

const base = {
  issuer: "https://login.example.com",
  clientId: "rehearse",
  redirectUri: "https://rehearse.example.com/api/v1/auth/sso/callback",
};
const byGroups = parseOidcConfig(
  {
    ...base,
    tenantClaim: "org",
    allowedTenants: ["acme", "globex"],
    roleClaim: "groups",
    roleMap: { "rehearse-admins": "admin", "rehearse-ops": "operator", staff: "viewer" },
  },
  "test",
);
const person = { sub: "u-1", email: "Ada@Example.com", email_verified: true, name: "Ada", org: "acme" };

describe("claims to an identity", () => {
  it("maps the tenant claim and the strongest mapped group", () => {
    expect(identityFromClaims(byGroups, { ...person, groups: ["staff", "rehearse-ops", "unrelated"] })).toEqual({
      ok: true,
      identity: { subject: "u-1", email: "ada@example.com", name: "Ada", tenantId: "acme", role: "operator" },
    });
    expect(identityFromClaims(byGroups, { ...person, groups: "rehearse-admins" })).toMatchObject({ identity: { role: "admin" } });
  });

  it("refuses an unmapped role when there is no default, and uses the default when there is one", () => {
    expect(identityFromClaims(byGroups, { ...person, groups: ["unrelated"] })).toMatchObject({
      ok: false,
      reason: "role_unmapped",
      tenantId: "acme",
    });
    const withDefault = parseOidcConfig({ ...base, tenant: "default", defaultRole: "viewer" }, "test");
    expect(identityFromClaims(withDefault, person)).toMatchObject({ identity: { tenantId: "default", role: "viewer" } });
  });

  it("refuses an email the provider says is not verified, or none", () => {
    expect(identityFromClaims(byGroups, { ...person, email_verified: false, groups: "staff" })).toMatchObject({
      reason: "email_unverified",
    });
    expect(identityFromClaims(byGroups, { ...person, email: undefined, groups: "staff" })).toMatchObject({
      reason: "email_missing",
    });
    expect(identityFromClaims(byGroups, { ...person, email: "ada\u0000@example.com", groups: "staff" })).toMatchObject({
      reason: "email_missing",
    });
  });

  it("refuses a tenant outside allowedTenants, or no tenant claim", () => {
    expect(identityFromClaims(byGroups, { ...person, org: "initech", groups: "staff" })).toMatchObject({
      reason: "tenant_not_allowed",
    });
    expect(identityFromClaims(byGroups, { ...person, org: undefined, groups: "staff" })).toMatchObject({
      reason: "tenant_missing",
    });
    // a value no tenant id can be never reaches a query
    expect(identityFromClaims(byGroups, { ...person, org: "acme\u0000", groups: "staff" })).toMatchObject({
      reason: "tenant_missing",
    });
  });
});

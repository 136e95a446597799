/**
 * Who a request acts for. Repositories and services take a `TenantScope`;
 * only the auth layer can make one (the constructor needs a token that is not
 * exported outside services/), so no route can read another tenant's rows by
 * passing an id from a URL or body.
 */
const issued: unique symbol = Symbol("tenant-scope");

/** A caller's role; the security issue adds operator and viewer with users. */
export type Role = "admin" | "api";

export class TenantScope {
  private constructor(
    readonly tenantId: string,
    readonly principal: { kind: "api_key"; id: string },
    readonly role: Role,
    readonly scopes: readonly string[],
    token: typeof issued,
  ) {
    if (token !== issued) throw new Error("TenantScope is made only by authentication");
  }

  /** For services/authentication.ts only. */
  static issue(tenantId: string, principal: { kind: "api_key"; id: string }, role: Role, scopes: readonly string[]): TenantScope {
    return new TenantScope(tenantId, principal, role, scopes, issued);
  }
}

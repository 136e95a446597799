/**
 * Who a request acts for. Repositories and services take a `TenantScope`;
 * only the auth layer can make one (the constructor needs a token that is not
 * exported outside services/), so no route can read another tenant's rows by
 * passing an id from a URL or body.
 */
import { holds, type Permission, type Role } from "./permissions.js";

const issued: unique symbol = Symbol("tenant-scope");

export type { Role } from "./permissions.js";

/** The credential a request came with: an API key, or a signed-in user's session (by its hash). */
export type Principal = { kind: "api_key"; id: string } | { kind: "user"; id: string; session: string };

export class TenantScope {
  private constructor(
    readonly tenantId: string,
    readonly principal: Principal,
    readonly role: Role,
    readonly scopes: readonly string[],
    /** A signed-in user who administers the installation (creates tenants), besides their role here. */
    readonly instanceAdmin: boolean,
    token: typeof issued,
  ) {
    if (token !== issued) throw new Error("TenantScope is made only by authentication");
  }

  /** For services/authentication.ts only. */
  static issue(
    tenantId: string,
    principal: Principal,
    role: Role,
    scopes: readonly string[],
    instanceAdmin = false,
  ): TenantScope {
    return new TenantScope(tenantId, principal, role, scopes, instanceAdmin, issued);
  }

  /** Whether this caller holds `permission` (services/permissions.ts); `instance:admin` only instance admins do. */
  may(permission: Permission): boolean {
    if (permission === "instance:admin") return this.instanceAdmin;
    return holds(permission, this.role, this.scopes);
  }
}

/**
 * Who may do what (platform research §7.2–7.3): every route names one
 * permission (http/route-permissions.ts), and this table says which roles
 * hold it. Admin, Operator and Viewer hold their permissions by role; an API
 * key (role `api`) holds only what its scopes grant. Pure data and one
 * function; the middleware and the generated test both read it.
 */

/** The four roles of seed 004. */
export const roles = ["admin", "operator", "viewer", "api"] as const;
export type Role = (typeof roles)[number];

/** The scopes an API key can carry. */
export const keyScopes = ["events:write", "runs:read", "runs:raw", "runs:launch", "guard:evaluate"] as const;
export type KeyScope = (typeof keyScopes)[number];

/** What a route needs. `public` routes need nothing; `authenticated` ones any valid credential. */
export type Permission =
  | "public"
  | "authenticated"
  | "events:write"
  | "runs:read"
  | "transcripts:read"
  | "transcripts:raw"
  | "runs:playback"
  | "runs:launch"
  | "runs:label"
  | "guard:evaluate"
  | "notifications:operate"
  | "settings:read"
  | "settings:write"
  | "runs:delete"
  | "keys:manage"
  | "members:manage"
  | "audit:read"
  | "metrics:read"
  | "worker:operate"
  | "instance:admin";

/**
 * The role matrix: for each permission, the roles that hold it, and for an
 * API key the scope that grants it (`undefined`: no key scope does).
 */
export const permissionMatrix: Readonly<Record<Permission, { roles: readonly Role[]; scope: KeyScope | undefined }>> = {
  public: { roles: roles, scope: undefined },
  authenticated: { roles: roles, scope: undefined },
  "events:write": { roles: ["admin"], scope: "events:write" },
  "runs:read": { roles: ["admin", "operator", "viewer"], scope: "runs:read" },
  // Viewers and keys without `runs:raw` read transcripts redacted (when the tenant stores them raw)
  "transcripts:read": { roles: ["admin", "operator", "viewer"], scope: "runs:read" },
  // not a route's permission: whether transcripts are shown as stored rather than redacted at read time
  "transcripts:raw": { roles: ["admin", "operator"], scope: "runs:raw" },
  "runs:playback": { roles: ["admin", "operator", "viewer"], scope: "runs:read" },
  "runs:launch": { roles: ["admin", "operator"], scope: "runs:launch" },
  // labelling runs for judge calibration (decision 0050): people who may act on runs, not viewers; no key scope grants it
  "runs:label": { roles: ["admin", "operator"], scope: undefined },
  "guard:evaluate": { roles: ["admin", "operator", "viewer"], scope: "guard:evaluate" },
  "notifications:operate": { roles: ["admin", "operator"], scope: undefined },
  "settings:read": { roles: ["admin"], scope: undefined },
  "settings:write": { roles: ["admin"], scope: undefined },
  "runs:delete": { roles: ["admin"], scope: undefined },
  "keys:manage": { roles: ["admin"], scope: undefined },
  "members:manage": { roles: ["admin"], scope: undefined },
  "audit:read": { roles: ["admin"], scope: undefined },
  "metrics:read": { roles: ["admin"], scope: undefined },
  /** Only the installation's worker token (REHEARSE_WORKER_TOKEN) holds it, never a user or API key. */
  "worker:operate": { roles: [], scope: undefined },
  // held by no role: only a signed-in user marked as the installation's administrator (TenantScope.may)
  "instance:admin": { roles: [], scope: undefined },
};

/** Whether a caller with `role` (and, for an API key, `scopes`) holds `permission`. */
export function holds(permission: Permission, role: Role, scopes: readonly string[]): boolean {
  const rule = permissionMatrix[permission];
  if (permission === "public" || permission === "authenticated") return true;
  if (role === "api") return rule.scope !== undefined && scopes.includes(rule.scope);
  return rule.roles.includes(role);
}

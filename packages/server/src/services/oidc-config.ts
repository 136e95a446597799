/**
 * The single sign-on provider's settings (decision 0031): `OIDC_PROVIDER_CONFIG`
 * (JSON text) or `OIDC_PROVIDER_CONFIG_FILE` (a JSON file only its owner may
 * read, like the server's other secrets: it may hold the client secret), or
 * `ServerOptions.oidc`. Checked with zod when the server starts; a bad field
 * stops the start with the field's name. Neither set: no single sign-on.
 */
import { z } from "zod";
import { loadConfiguredSecret, readPrivateFile } from "./server-secrets.js";
import { type MemberRole, memberRoles } from "./users.js";

/** The path of the callback route; `redirectUri` must end with it. */
export const SSO_CALLBACK_PATH = "/api/v1/auth/sso/callback";

/** The settings as an operator writes them (the JSON document, or `ServerOptions.oidc`). */
export interface OidcProviderConfig {
  /** The provider's issuer identifier (`https://…`; `http://` only on localhost). Discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  /** This server's client id at the provider. */
  clientId: string;
  /** The client secret; absent (and no `clientSecretFile`): a public client, PKCE only. */
  clientSecret?: string;
  /** A file holding the client secret (refused when group or others may read it). */
  clientSecretFile?: string;
  /** How the secret reaches the token endpoint; default `client_secret_basic`. */
  tokenEndpointAuthMethod?: "client_secret_basic" | "client_secret_post";
  /** This server's callback as the browser reaches it, registered at the provider: `https://<host>/api/v1/auth/sso/callback`. */
  redirectUri: string;
  /** Space-separated scopes; must include `openid`. Default `openid email profile`. */
  scopes?: string;
  /** Everyone signs in to this tenant (exclusive with `tenantClaim`). */
  tenant?: string;
  /** The claim naming the tenant to sign in to (exclusive with `tenant`). */
  tenantClaim?: string;
  /** With `tenantClaim`: the only tenants the claim may name. */
  allowedTenants?: string[];
  /** The claim holding the user's role or groups (a string or an array of strings). */
  roleClaim?: string;
  /** Claim value → role; of several matching values the strongest role wins (admin > operator > viewer). */
  roleMap?: Record<string, MemberRole>;
  /** The role when no `roleMap` entry matches; absent: such sign-ins are refused. */
  defaultRole?: MemberRole;
  /** Allowed clock difference with the provider when checking the ID token's times, 0-300 s; default 30. */
  clockToleranceSeconds?: number;
}

/** The checked settings the server uses (the secret read, defaults applied). */
export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string | undefined;
  tokenEndpointAuthMethod: "client_secret_basic" | "client_secret_post";
  redirectUri: URL;
  scopes: string;
  tenant: { kind: "fixed"; id: string } | { kind: "claim"; claim: string; allowed: ReadonlySet<string> | undefined };
  roleClaim: string | undefined;
  roleMap: ReadonlyMap<string, MemberRole>;
  defaultRole: MemberRole | undefined;
  clockToleranceSeconds: number;
}

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** An absolute http(s) URL; plain http only for this machine (a provider or callback on localhost). */
const webUrl = z.string().superRefine((value, context) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    context.addIssue({ code: "custom", message: "not an absolute URL" });
    return;
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopbackHosts.has(url.hostname)))
    context.addIssue({ code: "custom", message: "must be https:// (http:// only on localhost)" });
  if (url.hash) context.addIssue({ code: "custom", message: "must not have a #fragment" });
});

/** What a tenant id looks like (`rehearse admin create-tenant` makes only these). */
export const tenantIdPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

const tenantId = z.string().regex(tenantIdPattern, "a tenant id: 1-63 lowercase letters, digits and dashes");
const claimName = z.string().min(1).max(200);
const role = z.enum(memberRoles);

const oidcConfigSchema = z
  .object({
    issuer: webUrl,
    clientId: z.string().min(1).max(500),
    clientSecret: z.string().min(1).optional(),
    clientSecretFile: z.string().min(1).optional(),
    tokenEndpointAuthMethod: z.enum(["client_secret_basic", "client_secret_post"]).optional(),
    redirectUri: webUrl.refine((value) => URL.canParse(value) && new URL(value).pathname.endsWith(SSO_CALLBACK_PATH), {
      message: `must be this server's ${SSO_CALLBACK_PATH} as the browser reaches it`,
    }),
    scopes: z
      .string()
      .refine((value) => value.split(/\s+/).includes("openid"), { message: "must include openid" })
      .optional(),
    tenant: tenantId.optional(),
    tenantClaim: claimName.optional(),
    allowedTenants: z.array(tenantId).min(1).optional(),
    roleClaim: claimName.optional(),
    roleMap: z.record(z.string().min(1), role).optional(),
    defaultRole: role.optional(),
    clockToleranceSeconds: z.number().int().min(0).max(300).optional(),
  })
  .strict()
  .superRefine((config, context) => {
    const issue = (path: string, message: string) => context.addIssue({ code: "custom", path: [path], message });
    if (config.clientSecret && config.clientSecretFile)
      issue("clientSecretFile", "set clientSecret or clientSecretFile, not both");
    if (config.tenant === undefined && config.tenantClaim === undefined)
      issue("tenant", "set tenant (one tenant for everyone) or tenantClaim (the claim naming it)");
    if (config.tenant !== undefined && config.tenantClaim !== undefined)
      issue("tenantClaim", "set tenant or tenantClaim, not both");
    if (config.allowedTenants && config.tenantClaim === undefined) issue("allowedTenants", "only applies with tenantClaim");
    if (config.roleMap && !config.roleClaim) issue("roleClaim", "roleMap needs roleClaim, the claim it maps");
    if (config.roleClaim && !config.roleMap) issue("roleMap", "roleClaim needs roleMap (claim value → admin|operator|viewer)");
    if (!config.roleMap && !config.defaultRole)
      issue("defaultRole", "set roleClaim and roleMap, or defaultRole: otherwise nobody could sign in");
  });

function configError(message: string): Error {
  return Object.assign(new Error(message), { code: "REHEARSE_CONFIG" });
}

/** `roleMap.admins` from a zod path. */
function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part) => (typeof part === "number" ? `[${part}]` : String(part))).join(".") || "(the document)";
}

/**
 * Checks `input` (the parsed JSON, or `ServerOptions.oidc`) and reads the
 * client secret file; `source` names where it came from in errors
 * (`OIDC_PROVIDER_CONFIG: redirectUri: …`).
 */
export function parseOidcConfig(input: unknown, source: string): OidcConfig {
  const parsed = oidcConfigSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${fieldName(issue.path)}: ${issue.message}`);
    throw configError(`${source}: ${problems.join("; ")}`);
  }
  const config = parsed.data;
  const clientSecret = config.clientSecretFile
    ? readPrivateFile(config.clientSecretFile, `${source}: clientSecretFile`, 1).toString("utf8")
    : config.clientSecret;
  return {
    issuer: new URL(config.issuer),
    clientId: config.clientId,
    clientSecret,
    tokenEndpointAuthMethod: config.tokenEndpointAuthMethod ?? "client_secret_basic",
    redirectUri: new URL(config.redirectUri),
    scopes: (config.scopes ?? "openid email profile").trim().split(/\s+/).join(" "),
    tenant:
      config.tenant !== undefined
        ? { kind: "fixed", id: config.tenant }
        : {
            kind: "claim",
            claim: config.tenantClaim as string,
            allowed: config.allowedTenants ? new Set(config.allowedTenants) : undefined,
          },
    roleClaim: config.roleClaim,
    roleMap: new Map(Object.entries(config.roleMap ?? {})),
    defaultRole: config.defaultRole,
    clockToleranceSeconds: config.clockToleranceSeconds ?? 30,
  };
}

/**
 * The settings in `OIDC_PROVIDER_CONFIG` or the file `OIDC_PROVIDER_CONFIG_FILE`
 * names (mode 0600 or stricter); `undefined` when neither is set.
 */
export function oidcConfigFromEnvironment(environment: Readonly<Record<string, string | undefined>>): OidcConfig | undefined {
  const loaded = loadConfiguredSecret({ variable: "OIDC_PROVIDER_CONFIG", environment, minimumLength: 2 });
  if (!loaded) return undefined;
  const source = environment.OIDC_PROVIDER_CONFIG ? "OIDC_PROVIDER_CONFIG" : `OIDC_PROVIDER_CONFIG_FILE (${loaded.source})`;
  let document: unknown;
  try {
    document = JSON.parse(loaded.value.toString("utf8"));
  } catch {
    // not the parser's message: it quotes the text, which may hold the client secret
    throw configError(`${source} is not valid JSON`);
  }
  return parseOidcConfig(document, source);
}

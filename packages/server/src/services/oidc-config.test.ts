import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { oidcConfigFromEnvironment, parseOidcConfig } from "./oidc-config.js";

const valid = {
  issuer: "https://login.example.com/realms/acme",
  clientId: "rehearse",
  clientSecret: "client-secret",
  redirectUri: "https://rehearse.example.com/api/v1/auth/sso/callback",
  tenant: "default",
  defaultRole: "viewer",
};

describe("the OIDC provider settings", () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "rehearse-oidc-config-"));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it("reads OIDC_PROVIDER_CONFIG and applies the defaults", () => {
    const config = oidcConfigFromEnvironment({ OIDC_PROVIDER_CONFIG: JSON.stringify(valid) });
    expect(config).toMatchObject({
      clientId: "rehearse",
      clientSecret: "client-secret",
      tokenEndpointAuthMethod: "client_secret_basic",
      scopes: "openid email profile",
      tenant: { kind: "fixed", id: "default" },
      defaultRole: "viewer",
      clockToleranceSeconds: 30,
    });
    expect(config?.issuer.href).toBe("https://login.example.com/realms/acme");
  });

  it("is off when neither variable is set", () => {
    expect(oidcConfigFromEnvironment({})).toBeUndefined();
  });

  it("reads a file only its owner can read, and refuses one group or others may read", () => {
    const file = join(directory, "oidc.json");
    writeFileSync(
      file,
      JSON.stringify({ ...valid, tenant: undefined, tenantClaim: "org", roleClaim: "groups", roleMap: { ops: "operator" } }),
    );
    chmodSync(file, 0o600);
    const config = oidcConfigFromEnvironment({ OIDC_PROVIDER_CONFIG_FILE: file });
    expect(config?.tenant).toEqual({ kind: "claim", claim: "org", allowed: undefined });
    expect(config?.roleMap.get("ops")).toBe("operator");

    chmodSync(file, 0o644);
    expect(() => oidcConfigFromEnvironment({ OIDC_PROVIDER_CONFIG_FILE: file })).toThrow(
      expect.objectContaining({ code: "REHEARSE_SECRET", message: expect.stringContaining("chmod 600") }),
    );
  });

  it("reads the client secret from clientSecretFile, with the same mode rule", () => {
    const secretFile = join(directory, "client-secret");
    writeFileSync(secretFile, "from-a-file\n", { mode: 0o600 });
    const config = parseOidcConfig({ ...valid, clientSecret: undefined, clientSecretFile: secretFile }, "test");
    expect(config.clientSecret).toBe("from-a-file");
    chmodSync(secretFile, 0o640);
    expect(() => parseOidcConfig({ ...valid, clientSecret: undefined, clientSecretFile: secretFile }, "test")).toThrow(
      /group or others/,
    );
  });

  it.each([
    [{ ...valid, redirectUri: "not a url" }, /OIDC_PROVIDER_CONFIG: redirectUri: not an absolute URL/],
    [
      { ...valid, redirectUri: "https://rehearse.example.com/callback" },
      /redirectUri: must be this server's \/api\/v1\/auth\/sso\/callback/,
    ],
    [{ ...valid, issuer: "http://login.example.com" }, /issuer: must be https:\/\//],
    [{ ...valid, clientId: "" }, /clientId: /],
    [{ ...valid, scopes: "email profile" }, /scopes: must include openid/],
    [{ ...valid, defaultRole: "owner" }, /defaultRole: /],
    [{ ...valid, tenant: undefined }, /tenant: set tenant \(one tenant for everyone\) or tenantClaim/],
    [{ ...valid, tenantClaim: "org" }, /tenantClaim: set tenant or tenantClaim, not both/],
    [{ ...valid, roleMap: { admins: "admin" } }, /roleClaim: roleMap needs roleClaim/],
    [{ ...valid, roleMap: { admins: "root" }, roleClaim: "groups" }, /roleMap\.admins: /],
    [{ ...valid, defaultRole: undefined }, /defaultRole: set roleClaim and roleMap, or defaultRole/],
    [{ ...valid, clockToleranceSeconds: -1 }, /clockToleranceSeconds: /],
    [{ ...valid, clientSecert: "typo" }, /clientSecert/],
  ])("names the bad field: %o", (document, message) => {
    expect(() => oidcConfigFromEnvironment({ OIDC_PROVIDER_CONFIG: JSON.stringify(document) })).toThrow(message);
  });

  it("refuses text that is not JSON without quoting it (it may hold the secret)", () => {
    const attempt = () => oidcConfigFromEnvironment({ OIDC_PROVIDER_CONFIG: '{"clientSecret": "s3cret",' });
    expect(attempt).toThrow("OIDC_PROVIDER_CONFIG is not valid JSON");
    expect(attempt).not.toThrow(/s3cret/);
  });

  it("accepts http:// only for a provider on this machine", () => {
    const config = parseOidcConfig(
      { ...valid, issuer: "http://127.0.0.1:8080", redirectUri: "http://localhost:4319/api/v1/auth/sso/callback" },
      "test",
    );
    expect(config.issuer.protocol).toBe("http:");
  });
});

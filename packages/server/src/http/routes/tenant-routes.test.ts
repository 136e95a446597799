import { afterEach, describe, expect, it } from "vitest";
import { browse, login } from "../../test-support/browser.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";

const PASSWORD = "correct horse battery staple";

describe("tenants and members", () => {
  let server: TestApp | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function instanceAdministrator(app: TestApp) {
    const user = await app.services.users.create({
      email: "root@example.com",
      name: "Root",
      password: PASSWORD,
      instanceAdmin: true,
    });
    await app.services.users.grant("default", user.id, "admin");
    return (await login(app, { email: "root@example.com", password: PASSWORD })).browser;
  }

  const keyed = (method: string, path: string, body?: unknown, key?: string) =>
    (server as TestApp).request(method, path, body, key);

  it("lets the instance administrator create a tenant, become its admin and invite its first member", async () => {
    server = await testApp();
    const root = await instanceAdministrator(server);
    const created = await browse(server, root, "POST", "/api/v1/tenants", { id: "acme", name: "Acme Corp" });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: "acme", name: "Acme Corp" });
    const listed: Json = await (await browse(server, root, "GET", "/api/v1/tenants")).json();
    expect(listed.items.map((tenant: Json) => tenant.id)).toEqual(["acme", "default", "other"]);
    expect((await browse(server, root, "POST", "/api/v1/tenants", { id: "acme", name: "Again" })).status).toBe(409);
    const bad = await browse(server, root, "POST", "/api/v1/tenants", { id: "Not A Slug", name: "x" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("id");

    const invited = await browse(server, root, "PUT", "/api/v1/tenants/acme/members", {
      email: "grace@acme.example",
      role: "viewer",
    });
    expect(invited.status).toBe(200);
    const grace: Json = await invited.json();
    expect(grace).toMatchObject({ created: true, password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/) });
    expect(
      (await browse(server, root, "PUT", "/api/v1/tenants/nowhere/members", { email: "x@y.example", role: "viewer" })).status,
    ).toBe(404);
    // Grace signs in to Acme as a viewer; she sees Acme's runs and nobody else's
    const signedIn = await login(server, { email: "grace@acme.example", password: grace.password, tenant: "acme" });
    expect(signedIn.response.status).toBe(200);
    expect(signedIn.body).toMatchObject({ tenantId: "acme", role: "viewer" });
    expect((await browse(server, signedIn.browser, "GET", "/api/v1/runs")).status).toBe(200);
    expect((await browse(server, signedIn.browser, "GET", "/api/v1/tenants")).status).toBe(403);
    // root is Acme's admin too, and both steps are on Acme's chain
    const inAcme = await login(server, { email: "root@example.com", password: PASSWORD, tenant: "acme" });
    expect(inAcme.body).toMatchObject({ tenantId: "acme", role: "admin" });
    const audit: Json = await (await browse(server, inAcme.browser, "GET", "/api/v1/audit")).json();
    const actions = audit.items.map((entry: Json) => entry.action);
    expect(actions[0]).toBe("tenant.created");
    expect(actions).toEqual(expect.arrayContaining(["member.role_set", "user.invited"]));
  });

  it("refuses tenant administration to a tenant's admin key and to tenant admins who are not the instance's", async () => {
    server = await testApp();
    expect((await keyed("GET", "/api/v1/tenants")).status).toBe(403);
    expect((await keyed("POST", "/api/v1/tenants", { id: "sneaky", name: "x" })).status).toBe(403);
    const user = await server.services.users.create({ email: "ada@example.com", name: "Ada", password: PASSWORD });
    await server.services.users.grant("default", user.id, "admin");
    const ada = (await login(server, { email: "ada@example.com", password: PASSWORD })).browser;
    expect((await browse(server, ada, "POST", "/api/v1/tenants", { id: "sneaky", name: "x" })).status).toBe(403);
  });

  it("lets a tenant's admin list, add, re-role and remove members, each audited, and ends a removed member's sessions", async () => {
    server = await testApp();
    const added = await keyed("PUT", "/api/v1/members", { email: "Lin@Example.com", name: "Lin", role: "operator" });
    expect(added.status).toBe(200);
    const lin: Json = await added.json();
    expect(lin.created).toBe(true);
    const linSession = await login(server, { email: "lin@example.com", password: lin.password });
    expect(linSession.body.role).toBe("operator");
    const again: Json = await (await keyed("PUT", "/api/v1/members", { email: "lin@example.com", role: "viewer" })).json();
    expect(again).toEqual({ userId: lin.userId, created: false, password: null });
    const members: Json = await (await keyed("GET", "/api/v1/members")).json();
    expect(members.items).toEqual([expect.objectContaining({ userId: lin.userId, email: "lin@example.com", role: "viewer" })]);
    // another tenant's key sees its own members only
    expect((await keyed("GET", "/api/v1/members", undefined, server.otherTenantKey)).status).toBe(403);

    expect((await keyed("DELETE", `/api/v1/members/${lin.userId}`)).status).toBe(204);
    expect((await keyed("DELETE", `/api/v1/members/${lin.userId}`)).status).toBe(404);
    expect((await browse(server, linSession.browser, "GET", "/api/v1/runs")).status).toBe(401);
    const audit: Json = await server.read("/api/v1/audit?limit=1000");
    expect(audit.items.map((entry: Json) => entry.action)).toEqual(
      expect.arrayContaining(["user.invited", "member.role_set", "member.removed"]),
    );
  });
});

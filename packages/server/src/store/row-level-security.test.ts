import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { asOwner, engines, freshDatabase, systemRows } from "../test-support/database.js";
import { type Database, SYSTEM_ROLE, TENANT_ROLE } from "./database.js";

const failure = (run: Promise<unknown>) =>
  run.then(
    () => undefined,
    (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
  );

describe.each(engines())("row-level security (%s)", (engine) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  const open = async () => {
    database = await freshDatabase(engine);
    return database;
  };

  it("has FORCE row-level security and a tenant policy on every table with a tenant_id", async () => {
    const store = await open();
    const tables = await systemRows<{ name: string; enabled: boolean; forced: boolean; policies: string[] }>(
      store,
      sql`select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
            coalesce((select array_agg(p.policyname || ' ' || array_to_string(p.roles, ',') || ' ' || coalesce(p.qual, '') || ' ' || coalesce(p.with_check, '')
                      order by p.policyname)
                      from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname), '{}') as policies
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r'
            and exists (select 1 from information_schema.columns col
                        where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'tenant_id')
          order by c.relname`,
    );
    // the tables the schema has today; a new one must join this list only by having RLS (the checks below)
    expect(tables.length).toBeGreaterThanOrEqual(12);
    for (const table of tables) {
      expect({ table: table.name, enabled: table.enabled, forced: table.forced }).toEqual({
        table: table.name,
        enabled: true,
        forced: true,
      });
      const tenantPolicy = table.policies.find((policy) => policy.startsWith(`tenant_isolation ${TENANT_ROLE} `));
      expect(tenantPolicy, `${table.name} has no tenant policy for ${TENANT_ROLE}`).toBeDefined();
      // both USING and WITH CHECK compare tenant_id with the transaction's setting
      expect(tenantPolicy?.match(/current_setting\('app\.tenant_id'::text, true\)/g)).toHaveLength(2);
      // no policy admits the app role by anything else
      expect(table.policies.filter((policy) => policy.split(" ")[1]?.split(",").includes(TENANT_ROLE))).toHaveLength(1);
    }
  });

  it("queries as roles that are neither superusers nor bypass row-level security", async () => {
    const store = await open();
    expect(await store.forTenant("default", (executor) => executor.rows(sql`select current_user as role`))).toEqual([
      { role: TENANT_ROLE },
    ]);
    expect(await store.asSystem((executor) => executor.rows(sql`select current_user as role`))).toEqual([{ role: SYSTEM_ROLE }]);
    const roles = await systemRows<{ name: string; superuser: boolean; bypass: boolean; login: boolean }>(
      store,
      sql`select rolname as name, rolsuper as superuser, rolbypassrls as bypass, rolcanlogin as login from pg_roles
          where rolname in (${TENANT_ROLE}, ${SYSTEM_ROLE}) order by rolname`,
    );
    expect(roles).toEqual([
      { name: TENANT_ROLE, superuser: false, bypass: false, login: false },
      { name: SYSTEM_ROLE, superuser: false, bypass: false, login: false },
    ]);
  });

  it("shows a tenant only its own rows even when the SQL forgets the tenant, and refuses writing another's", async () => {
    const store = await open();
    await systemRows(store, sql`insert into tenants (id, name) values ('acme', 'Acme'), ('globex', 'Globex')`);
    await systemRows(
      store,
      sql`insert into scenario_sets (tenant_id, id, first_seen_at, last_run_at)
          values ('acme', 'acme-set', now(), now()), ('globex', 'globex-set', now(), now())`,
    );
    const visible = (tenantId: string) =>
      store.forTenant(tenantId, (executor) => executor.rows<{ id: string }>(sql`select id from scenario_sets order by id`));
    expect(await visible("acme")).toEqual([{ id: "acme-set" }]);
    expect(await visible("globex")).toEqual([{ id: "globex-set" }]);
    expect(await visible("nobody")).toEqual([]);
    // updates and deletes reach only the tenant's rows
    await store.forTenant("acme", (executor) => executor.rows(sql`update scenario_sets set last_run_at = to_timestamp(0)`));
    await store.forTenant("acme", (executor) => executor.rows(sql`delete from scenario_sets where id = 'globex-set'`));
    expect(
      await systemRows(store, sql`select id, last_run_at = to_timestamp(0) as cleared from scenario_sets order by id`),
    ).toEqual([
      { id: "acme-set", cleared: true },
      { id: "globex-set", cleared: false },
    ]);
    // a row of another tenant cannot be written, nor a row moved to another tenant
    expect(
      await failure(
        store.forTenant("acme", (executor) =>
          executor.rows(sql`insert into scenario_sets (tenant_id, id, first_seen_at) values ('globex', 'smuggled', now())`),
        ),
      ),
    ).toMatch(/row-level security/);
    expect(
      await failure(store.forTenant("acme", (executor) => executor.rows(sql`update scenario_sets set tenant_id = 'globex'`))),
    ).toMatch(/row-level security/);
    // and the failed transactions left nothing behind
    expect(await systemRows(store, sql`select count(*)::int as count from scenario_sets`)).toEqual([{ count: 2 }]);
  });

  it("sets the tenant for the transaction only: the next one starts without it", async () => {
    const store = await open();
    await store.forTenant("acme", async () => undefined);
    const setting = await store.asSystem((executor) =>
      executor.rows<{ tenant: string | null }>(sql`select current_setting('app.tenant_id', true) as tenant`),
    );
    expect([null, ""]).toContain(setting[0]?.tenant);
    // a quote in a tenant id is data, not SQL
    expect(
      await store.forTenant("it's", (executor) => executor.rows(sql`select current_setting('app.tenant_id') as tenant`)),
    ).toEqual([{ tenant: "it's" }]);
    await expect(store.forTenant("", async () => undefined)).rejects.toThrow(/tenant id/);
  });

  it("gives the owner's rights to nobody but a test: the roles cannot alter tables", async () => {
    const store = await open();
    expect(await failure(systemRows(store, sql`alter table runs disable row level security`))).toMatch(/must be owner/);
    expect(
      await failure(store.forTenant("default", (executor) => executor.rows(sql`alter table runs no force row level security`))),
    ).toMatch(/must be owner/);
    // the owner can (the tamper tests' route); the server never takes it
    await asOwner(store, (executor) => executor.rows(sql`select 1`));
  });
});

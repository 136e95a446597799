import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emptyPostgresUrl, systemRows } from "../test-support/database.js";
import { MIGRATIONS_FOLDER, openDatabase } from "./database.js";

const migrations = async (database: Awaited<ReturnType<typeof openDatabase>>) =>
  (await systemRows<{ applied: number }>(database, sql`select count(*)::int as applied from drizzle.__drizzle_migrations`))[0]
    ?.applied;

describe("opening the store", () => {
  it("applies the migrations once on an embedded data dir, and opening it again changes nothing", async () => {
    const directory = mkdtempSync(join(tmpdir(), "rehearse-store-"));
    try {
      const first = await openDatabase({ kind: "pglite", dataDir: directory });
      await systemRows(first, sql`insert into tenants (id, name) values ('kept', 'Kept')`);
      const applied = await migrations(first);
      await first.close();
      const second = await openDatabase({ kind: "pglite", dataDir: directory });
      expect(await migrations(second)).toBe(applied);
      expect(await second.ready()).toBe(true);
      expect(await systemRows(second, sql`select id from tenants`)).toEqual([{ id: "kept" }]);
      await second.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it.runIf(process.env.SERVER_TEST_DATABASE_URL)(
    "migrates one PostgreSQL database from two servers starting at once",
    async () => {
      const url = await emptyPostgresUrl();
      const [one, two] = await Promise.all([openDatabase({ kind: "postgres", url }), openDatabase({ kind: "postgres", url })]);
      expect(await one.ready()).toBe(true);
      const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
        entries: unknown[];
      };
      const applied = await migrations(one);
      expect(applied).toBe(journal.entries.length);
      expect(await migrations(two)).toBe(applied);
      const [row] = await systemRows<{ tables: number }>(
        one,
        sql`select count(*)::int as tables from information_schema.tables where table_name = 'runs'`,
      );
      expect(row?.tables).toBe(1);
      await Promise.all([one.close(), two.close()]);
      const third = await openDatabase({ kind: "postgres", url });
      expect(await migrations(third)).toBe(applied);
      await third.close();
    },
  );

  it("says not ready once closed", async () => {
    const database = await openDatabase({ kind: "pglite", dataDir: undefined });
    await database.close();
    expect(await database.ready()).toBe(false);
  });
});

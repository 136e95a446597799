import { afterEach, describe, expect, it } from "vitest";
import { PgliteThread } from "./pglite-thread.js";

describe("embedded PGlite on its worker thread", () => {
  let thread: PgliteThread | undefined;
  afterEach(async () => {
    await thread?.close();
  });

  it("commits a transaction that resolves and rolls back one that throws, keeping other queries out meanwhile", async () => {
    thread = await PgliteThread.open(undefined, undefined);
    const database = thread;
    await database.query("create table notes (body text not null)");
    await database.transaction(async (client) => {
      await client.query("insert into notes values ($1)", ["kept"]);
    });
    let outside: Promise<unknown> | undefined;
    await expect(
      database.transaction(async (client) => {
        await client.query("insert into notes values ($1)", ["dropped"]);
        // a query from outside the transaction waits for it to end, so it never sees "dropped"
        outside = database.query("select count(*)::int as notes from notes");
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(((await outside) as { rows: unknown[] }).rows).toEqual([{ notes: 1 }]);
    expect((await database.query("select body from notes")).rows).toEqual([{ body: "kept" }]);
  });

  it("opens a transaction with its first query and setup in one message; concurrent queries wait for it", async () => {
    thread = await PgliteThread.open(undefined, undefined);
    const database = thread;
    await database.query("create table notes (body text not null)");
    // no query, no transaction: the value comes back all the same
    expect(await database.transaction(async () => "nothing asked")).toBe("nothing asked");
    const seen = await database.transaction(async (client) => {
      const [setting, count] = await Promise.all([
        client.query("select current_setting('app.note') as note"),
        client.query("insert into notes values ('one') returning body"),
      ]);
      return { setting: setting.rows, count: count.rows };
    }, "select set_config('app.note', 'set up', true)");
    expect(seen).toEqual({ setting: [{ note: "set up" }], count: [{ body: "one" }] });
    // the setting was the transaction's only
    expect((await database.query("select current_setting('app.note', true) as note")).rows).toEqual([{ note: "" }]);
    // a setup that fails fails the first query and leaves nothing open
    await expect(database.transaction((client) => client.query("select 1"), "select no_such_function()")).rejects.toMatchObject({
      code: "42883",
    });
    expect((await database.query("select count(*)::int as notes from notes")).rows).toEqual([{ notes: 1 }]);
  });

  it("reports PostgreSQL's error fields, and applies the caller's parsers on this thread", async () => {
    thread = await PgliteThread.open(undefined, undefined);
    await expect(thread.query("select * from missing")).rejects.toMatchObject({ code: "42P01" });
    const timestamptz = 1184;
    const result = await thread.query("select timestamptz '2026-12-06 00:00:00+00' as at, 1 as one", [], {
      rowMode: "array",
      parsers: { [timestamptz]: (text) => `parsed ${text}` },
    });
    expect(result.rows).toEqual([["parsed 2026-12-06 00:00:00+00", 1]]);
  });

  it("fails every call once closed", async () => {
    thread = await PgliteThread.open(undefined, undefined);
    await thread.close();
    await expect(thread.query("select 1")).rejects.toThrow(/closed/);
    thread = undefined;
  });
});

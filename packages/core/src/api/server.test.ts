import { describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { startHistoryServer } from "./server.js";

const options = { port: 0, host: "127.0.0.1", dataDir: "/tmp/unused", logLevel: "silent" };

describe("startHistoryServer", () => {
  it("names the install command when @rehearse/server is not installed", async () => {
    const missing = Object.assign(new Error("Cannot find package '@rehearse/server' imported from /x/dist/chunks/a.js"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    const attempt = startHistoryServer(options, () => Promise.reject(missing));
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow("npm install --save-dev @rehearse/server");
  });

  it("lets other failures through: a module the server itself misses is not a missing server", async () => {
    const broken = Object.assign(new Error("Cannot find package 'pg' imported from /x/node_modules/@rehearse/server/dist/a.js"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    await expect(startHistoryServer(options, () => Promise.reject(broken))).rejects.toBe(broken);
  });

  it("passes the options on, DATABASE_URL only when set", async () => {
    const calls: unknown[] = [];
    const server = { url: "http://127.0.0.1:1", dataDir: "/d", adminKeyFile: undefined, close: async () => undefined };
    await startHistoryServer(options, async () => ({
      startServer: async (given: unknown) => {
        calls.push(given);
        return server;
      },
    }));
    expect(calls).toEqual([{ port: 0, host: "127.0.0.1", dataDir: "/tmp/unused", logLevel: "silent" }]);
  });
});

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type TestApp, testApp } from "../test-support/test-app.js";

// The OpenAPI document is generated from the routes' zod schemas; the checked-in copy is what clients
// (the dashboard's typed client) build against. A route or schema change fails here until the copy is
// updated on purpose: UPDATE_OPENAPI_SNAPSHOT=1 npx vitest run --project server openapi-document
const snapshotPath = fileURLToPath(new URL("../../openapi.json", import.meta.url));

let server: TestApp;
beforeAll(async () => {
  server = await testApp();
});
afterAll(async () => server.close());

it("serves the OpenAPI document the checked-in openapi.json holds", async () => {
  const document = await server.read("/openapi.json");
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (process.env.UPDATE_OPENAPI_SNAPSHOT === "1") writeFileSync(snapshotPath, text);
  expect(text, "openapi.json is out of date: see the comment at the top of this test").toBe(readFileSync(snapshotPath, "utf8"));
  expect(Object.keys(document.paths)).toEqual(
    expect.arrayContaining(["/api/v1/events", "/api/v1/runs", "/api/v1/runs/{runId}", "/api/v1/batches/{batchId}"]),
  );
});

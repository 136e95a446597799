/**
 * The fixtures every spec imports instead of `@playwright/test`:
 * `import { expect, test } from "./support/fixtures.js"`.
 *
 * Per worker (made once, shared by the worker's tests): a real server with
 * the dashboard (`server`), its administrator's API session (`adminApi`;
 * the tenant keeps raw transcripts, so Viewers read placeholders), signed-in
 * accounts (`accounts.admin|operator|viewer`), an ingest key (`ingest`) and
 * the seeded history (`seeded`, reported through the real reporter).
 * Per test: `baseURL` is the server, pages signed in as a role
 * (`adminPage`, `viewerPage`, `pageAs(role)`), `checkA11y`, `reportLive`, and
 * the `guards` every context of the test is watched by (automatic).
 */
import { test as base, type Page } from "@playwright/test";
import { type A11yContext, type A11yOptions, checkA11y } from "./a11y.js";
import { type Account, ApiSession, type Role, signedIn } from "./accounts.js";
import { Guards } from "./guards.js";
import { type LiveBatch, reportLive } from "./live.js";
import { type ReportTarget, type Seeded, seed } from "./seed.js";
import { type DashboardServer, startDashboardServer } from "./server.js";

export { expect, type Page } from "@playwright/test";
export type { Account, LiveBatch, Role, Seeded };

/** The members made besides the administrator, one per role. */
const MEMBERS = {
  operator: { email: "olga.operator@example.com", name: "Olga Operator" },
  viewer: { email: "victor.viewer@example.com", name: "Victor Viewer" },
} as const;

interface WorkerFixtures {
  server: DashboardServer;
  adminApi: ApiSession;
  accounts: Record<Role, Account>;
  ingest: ReportTarget;
  seeded: Seeded;
}

interface TestFixtures {
  guards: Guards;
  pageAs: (role: Role) => Promise<Page>;
  adminPage: Page;
  viewerPage: Page;
  checkA11y: (page: Page, context?: A11yContext, options?: A11yOptions) => Promise<void>;
  reportLive: (options?: { setId?: string; batchId?: string }) => LiveBatch;
}

const worker = { scope: "worker", timeout: 120_000 } as const;

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const server = await startDashboardServer();
      await use(server);
      await server.close();
    },
    worker,
  ],
  adminApi: [
    async ({ server }, use) => {
      const session = await ApiSession.signIn(server.url, server.administrator);
      // stored as sent; Admins and Operators read it raw, Viewers redacted (docs/server.md, "Data policy")
      await session.setPolicy({ storeRaw: true });
      await use(session);
    },
    worker,
  ],
  accounts: [
    async ({ server, adminApi }, use) => {
      const made = async (role: "operator" | "viewer") => {
        const member = { ...MEMBERS[role], role };
        const { password } = await adminApi.addMember(member);
        if (!password) throw new Error(`${member.email} existed already: no one-time password`);
        return signedIn(server.url, { email: member.email, password }, role);
      };
      await use({
        admin: await signedIn(server.url, server.administrator, "admin"),
        operator: await made("operator"),
        viewer: await made("viewer"),
      });
    },
    worker,
  ],
  ingest: [
    async ({ server, adminApi }, use) => {
      const apiKey = await adminApi.createKey({ name: "e2e reporter", scopes: ["events:write"] });
      await use({ endpoint: server.url, apiKey });
    },
    worker,
  ],
  seeded: [
    async ({ ingest }, use, workerInfo) => {
      const seeded = await seed(ingest);
      process.stderr.write(
        `[e2e worker ${workerInfo.workerIndex}] seeded ${seeded.runs.length} runs in ${Math.round(seeded.seedingMs)} ms\n`,
      );
      await use(seeded);
    },
    worker,
  ],

  baseURL: async ({ server }, use) => use(server.url),

  guards: [
    async ({ server, context }, use) => {
      const guards = new Guards(new URL(server.url).host);
      await guards.attach(context);
      await use(guards);
      guards.check();
    },
    { auto: true },
  ],
  pageAs: async ({ browser, accounts, guards }, use) => {
    const opened: Array<{ close(): Promise<void> }> = [];
    await use(async (role) => {
      // the config's `use` options (viewport, locale, baseURL, …) apply to contexts made here too
      const context = await browser.newContext({ storageState: accounts[role].storageState });
      opened.push(context);
      await guards.attach(context);
      return context.newPage();
    });
    for (const context of opened) await context.close();
  },
  adminPage: async ({ pageAs }, use) => use(await pageAs("admin")),
  viewerPage: async ({ pageAs }, use) => use(await pageAs("viewer")),
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  checkA11y: async ({}, use, testInfo) => use((page, context, options) => checkA11y(page, context, options, testInfo)),
  reportLive: async ({ ingest }, use) => {
    const batches: LiveBatch[] = [];
    await use((options) => {
      const batch = reportLive(ingest, options);
      batches.push(batch);
      return batch;
    });
    for (const batch of batches) await batch.close();
  },
});

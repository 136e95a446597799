/**
 * Runs launched from the platform for the dashboard tests: a suite pushed
 * through `POST /api/v1/suites` and batches launched through `POST
 * /api/v1/batches` (with an `Idempotency-Key`), as the administrator's API
 * key. The test server has no `REDIS_URL`, so its embedded runner (worker
 * `embedded`) really runs them in-process and reports through ingest. The
 * project needs no model: scripted users and `succeed` verdicts; a user
 * message with "slow" in it makes the agent wait 20 s (stopping on its abort
 * signal), so a test can watch, pause and stop a running run.
 */
import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";

/** Where to launch, and with what credential (a key holding `runs:launch`). */
export interface LaunchTarget {
  url: string;
  adminKey: string;
}

/** The suite's name; its scenarios are `refund` (passes at once) and `slow` (three slow turns). */
export const SUITE = "dashboard-launch";

const AGENT = `const sleep = (ms, signal) => new Promise((done, fail) => {
  const timer = setTimeout(done, ms);
  signal?.addEventListener("abort", () => { clearTimeout(timer); fail(signal.reason); }, { once: true });
});
export default {
  role: "Agent",
  call: async (input) => {
    const last = input.messages.filter((message) => message.role === "user").at(-1);
    const text = typeof last?.content === "string" ? last.content : "";
    if (text.includes("slow")) await sleep(20_000, input.signal);
    return "Your refund for " + text + " is issued.";
  },
};
`;

function scenario(name: string, userText: string, turns: number): string {
  const steps = Array.from({ length: turns }, () => [`  - { type: user, content: "${userText}" }`, "  - { type: agent }"]).flat();
  return [
    `name: ${name}`,
    `description: ${name} scenario`,
    "agent: { module: ../agent.mjs }",
    "script:",
    ...steps,
    "  - { type: succeed }",
    "",
  ].join("\n");
}

async function call(target: LaunchTarget, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(target.url + path, {
    method,
    headers: { authorization: `Bearer ${target.adminKey}`, ...(body ? { "content-type": "application/json" } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Pushes the suite (the same files again are the same version: safe to repeat). */
export async function pushSuite(target: LaunchTarget): Promise<void> {
  await call(target, "POST", "/api/v1/suites", {
    name: SUITE,
    files: [
      { path: "package.json", content: `{ "name": "dashboard-launch", "type": "module" }\n` },
      { path: "agent.mjs", content: AGENT },
      { path: "scenarios/refund.yaml", content: scenario("refund", "order A100", 1) },
      { path: "scenarios/slow.yaml", content: scenario("slow", "slow order C300", 3) },
    ],
    scenarios: [
      { path: "scenarios/refund.yaml", id: "refund", name: "refund" },
      { path: "scenarios/slow.yaml", id: "slow", name: "slow" },
    ],
  });
}

/** A launched batch: its id and its runs' ids. */
export interface LaunchedBatch {
  batchId: string;
  runIds: string[];
}

/** Launches `trials` runs of one scenario; with `wait`, answers once they settled (at most 60 s). */
export async function launch(
  target: LaunchTarget,
  scenarioId: "refund" | "slow",
  options: { trials?: number; wait?: boolean } = {},
) {
  const body = {
    suite: SUITE,
    scenarios: [scenarioId],
    trials: options.trials ?? 1,
    note: `${scenarioId} from the dashboard tests`,
  };
  const query = options.wait ? "?wait=true" : "";
  const launched = (await call(target, "POST", `/api/v1/batches${query}`, body, {
    "idempotency-key": randomUUID(),
  })) as LaunchedBatch;
  return { batchId: launched.batchId, runIds: launched.runIds };
}

/** Waits until the run's agent is answering its first user message (the run is `running`). */
export async function untilRunning(target: LaunchTarget, runId: string): Promise<void> {
  await expect
    .poll(
      async () =>
        ((await call(target, "GET", `/api/v1/runs/${runId}/messages`).catch(() => ({ items: [] }))) as { items: unknown[] }).items
          .length,
      {
        timeout: 20_000,
      },
    )
    .toBeGreaterThanOrEqual(1);
}

/** Stops a batch and waits until every run settled (a test's cleanup: the embedded runner runs four at once). */
export async function stopAndSettle(target: LaunchTarget, batchId: string): Promise<void> {
  await call(target, "POST", `/api/v1/batches/${batchId}/controls`, { action: "stop", reason: "test cleanup" }).catch(
    () => undefined,
  );
  await expect
    .poll(
      async () => {
        const batch = (await call(target, "GET", `/api/v1/batches/${batchId}`)) as {
          counts: { queued: number; running: number; stalled: number };
        };
        return batch.counts.queued + batch.counts.running + batch.counts.stalled;
      },
      { timeout: 15_000 },
    )
    .toBe(0);
}

/** A control as the API answers it (status and problem code), for a run. */
export async function controlRun(target: LaunchTarget, runId: string, action: "pause" | "resume" | "stop"): Promise<void> {
  await call(target, "POST", `/api/v1/runs/${runId}/controls`, { action });
}

/** Reruns a launched run (`POST /api/v1/runs/{runId}/rerun`; `auto`: these runs call no model, so they have no cassette). */
export async function rerun(target: LaunchTarget, runId: string): Promise<{ batchId: string; runId: string }> {
  const launched = (await call(target, "POST", `/api/v1/runs/${runId}/rerun`, { cassette: "auto" })) as {
    batchId: string;
    runId: string;
  };
  return { batchId: launched.batchId, runId: launched.runId };
}

/**
 * A project on disk for launch tests: an agent module and scenario files
 * that need no model (scripted users, `succeed`/`fail` verdicts). A user
 * message containing "slow" makes the agent wait 20 s, or
 * `REHEARSE_TEST_SLOW_MS` (stopping on its abort signal), so tests can stop,
 * pause or kill a running run.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const agent = `
const sleep = (ms, signal) => new Promise((done, fail) => {
  const timer = setTimeout(done, ms);
  signal?.addEventListener("abort", () => {
    clearTimeout(timer);
    // when the stop reached the call (tests running workers in their own process read it)
    globalThis.rehearseTestAbortedAt = Date.now();
    fail(signal.reason);
  }, { once: true });
});
export default {
  role: "Agent",
  call: async (input) => {
    const last = input.messages.filter((message) => message.role === "user").at(-1);
    const text = typeof last?.content === "string" ? last.content : "";
    if (text.includes("slow")) await sleep(Number(process.env.REHEARSE_TEST_SLOW_MS ?? 20_000), input.signal);
    return "Your refund for " + text + " is issued.";
  },
};
`;

const scenario = (name: string, userText: string, verdict: "succeed" | "fail", turns = 1) =>
  [
    `name: ${name}`,
    `description: ${name} scenario`,
    "agent: { module: ../agent.mjs }",
    "script:",
    ...Array.from({ length: turns }, () => [`  - { type: user, content: "${userText}" }`, "  - { type: agent }"]).flat(),
    `  - { type: ${verdict} }`,
    "",
  ].join("\n");

/** Writes the project; returns its directory. */
export function launchProject(): string {
  const directory = mkdtempSync(join(tmpdir(), "rehearse-launch-project-"));
  writeFileSync(join(directory, "package.json"), `{ "name": "launch-project", "type": "module" }\n`);
  writeFileSync(join(directory, "agent.mjs"), agent);
  mkdirSync(join(directory, "scenarios"));
  writeFileSync(join(directory, "scenarios", "refund.yaml"), scenario("refund", "order A100", "succeed"));
  writeFileSync(join(directory, "scenarios", "angry.yaml"), scenario("angry", "order B200", "fail"));
  writeFileSync(join(directory, "scenarios", "slow.yaml"), scenario("slow", "slow order C300", "succeed", 3));
  return directory;
}

/** The push body of a launch project (what `rehearse push scenarios` sends), for tests that push through the API. */
export function launchProjectPush(directory: string, name = "support") {
  const files = ["package.json", "agent.mjs", "scenarios/refund.yaml", "scenarios/angry.yaml", "scenarios/slow.yaml"].map(
    (path) => ({
      path,
      content: readFileSync(join(directory, path), "utf8"),
    }),
  );
  const scenarios = ["refund", "angry", "slow"].map((id) => ({ path: `scenarios/${id}.yaml`, id, name: id }));
  return { name, files, scenarios };
}

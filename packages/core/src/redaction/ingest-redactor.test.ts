import { describe, expect, it } from "vitest";
import { createIngestRedactor } from "./ingest-redactor.js";
import { formatPiiEvidence, replacePiiEvidence } from "./pii-evidence.js";
import { findPii } from "./pii-patterns.js";
import { FAKE } from "./test-support/fake-secrets.js";

const base = (run: string, seq: number) => ({
  eventId: `0190a1b2-c3d4-7e5f-8a9b-${String(seq).padStart(12, "0")}`,
  seq,
  schemaVersion: 1,
  batchRunId: "batch_1",
  scenarioId: "refunds",
  scenarioRunId: run,
  scenarioSetId: "default",
  timestamp: 1_718_000_000_000,
});
const reply = "The other customer is sam.roe@example.com, card 4111 1111 1111 1111.";

describe("createIngestRedactor", () => {
  it("keeps a value's placeholder across the events of a run, numbers each run on its own and keeps identifiers", () => {
    const redaction = createIngestRedactor();
    const first = redaction.redactEvent({
      ...base("run_a", 0),
      type: "SCENARIO_MESSAGE_SNAPSHOT",
      messages: [{ id: "m1", role: "user", content: "I am jo@x.example" }],
    });
    const second = redaction.redactEvent({
      ...base("run_a", 1),
      type: "action_request",
      actor: "agent",
      toolName: "lookup",
      toolCallId: "call_1",
      input: { email: "jo@x.example", auth: { token: "t0k3n" } },
    });
    const other = redaction.redactEvent({
      ...base("run_b", 0),
      type: "user_input",
      actor: "user",
      messageId: "m9",
      text: "bo@x.example",
    });
    expect(first).toMatchObject({ messages: [{ id: "m1", content: "I am [EMAIL_1]" }] });
    expect(second).toMatchObject({ input: { email: "[EMAIL_1]", auth: { token: "[SECRET_1]" } }, toolCallId: "call_1" });
    expect(other).toMatchObject({ text: "[EMAIL_1]", messageId: "m9" });
    expect(Object.keys(first)).toEqual(Object.keys({ ...base("run_a", 0), type: "", messages: [] }));
    expect(first).toMatchObject(base("run_a", 0));
    expect(redaction.openRuns).toBe(2);
  });

  it("gives a pii_leak event the placeholders the redacted reply shows, and the server never the value", () => {
    const redaction = createIngestRedactor();
    const message = redaction.redactEvent({
      ...base("run_a", 3),
      type: "agent_message",
      actor: "agent",
      messageId: "m4",
      text: reply,
      scripted: false,
      toolCalls: [],
    });
    const evidence = formatPiiEvidence(findPii(reply));
    expect(evidence).toBe("email: s***@example.com, card: 4111 **** **** 1111");
    const leak = redaction.redactEvent({
      ...base("run_a", 4),
      type: "pii_leak",
      turn: 1,
      actor: "agent",
      detector: "pii_leak",
      reason: "the reply leaks personal data (email, card)",
      evidence,
      messageId: "m4",
    });
    expect(message.text).toBe("The other customer is [EMAIL_1], card [CARD_1].");
    expect(leak).toMatchObject({
      detector: "pii_leak",
      messageId: "m4",
      evidence: "email: [EMAIL_1], card: [CARD_1]",
      placeholders: ["[EMAIL_1]", "[CARD_1]"],
    });
    expect(JSON.stringify(leak)).not.toMatch(/s\*\*\*|4111/);
    // the server redacting it again changes nothing
    expect(createIngestRedactor().redactEvent(leak)).toEqual(leak);
  });

  it("names only the kind when the reply was not seen, and keeps a kind that is not redacted", () => {
    const leak = {
      ...base("run_c", 0),
      type: "pii_leak",
      messageId: "m1",
      evidence: "email: s***@example.com, card: 4111 **** **** 1111",
    };
    expect(createIngestRedactor().redactEvent(leak)).toMatchObject({ evidence: "email: [EMAIL], card: [CARD]" });
    expect(createIngestRedactor({ kinds: ["card"] }).redactEvent(leak)).toMatchObject({
      evidence: "email: s***@example.com, card: [CARD]",
      placeholders: ["[CARD]"],
    });
  });

  it("forgets a run when it finishes, and drops the least recently active past maxRuns", () => {
    const dropped: string[] = [];
    const redaction = createIngestRedactor({ maxRuns: 2, onRunDropped: (run) => dropped.push(run) });
    for (const run of ["a", "b"]) redaction.redactEvent({ ...base(run, 0), type: "turn_started" });
    redaction.redactEvent({ ...base("a", 1), type: "turn_started" });
    redaction.redactEvent({ ...base("c", 0), type: "turn_started" });
    expect(dropped).toEqual(["b"]);
    redaction.redactEvent({ ...base("a", 2), type: "SCENARIO_RUN_FINISHED", status: "SUCCESS" });
    expect(redaction.openRuns).toBe(1);
  });
});

describe("replacePiiEvidence", () => {
  it("keeps parts it cannot read and the mark of a cut", () => {
    const replaced = replacePiiEvidence("card: 4111 **** **** 1111, email: j***@exam...", (kind) =>
      kind === "card" ? "[CARD_2]" : undefined,
    );
    expect(replaced).toEqual({ evidence: "card: [CARD_2], email: j***@exam...", placeholders: ["[CARD_2]"] });
    expect(replacePiiEvidence("the reply quotes a policy", () => "[X]")).toEqual({
      evidence: "the reply quotes a policy",
      placeholders: [],
    });
  });
});

describe("createIngestRedactor with credentials", () => {
  it("redacts every string field of an event, metadata and errors included", () => {
    const redacted = createIngestRedactor().redactEvent({
      ...base("run_d", 0),
      type: "SCENARIO_RUN_STARTED",
      metadata: { name: "n", description: `uses ${FAKE.anthropic}`, apiKey: "k" },
      results: { error: `401 for ${FAKE.github}` },
    });
    expect(redacted).toMatchObject({
      metadata: { description: "uses [ANTHROPIC_KEY_1]", apiKey: "[SECRET_1]" },
      results: { error: "401 for [GITHUB_TOKEN_1]" },
    });
  });
});

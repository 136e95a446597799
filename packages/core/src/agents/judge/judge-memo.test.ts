import { describe, expect, it } from "vitest";
import { JudgeMemo, judgeMemoFor } from "./judge-memo.js";

const toolNames = (tools: object) => Object.keys(tools);

describe("JudgeMemo", () => {
  it("gives the same prompt, names and tools while the description and criteria stay the same", async () => {
    const memo = new JudgeMemo();
    const prompt = memo.systemPrompt("a refund", ["Agent refunds"], false, false);
    const tools = await memo.verdictToolSet("a refund", ["Agent refunds"], false);
    expect(memo.systemPrompt("a refund", ["Agent refunds"], false, false)).toBe(prompt);
    expect(await memo.verdictToolSet("a refund", ["Agent refunds"], false)).toBe(tools);
    expect(memo.namesOf("a refund", ["Agent refunds"])).toEqual(["agent_refunds"]);
    expect(Object.isFrozen(tools)).toBe(true);
    expect(toolNames(tools)).toEqual(["continue_test", "finish_test"]);
  });

  it("keeps forced and discovery variants apart", async () => {
    const memo = new JudgeMemo();
    const open = memo.systemPrompt("d", ["c"], false, false);
    expect(memo.systemPrompt("d", ["c"], true, false)).toContain("final verdict now");
    expect(memo.systemPrompt("d", ["c"], false, true)).toContain("expand_transcript");
    expect(memo.systemPrompt("d", ["c"], false, false)).toBe(open);
    expect(toolNames(await memo.verdictToolSet("d", ["c"], true))).toEqual(["finish_test"]);
    expect(toolNames(await memo.verdictToolSet("d", ["c"], false))).toEqual(["continue_test", "finish_test"]);
  });

  it("starts over when the criteria or the description change", async () => {
    const memo = new JudgeMemo();
    const tools = await memo.verdictToolSet("d", ["Agent greets"], false);
    const other = await memo.verdictToolSet("d", ["Agent is polite"], false);
    expect(other).not.toBe(tools);
    expect(JSON.stringify(other)).toContain("agent_is_polite");
    expect(memo.namesOf("d", ["Agent is polite"])).toEqual(["agent_is_polite"]);
    expect(memo.systemPrompt("another scenario", ["Agent is polite"], false, false)).toContain("another scenario");
    // the memo keeps its own copy: changing the caller's list afterwards changes nothing
    const criteria = ["Agent waits"];
    const prompt = memo.systemPrompt("d", criteria, false, false);
    criteria[0] = "Agent hurries";
    expect(memo.systemPrompt("d", criteria, false, false)).not.toBe(prompt);
    expect(memo.systemPrompt("d", criteria, false, false)).toContain("Agent hurries");
  });

  it("is shared by judges with the same description and criteria", async () => {
    const memo = judgeMemoFor("a refund", ["Agent refunds", "Agent is polite"]);
    expect(judgeMemoFor("a refund", ["Agent refunds", "Agent is polite"])).toBe(memo);
    expect(memo.holds("a refund", ["Agent refunds", "Agent is polite"])).toBe(true);
    expect(judgeMemoFor("a refund", ["Agent refunds"])).not.toBe(memo);
    expect(judgeMemoFor("another", ["Agent refunds", "Agent is polite"])).not.toBe(memo);
    // criteria are told apart whole, not by their joined text
    expect(judgeMemoFor("d", ["a b"])).not.toBe(judgeMemoFor("d", ["a", "b"]));
  });
});

import type { ToolSet } from "ai";
import { BoundedMemo } from "../../domain/bounded-memo.js";
import { criterionParamNames } from "./criterion-names.js";
import { judgeSystemPrompt } from "./judge-prompt.js";
import { toToolSet, verdictTools } from "./judge-tools.js";

/**
 * What one judge's model calls can share while the scenario's description and
 * the written criteria stay the same: the criterion field names, the system
 * prompt (one per forced/discovery combination) and the verdict tools (one per
 * forced or not). A judge is asked once per turn with the same inputs, so
 * without this every call rebuilt the same ≈0.7 KB prompt and tool schemas,
 * and a provider (or a test double) that keeps its call options kept every copy.
 * Anything else than the two inputs changing (another scenario, a
 * `judge({ criteria })` step) starts over. The shared tool sets are frozen,
 * which tells `invokeModel` it may convert them once.
 */
export class JudgeMemo {
  private description: string | undefined;
  private criteria: readonly string[] = [];
  private names: string[] = [];
  private prompts: Array<string | undefined> = [];
  private toolSets: Array<Promise<ToolSet> | undefined> = [];

  /** The `finish_test` field names of `criteria` (see `criterionParamNames`). */
  namesOf(description: string, criteria: readonly string[]): string[] {
    this.keep(description, criteria);
    return this.names;
  }

  /** The judge's system prompt for these inputs (see `judgeSystemPrompt`). */
  systemPrompt(description: string, criteria: readonly string[], forced: boolean, discovery: boolean): string {
    this.keep(description, criteria);
    const slot = (forced ? 2 : 0) + (discovery ? 1 : 0);
    let prompt = this.prompts[slot];
    if (prompt === undefined) {
      prompt = judgeSystemPrompt({ description, criteria, forced, discovery });
      this.prompts[slot] = prompt;
    }
    return prompt;
  }

  /** `continue_test` (unless forced) and `finish_test` as a frozen AI SDK tool set. */
  verdictToolSet(description: string, criteria: readonly string[], forced: boolean): Promise<ToolSet> {
    this.keep(description, criteria);
    const slot = forced ? 1 : 0;
    let tools = this.toolSets[slot];
    if (tools === undefined) {
      tools = toToolSet(verdictTools(this.names, criteria, forced)).then((set) => Object.freeze(set));
      // a failed load is not kept: the next call tries again
      tools.catch(() => {
        if (this.toolSets[slot] === tools) this.toolSets[slot] = undefined;
      });
      this.toolSets[slot] = tools;
    }
    return tools;
  }

  /** True when this memo was last used for these inputs (its values are theirs). */
  holds(description: string, criteria: readonly string[]): boolean {
    return description === this.description && sameTexts(criteria, this.criteria);
  }

  private keep(description: string, criteria: readonly string[]): void {
    if (this.holds(description, criteria)) return;
    this.description = description;
    this.criteria = [...criteria];
    this.names = criterionParamNames(criteria);
    this.prompts = [];
    this.toolSets = [];
  }
}

function sameTexts(left: readonly string[], right: readonly string[]): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

/** Memos by description and criteria, shared by every judge (see `BoundedMemo`). */
const sharedMemos = new BoundedMemo<JudgeMemo>(256);

/**
 * The memo every judge uses for `description` and `criteria`: a suite whose
 * runs grade the same criteria shares one prompt and one set of verdict tools
 * (and their converted schemas) instead of building them per run. Use it for
 * these inputs only; other inputs would start it over for everyone.
 */
export function judgeMemoFor(description: string, criteria: readonly string[]): JudgeMemo {
  return sharedMemos.get(`${description}\u0000${criteria.join("\u0000")}`, () => {
    const memo = new JudgeMemo();
    memo.namesOf(description, criteria);
    return memo;
  });
}

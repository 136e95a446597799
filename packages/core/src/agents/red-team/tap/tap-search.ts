import { type ModelMessage, messageText } from "../../../domain/messages.js";
import type { TapAttacker } from "./tap-attacker.js";
import type { TapEvaluator } from "./tap-evaluator.js";
import { type TapNode, TapTree } from "./tap-tree.js";

/**
 * A conversation TAP can branch: `ScenarioExecution` is one. Each fork is
 * independent, so a branch's target call sees its own path and nothing else.
 */
export interface TapBranch {
  readonly messages: ModelMessage[];
  fork(): TapBranch;
  user(content: string): Promise<void>;
  agent(): Promise<void>;
}

/** The shape of the search. */
export interface TapSearchSettings {
  goal: string;
  description: string;
  branchingFactor: number;
  width: number;
  depth: number;
  /** A reply scored at least this (1–10) ends the search. */
  successScore: number;
}

/** Why the search ended: a reply reached `successScore`, the last depth was done, or every prompt of a depth was off-topic. */
export type TapStop = "success" | "depth" | "pruned";

/** What the search found. */
export interface TapSearchOutcome {
  tree: TapTree;
  /** The best-scored node and its branch (the conversation along its path). */
  best: { node: TapNode; branch: TapBranch } | undefined;
  targetCalls: number;
  stop: TapStop;
}

interface Leaf {
  node: TapNode | undefined;
  branch: TapBranch;
}

/**
 * Tree of attacks with pruning (Mehrotra et al., 2023). Per depth: every
 * leaf's attacker writes `branchingFactor` children from the leaf's own path;
 * the evaluator drops off-topic ones before they are sent (phase 1); each
 * remaining prompt is sent on a fork of its parent's conversation and its
 * reply scored; the `width` best become the next leaves (phase 2). Attacker
 * and on-topic calls of a depth run concurrently (they touch no
 * conversation); target calls run one at a time, in tree order, so runs are
 * reproducible and the search stops at the first success.
 *
 * @example
 * ```ts
 * const { best, stop } = await tapSearch(execution.fork(), attacker, evaluator, { goal, description, branchingFactor: 4, width: 10, depth: 10, successScore: 10 });
 * ```
 */
export async function tapSearch(
  root: TapBranch,
  attacker: TapAttacker,
  evaluator: TapEvaluator,
  settings: TapSearchSettings,
): Promise<TapSearchOutcome> {
  const tree = new TapTree();
  let leaves: Leaf[] = [{ node: undefined, branch: root }];
  let best: TapSearchOutcome["best"];
  let targetCalls = 0;
  const outcome = (stop: TapStop): TapSearchOutcome => ({ tree, best, targetCalls, stop });
  for (let depth = 1; depth <= settings.depth; depth++) {
    const children = await Promise.all(
      leaves.flatMap((leaf) =>
        Array.from({ length: settings.branchingFactor }, async (_, index) => {
          const attack = await attacker.next({
            goal: settings.goal,
            description: settings.description,
            path: tree.path(leaf.node),
            variant: index + 1,
            branchingFactor: settings.branchingFactor,
            depth,
            maxDepth: settings.depth,
          });
          return { leaf, attack, onTopic: await evaluator.isOnTopic(attack.prompt) };
        }),
      ),
    );
    // nodes are added after the concurrent calls, in tree order, so ids do not depend on timing
    const nodes = children.map(({ leaf, attack, onTopic }) => ({ leaf, node: tree.add(leaf.node, { ...attack, onTopic }) }));
    const scored: Array<{ node: TapNode; branch: TapBranch }> = [];
    for (const { leaf, node } of nodes) {
      if (!node.onTopic) continue;
      const branch = leaf.branch.fork();
      const reply = await sendAttack(branch, node.prompt);
      targetCalls++;
      tree.recordReply(node, { reply, ...(await evaluator.score(node.prompt, reply)) });
      scored.push({ node, branch });
      if (best === undefined || (node.score ?? 0) > (best.node.score ?? 0)) best = { node, branch };
      if ((node.score ?? 0) >= settings.successScore) return outcome("success");
    }
    if (scored.length === 0) return outcome("pruned");
    if (depth === settings.depth) break;
    const kept = new Set(
      tree.keepBest(
        scored.map((leaf) => leaf.node),
        settings.width,
      ),
    );
    leaves = scored.filter((leaf) => kept.has(leaf.node));
  }
  return outcome("depth");
}

/** Sends `prompt` as the user on `branch`, lets the target answer, and returns the text of its reply. */
async function sendAttack(branch: TapBranch, prompt: string): Promise<string> {
  const before = branch.messages.length;
  await branch.user(prompt);
  await branch.agent();
  return branch.messages
    .slice(before + 1)
    .filter((message) => message.role === "assistant")
    .map(messageText)
    .filter((text) => text.length > 0)
    .join("\n");
}

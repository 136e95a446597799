/**
 * The bookkeeping of a TAP search: nodes, their paths and both pruning
 * phases. Pure (no model, no conversation), so the rules are unit-tested on
 * their own.
 */

/** Why a node left the search: its prompt was off-topic (never sent), or it lost the width cut. */
export type TapPruning = "off-topic" | "width";

/** One attack prompt of the tree and what became of it. */
export interface TapNode {
  /** Dotted path from the root: `"2"` is the root's second child, `"2.1"` that node's first. */
  readonly id: string;
  /** Undefined for the root's children (the root is the conversation TAP started from). */
  readonly parentId: string | undefined;
  /** 1-based: the root's children are at depth 1. */
  readonly depth: number;
  readonly prompt: string;
  /** The attacker's note on how this prompt improves on its parent's. */
  readonly improvement?: string;
  /** False when the evaluator judged the prompt off the goal; it never reached the target. */
  readonly onTopic: boolean;
  /** The target's reply (its text); only for prompts that were sent. */
  reply?: string;
  /** The evaluator's 1–10 score of the reply. */
  score?: number;
  /** The evaluator's reason for the score. */
  why?: string;
  pruned?: TapPruning;
}

/** What `TapTree.add` records about a new prompt. */
export interface TapAttack {
  prompt: string;
  improvement?: string;
  onTopic: boolean;
}

/**
 * The nodes of one TAP search, in the order they were made.
 *
 * @example
 * ```ts
 * const tree = new TapTree();
 * const node = tree.add(undefined, { prompt: "…", onTopic: true });
 * tree.recordReply(node, { reply: "no", score: 1, why: "refused" });
 * ```
 */
export class TapTree {
  private readonly list: TapNode[] = [];
  private readonly byId = new Map<string, TapNode>();
  private readonly children = new Map<string | undefined, number>();

  /** Every node, in creation order. */
  get nodes(): readonly TapNode[] {
    return this.list;
  }

  /** Adds a child of `parent` (undefined: the root); an off-topic prompt is pruned at once. */
  add(parent: TapNode | undefined, attack: TapAttack): TapNode {
    const index = (this.children.get(parent?.id) ?? 0) + 1;
    this.children.set(parent?.id, index);
    const node: TapNode = {
      id: parent ? `${parent.id}.${index}` : `${index}`,
      parentId: parent?.id,
      depth: (parent?.depth ?? 0) + 1,
      prompt: attack.prompt,
      ...(attack.improvement ? { improvement: attack.improvement } : {}),
      onTopic: attack.onTopic,
      ...(attack.onTopic ? {} : { pruned: "off-topic" as const }),
    };
    this.list.push(node);
    this.byId.set(node.id, node);
    return node;
  }

  /** Records the target's reply to `node` and its score. */
  recordReply(node: TapNode, outcome: { reply: string; score: number; why: string }): void {
    node.reply = outcome.reply;
    node.score = outcome.score;
    node.why = outcome.why;
  }

  /**
   * Phase-2 pruning: the `width` best-scored of `candidates` stay leaves, the
   * rest are marked `pruned: "width"`. On a tie the earlier candidate stays,
   * so the cut is deterministic. Returns the kept nodes in their original order.
   */
  keepBest(candidates: readonly TapNode[], width: number): TapNode[] {
    // Array#sort is stable, so equal scores keep the candidates' order
    const ranked = [...candidates].sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    const kept = new Set(ranked.slice(0, width));
    for (const node of candidates) if (!kept.has(node)) node.pruned = "width";
    return candidates.filter((node) => kept.has(node));
  }

  /** The nodes from the root's child down to `node` (empty for the root). */
  path(node: TapNode | undefined): TapNode[] {
    const path: TapNode[] = [];
    for (let current = node; current; current = current.parentId ? this.byId.get(current.parentId) : undefined) {
      path.unshift(current);
    }
    return path;
  }

  /** The best-scored node so far (the earliest on a tie); undefined before any reply was scored. */
  best(): TapNode | undefined {
    let best: TapNode | undefined;
    for (const node of this.list) {
      if (node.score !== undefined && (best === undefined || node.score > (best.score ?? 0))) best = node;
    }
    return best;
  }
}

import { type Alias, type Document, isAlias, isMap, isNode, isScalar, isSeq, type Node } from "yaml";

/** An alias problem: the alias node's offset, its data path and what is wrong. */
export interface AliasProblem {
  readonly offset: number;
  readonly path: ReadonlyArray<string | number>;
  readonly problem: string;
}

/** One `*name` in the document, in document order. */
interface AliasUse {
  readonly alias: Alias;
  readonly path: ReadonlyArray<string | number>;
  /** The anchored node it stands for (the last `&name` before it), if any. */
  readonly target: Node | undefined;
  /** True when the alias sits inside its own target. */
  readonly cyclic: boolean;
}

/** What one walk of the document finds. */
interface Aliases {
  readonly uses: AliasUse[];
  readonly byAlias: Map<Alias, AliasUse>;
  /** For each anchored node, the aliases written inside it. */
  readonly inside: Map<Node, AliasUse[]>;
}

/**
 * Checks the aliases of a YAML document before it is turned into data:
 * an alias with no anchor above it, an alias inside its own anchor (a
 * cycle), and aliases expanding to more than `maxNodes` extra nodes (an
 * alias bomb, "billion laughs": tiny on disk, huge once expanded). A bomb is
 * reported at the first use of its innermost anchor, where it starts.
 *
 * @example
 * const problem = checkAliases(document, 5000);
 * if (problem) throw new ScenarioFileError(problem.problem, { file, field: formatFieldPath(problem.path), ...positionAt(text, problem.offset) });
 */
export function checkAliases(document: Document, maxNodes: number): AliasProblem | undefined {
  const aliases: Aliases = { uses: [], byAlias: new Map(), inside: new Map() };
  collect(document.contents, { path: [], anchors: new Map(), ancestors: [] }, aliases);
  const { uses } = aliases;
  for (const use of uses) {
    const name = use.alias.source;
    if (!use.target) return problemAt(use, `unknown alias *${name} (no anchor &${name} above it)`);
    if (use.cyclic) return problemAt(use, `alias *${name} is inside its own anchor &${name} (a cycle)`);
  }
  const sizes = new Map<Node, number>();
  const size = (node: unknown): number => expandedSize(node, aliases, sizes);
  let added = 0;
  for (const use of uses) {
    added += size(use.target);
    if (added > maxNodes) {
      return problemAt(
        bombStart(use, aliases, size),
        `aliases expand to more than ${maxNodes} nodes (alias bomb?); the expansion starts at this alias`,
      );
    }
  }
  return undefined;
}

function problemAt(use: AliasUse, problem: string): AliasProblem {
  return { offset: use.alias.range?.[0] ?? 0, path: use.path, problem };
}

interface Walk {
  /** Data path of the current node (pushed and popped as the walk goes). */
  readonly path: Array<string | number>;
  /** The last node seen with each anchor name (the YAML spec's resolution rule). */
  readonly anchors: Map<string, Node>;
  /** The nodes holding the current one, outermost first. */
  readonly ancestors: Node[];
}

/** Walks in document order, resolving each alias to the last anchor of its name seen so far. */
function collect(node: unknown, walk: Walk, aliases: Aliases): void {
  if (isAlias(node)) {
    const target = walk.anchors.get(node.source);
    const cyclic = target !== undefined && walk.ancestors.includes(target);
    const use = { alias: node, path: [...walk.path], target, cyclic };
    aliases.uses.push(use);
    aliases.byAlias.set(node, use);
    for (const ancestor of walk.ancestors) aliases.inside.get(ancestor)?.push(use);
    return;
  }
  if (!isNode(node)) return;
  if (node.anchor) {
    walk.anchors.set(node.anchor, node);
    aliases.inside.set(node, []);
  }
  walk.ancestors.push(node);
  const child = (value: unknown, segment?: string | number) => {
    if (segment !== undefined) walk.path.push(segment);
    collect(value, walk, aliases);
    if (segment !== undefined) walk.path.pop();
  };
  if (isMap(node)) {
    for (const pair of node.items) {
      child(pair.key);
      child(pair.value, isScalar(pair.key) ? String(pair.key.value) : isAlias(pair.key) ? `*${pair.key.source}` : "?");
    }
  } else if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) child(item, index);
  }
  walk.ancestors.pop();
}

/** Nodes `node` stands for once every alias in it is expanded (memoised per node: anchors are shared). */
function expandedSize(node: unknown, aliases: Aliases, sizes: Map<Node, number>): number {
  if (isAlias(node)) {
    const use = aliases.byAlias.get(node);
    // Unresolved and cyclic aliases were reported before sizes are asked for.
    return use?.target === undefined || use.cyclic ? 1 : expandedSize(use.target, aliases, sizes);
  }
  if (!isNode(node)) return 0;
  const known = sizes.get(node);
  if (known !== undefined) return known;
  let total = 1;
  const children = isMap(node) ? node.items.flatMap((pair) => [pair.key, pair.value]) : isSeq(node) ? node.items : [];
  for (const child of children) total += expandedSize(child, aliases, sizes);
  sizes.set(node, total);
  return total;
}

/**
 * Where a bomb starts: from the alias that went over the limit, follow the
 * heaviest alias inside each target down to an anchor without aliases, and
 * take the first use of that anchor.
 */
function bombStart(over: AliasUse, aliases: Aliases, size: (node: unknown) => number): AliasUse {
  let current = over;
  // Each step goes to an anchor written before the current alias, so the chain ends; the bound is a guard.
  for (let step = 0; step < aliases.uses.length; step++) {
    const inner = (current.target && aliases.inside.get(current.target)) || [];
    if (inner.length === 0) break;
    current = inner.reduce((heaviest, use) => (size(use.target) > size(heaviest.target) ? use : heaviest));
  }
  return aliases.uses.find((use) => use.target === current.target) ?? current;
}

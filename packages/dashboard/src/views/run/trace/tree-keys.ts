/**
 * The span tree's keys (the WAI-ARIA tree pattern): Up and Down move to the
 * previous and next visible span, Home and End to the first and last, Right
 * opens a closed span or moves to its first child, Left closes an open span
 * or moves to its parent, Enter and Space select the focused span.
 */
import type { SpanRow } from "./trace-model";

export type TreeAction =
  | { kind: "focus"; key: string }
  | { kind: "expand"; key: string }
  | { kind: "collapse"; key: string }
  | { kind: "select"; key: string };

/** What `pressed` does with `current` focused; undefined for a key the tree does not use. */
export function treeAction(
  pressed: string,
  visible: readonly SpanRow[],
  current: string,
  collapsed: ReadonlySet<string>,
): TreeAction | undefined {
  const at = visible.findIndex((row) => row.key === current);
  const row = visible[at];
  if (!row) return visible[0] ? { kind: "focus", key: visible[0].key } : undefined;
  const focus = (target: SpanRow | undefined): TreeAction | undefined =>
    target && target.key !== current ? { kind: "focus", key: target.key } : undefined;
  const open = row.children.length > 0 && !collapsed.has(row.key);
  switch (pressed) {
    case "ArrowDown":
      return focus(visible[at + 1]);
    case "ArrowUp":
      return focus(visible[at - 1]);
    case "Home":
      return focus(visible[0]);
    case "End":
      return focus(visible[visible.length - 1]);
    case "ArrowRight":
      if (row.children.length === 0) return undefined;
      return open ? focus(visible[at + 1]) : { kind: "expand", key: row.key };
    case "ArrowLeft":
      if (open) return { kind: "collapse", key: row.key };
      return focus(visible.find((candidate) => candidate.key === row.parentKey));
    case "Enter":
    case " ":
      return { kind: "select", key: row.key };
    default:
      return undefined;
  }
}

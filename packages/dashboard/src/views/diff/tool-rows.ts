/**
 * The tool-call sequence diff as list rows: one row per call, marked
 * added/removed/equal, each keyed by its place in the two sequences; with
 * "show only changed", each run of calls both runs made folds into one row.
 */
export interface ToolCall {
  name: string;
  arguments: string;
}

export type ToolRow =
  | { key: string; kind: "call"; op: "added" | "removed" | "equal"; call: ToolCall }
  | { key: string; kind: "folded"; size: number };

export function toolRows(
  changes: ReadonlyArray<{ op: "added" | "removed" | "equal"; calls: readonly ToolCall[] }>,
  onlyChanged: boolean,
): ToolRow[] {
  const rows: ToolRow[] = [];
  let base = 0;
  let head = 0;
  for (const change of changes) {
    if (onlyChanged && change.op === "equal") {
      rows.push({ key: `b${base}-h${head}-folded`, kind: "folded", size: change.calls.length });
      base += change.calls.length;
      head += change.calls.length;
      continue;
    }
    for (const call of change.calls) {
      rows.push({ key: `b${base}-h${head}`, kind: "call", op: change.op, call });
      if (change.op !== "added") base += 1;
      if (change.op !== "removed") head += 1;
    }
  }
  return rows;
}

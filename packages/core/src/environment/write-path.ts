import { type PathSegment, parsePath, readPath } from "./dotted-path.js";

/**
 * Sets the value at `path` inside `root`, creating objects (or arrays, for a
 * numeric next segment) on the way. Negative indexes count from the end of an
 * existing array. Throws a `TypeError` naming the path when a step goes
 * through a value that is not an object.
 *
 * @example
 * const state = { orders: [{ id: "A1" }] };
 * writePath(state, "orders[0].status", "refunded");
 */
export function writePath(root: Record<string, unknown>, path: string, value: unknown): void {
  const segments = parsePath(path, { source: "environment" });
  let container: Record<string, unknown> | unknown[] = root;
  for (const [position, segment] of segments.entries()) {
    const key = keyIn(container, segment, path);
    if (position === segments.length - 1) {
      (container as Record<string, unknown>)[key] = value;
      return;
    }
    let next = (container as Record<string, unknown>)[key];
    if (next === undefined) {
      next = typeof segments[position + 1] === "number" ? [] : {};
      (container as Record<string, unknown>)[key] = next;
    }
    if (typeof next !== "object" || next === null) {
      throw new TypeError(`cannot write ${path}: ${String(segment)} holds ${JSON.stringify(next)}, not an object`);
    }
    container = next as Record<string, unknown>;
  }
}

/** The value at `path` in `root`, `undefined` when missing. */
export function readValue(root: unknown, path: string): unknown {
  return readPath(root, parsePath(path, { source: "environment" })).value;
}

function keyIn(container: object, segment: PathSegment, path: string): string {
  if (!Array.isArray(container)) return String(segment);
  const index = typeof segment === "number" ? segment : /^-?\d+$/.test(segment) ? Number(segment) : Number.NaN;
  if (Number.isNaN(index)) throw new TypeError(`cannot write ${path}: ${String(segment)} is not an index of an array`);
  return String(index < 0 ? container.length + index : index);
}

import { isMap, isScalar, isSeq } from "yaml";

/**
 * Offset where the node at `path` starts in a parsed YAML/JSON document. For a
 * map entry it is the key's offset, so an error on `steps[0].script` points at
 * the `script:` line even when the value is a block starting below it.
 */
export function locateNode(root: unknown, path: ReadonlyArray<PropertyKey>): number | undefined {
  let node = root;
  let offset = rangeStart(root);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item.key) === String(segment));
      if (!pair) return undefined;
      offset = rangeStart(pair.key) ?? rangeStart(pair.value);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      if (node === undefined) return undefined;
      offset = rangeStart(node);
    } else return undefined;
  }
  return offset;
}

/** The data path of the map key that starts at `offset` (how the parser reports duplicate keys). */
export function pathOfKeyAt(root: unknown, offset: number): Array<string | number> | undefined {
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = keyText(pair.key);
      if (rangeStart(pair.key) === offset && key !== undefined) return [key];
      const inner = pathOfKeyAt(pair.value, offset);
      if (inner && key !== undefined) return [key, ...inner];
    }
  } else if (isSeq(root)) {
    for (const [index, item] of root.items.entries()) {
      const inner = pathOfKeyAt(item, offset);
      if (inner) return [index, ...inner];
    }
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === "string" || typeof key === "number" ? String(key) : undefined;
}

function rangeStart(node: unknown): number | undefined {
  if (isMap(node) || isSeq(node) || isScalar(node)) return node.range?.[0];
  return undefined;
}

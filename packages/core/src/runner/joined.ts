const none: never[] = [];

/**
 * The given lists end to end, without allocating when at most one is
 * non-empty (interceptor and reporter lists are joined for every run).
 *
 * @example
 * joined(config.reporters, scenario.reporters, runOptions.reporters);
 */
export function joined<Item>(...lists: Array<readonly Item[] | undefined>): Item[] {
  let only: readonly Item[] | undefined;
  let several = false;
  for (const list of lists) {
    if (list === undefined || list.length === 0) continue;
    if (only) several = true;
    else only = list;
  }
  if (!only) return none;
  if (!several) return only as Item[];
  return lists.flatMap((list) => list ?? []);
}

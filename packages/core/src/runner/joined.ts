const none: never[] = [];

/**
 * The given lists end to end, without allocating when at most one is
 * non-empty (interceptor and reporter lists are joined for every run).
 *
 * @example
 * joined(config.reporters, scenario.reporters, runOptions.reporters);
 */
export function joined<Item>(...lists: Array<readonly Item[] | undefined>): Item[] {
  const present = lists.filter((list): list is readonly Item[] => list !== undefined && list.length > 0);
  if (present.length === 0) return none;
  if (present.length === 1) return present[0] as Item[];
  return present.flat() as Item[];
}

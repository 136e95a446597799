/**
 * Runs `work` over `items` with at most `concurrency` in flight, consuming
 * the items lazily (so a generator of 10 000 scenarios is never held whole).
 * `work` must not reject; a rejection stops the pool and propagates.
 */
export async function runLimited<Item>(
  items: Iterable<Item> | AsyncIterable<Item>,
  concurrency: number,
  work: (item: Item, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  if (!(Symbol.asyncIterator in items)) return runLimitedSync(items, concurrency, work, signal);
  const iterator =
    Symbol.asyncIterator in items
      ? (items as AsyncIterable<Item>)[Symbol.asyncIterator]()
      : (items as Iterable<Item>)[Symbol.iterator]();
  let index = 0;
  let done = false;
  const next = async (): Promise<{ item: Item; index: number } | undefined> => {
    if (done || signal?.aborted) return undefined;
    const step = await iterator.next();
    if (step.done) {
      done = true;
      return undefined;
    }
    return { item: step.value, index: index++ };
  };
  const lane = async (): Promise<void> => {
    for (let taken = await next(); taken; taken = await next()) await work(taken.item, taken.index);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/**
 * `runLimited` over a plain iterable: items are taken synchronously, so an
 * item costs no async step and no promise before its work starts (the order
 * of items and their indexes are the same as the async path's).
 */
async function runLimitedSync<Item>(
  items: Iterable<Item>,
  concurrency: number,
  work: (item: Item, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let index = 0;
  let done = false;
  const lane = async (): Promise<void> => {
    while (!done && !signal?.aborted) {
      const step = iterator.next();
      if (step.done) {
        done = true;
        return;
      }
      await work(step.value, index++);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

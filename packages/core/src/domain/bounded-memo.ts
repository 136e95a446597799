/**
 * Results of a pure function by string key, at most `limit` of them (the
 * oldest goes first). For values that are the same whoever asks: prompt texts
 * and frozen tool schemas that every run of a suite builds from the same
 * description and criteria. One shared copy instead of one per run keeps the
 * runs in flight (and a provider or test double that keeps its call options)
 * smaller. Nothing may depend on a hit: a miss builds the same value again.
 *
 * @example
 * const prompts = new BoundedMemo<string>(256);
 * const prompt = prompts.get(description, () => buildPrompt(description));
 */
export class BoundedMemo<Value> {
  private readonly entries = new Map<string, Value>();

  constructor(private readonly limit: number) {}

  /** The value kept for `key`, made by `make` (and kept) when there is none. */
  get(key: string, make: () => Value): Value {
    const kept = this.entries.get(key);
    if (kept !== undefined) return kept;
    const value = make();
    this.entries.set(key, value);
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return value;
  }

  /** Forgets `key` (a value that turned out unusable, such as a failed load). */
  forget(key: string, value: Value): void {
    if (this.entries.get(key) === value) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

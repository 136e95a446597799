/**
 * A loader that runs `load` on its first call and hands every later call the
 * same promise. For code loaded on first use (`() => import("./x.js")`): an
 * `import()` of a module already loaded still resolves the specifier, finds
 * the module job and makes a promise (≈5–10 µs), which a per-call path such
 * as a model call or a simulated turn should not pay each time. The cache is
 * the module itself, shared as imports are; a failed load stays failed.
 *
 * @example
 * const loadPrompt = loadOnce(() => import("./simulator-prompt.js"));
 * const { simulatorPrompt } = await loadPrompt();
 */
export function loadOnce<Value>(load: () => Promise<Value>): () => Promise<Value> {
  let loaded: Promise<Value> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

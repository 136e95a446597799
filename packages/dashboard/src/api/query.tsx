/**
 * A small query cache: each read has a key (its URL, say); views subscribe
 * with `useQuery`, the live stream invalidates keys by prefix, and a key
 * read again within its freshness is served from memory (hover prefetch).
 * Finished things are never refetched unless invalidated.
 */
import { createContext, useCallback, useContext, useEffect, useSyncExternalStore } from "react";

interface Entry {
  data?: unknown;
  error?: Error;
  promise?: Promise<unknown>;
  loadedAt?: number;
  stale: boolean;
}

export interface QueryState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
}

export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly loaders = new Map<string, () => Promise<unknown>>();
  private readonly snapshots = new Map<string, QueryState<unknown>>();

  /** Loads `key` unless a fresh value or a load in flight already exists. */
  fetch<T>(key: string, load: () => Promise<T>): Promise<T> {
    this.loaders.set(key, load);
    const entry = this.entries.get(key);
    if (entry?.promise) return entry.promise as Promise<T>;
    if (entry && !entry.stale && entry.data !== undefined) return Promise.resolve(entry.data as T);
    const next: Entry = { ...entry, stale: false };
    const promise = load().then(
      (data) => {
        if (this.entries.get(key) === next) {
          this.entries.set(key, { data, loadedAt: Date.now(), stale: next.stale });
          this.emit(key);
          if (next.stale) void this.fetch(key, load);
        }
        return data;
      },
      (error: unknown) => {
        if (this.entries.get(key) === next) {
          this.entries.set(key, {
            ...next,
            promise: undefined,
            error: error instanceof Error ? error : new Error(String(error)),
          });
          this.emit(key);
        }
        throw error;
      },
    );
    next.promise = promise;
    this.entries.set(key, next);
    this.emit(key);
    return promise;
  }

  /** Marks every key starting with `prefix` stale and reloads the ones views are showing. */
  invalidate(prefix: string): void {
    for (const [key, entry] of this.entries) {
      if (!key.startsWith(prefix)) continue;
      if (entry.promise) {
        entry.stale = true;
        continue;
      }
      entry.stale = true;
      const load = this.loaders.get(key);
      if (load && (this.listeners.get(key)?.size ?? 0) > 0) void this.fetch(key, load).catch(() => undefined);
    }
  }

  /** Replaces a key's data (a live delta applied in place). */
  set<T>(key: string, update: (current: T | undefined) => T): void {
    const entry = this.entries.get(key);
    this.entries.set(key, { ...entry, data: update(entry?.data as T | undefined), stale: false, loadedAt: Date.now() });
    this.emit(key);
  }

  peek<T>(key: string): T | undefined {
    return this.entries.get(key)?.data as T | undefined;
  }

  subscribe(key: string, listener: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  snapshot<T>(key: string): QueryState<T> {
    const entry = this.entries.get(key);
    const cached = this.snapshots.get(key);
    const next = { data: entry?.data, error: entry?.error, loading: entry?.promise !== undefined && entry.data === undefined };
    if (cached && cached.data === next.data && cached.error === next.error && cached.loading === next.loading) {
      return cached as QueryState<T>;
    }
    this.snapshots.set(key, next);
    return next as QueryState<T>;
  }

  private emit(key: string): void {
    for (const listener of this.listeners.get(key) ?? []) listener();
  }
}

const QueryContext = createContext<QueryCache | undefined>(undefined);
export const QueryProvider = QueryContext.Provider;

export function useQueryCache(): QueryCache {
  const cache = useContext(QueryContext);
  if (!cache) throw new Error("useQueryCache outside QueryProvider");
  return cache;
}

/** Reads `key` through `load`; `key` undefined means "not yet" (nothing is loaded). */
export function useQuery<T>(key: string | undefined, load: () => Promise<T>): QueryState<T> & { reload: () => void } {
  const cache = useQueryCache();
  const subscribe = useCallback((listener: () => void) => (key ? cache.subscribe(key, listener) : () => undefined), [cache, key]);
  const state = useSyncExternalStore(subscribe, () => (key ? cache.snapshot<T>(key) : (EMPTY as QueryState<T>)));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key names the load; a new closure for the same key is the same read
  useEffect(() => {
    if (key) void cache.fetch(key, load).catch(() => undefined);
  }, [cache, key]);
  const reload = useCallback(() => {
    if (key) cache.invalidate(key);
  }, [cache, key]);
  return {
    ...state,
    loading: state.loading || (key !== undefined && state.data === undefined && state.error === undefined),
    reload,
  };
}

const EMPTY: QueryState<unknown> = { data: undefined, error: undefined, loading: false };

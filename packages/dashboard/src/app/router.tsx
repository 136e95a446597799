/**
 * Routing with the URL as the state: the path picks the view, the query holds
 * its filters, sort, tab and selection, so every view is a deep link and
 * survives a reload. `Link` and `navigate` use the History API; back and
 * forward work. No router library: the app has a handful of flat routes.
 */
import { type AnchorHTMLAttributes, createContext, type MouseEvent, useCallback, useContext, useSyncExternalStore } from "react";

export interface Location {
  path: string;
  search: URLSearchParams;
}

/** Where the app reads and changes the URL; tests can give their own. */
export interface History {
  current(): string;
  push(url: string): void;
  replace(url: string): void;
  subscribe(listener: () => void): () => void;
}

export function browserHistory(window: Window): History {
  const listeners = new Set<() => void>();
  const emit = () => {
    for (const listener of listeners) listener();
  };
  window.addEventListener("popstate", emit);
  return {
    current: () => window.location.pathname + window.location.search,
    push(url) {
      if (url === window.location.pathname + window.location.search) return;
      window.history.pushState(null, "", url);
      window.scrollTo(0, 0);
      emit();
    },
    replace(url) {
      window.history.replaceState(null, "", url);
      emit();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const HistoryContext = createContext<History | undefined>(undefined);
export const HistoryProvider = HistoryContext.Provider;

function useHistory(): History {
  const history = useContext(HistoryContext);
  if (!history) throw new Error("useHistory outside HistoryProvider");
  return history;
}

/** The current path and query; re-renders on every navigation. */
export function useLocation(): Location {
  const history = useHistory();
  const url = useSyncExternalStore(history.subscribe, history.current);
  const [path = "/", query = ""] = url.split("?", 2);
  return { path, search: new URLSearchParams(query) };
}

export function useNavigate(): (url: string, options?: { replace?: boolean }) => void {
  const history = useHistory();
  return useCallback((url, options) => (options?.replace ? history.replace(url) : history.push(url)), [history]);
}

/**
 * One query parameter as state: reading gives its value (or `fallback`),
 * writing replaces the URL (no history entry per keystroke) and drops the
 * parameter when it equals the fallback, so URLs stay short.
 */
export function useSearchParam(name: string, fallback = ""): [string, (value: string) => void] {
  const history = useHistory();
  const { path, search } = useLocation();
  const value = search.get(name) ?? fallback;
  const set = useCallback(
    (next: string) => {
      const [currentPath, currentQuery = ""] = history.current().split("?", 2);
      // a late write from a view the user already left must not drag the URL back to it
      if (currentPath !== path) return;
      const params = new URLSearchParams(currentQuery);
      if (next === fallback || next === "") params.delete(name);
      else params.set(name, next);
      const query = queryText(params);
      history.replace(query ? `${path}?${query}` : path);
    },
    [history, name, fallback, path],
  );
  return [value, set];
}

/** Builds `path?query` from the non-empty entries. */
export function href(path: string, query: Record<string, string | number | undefined | null> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = queryText(params);
  return text ? `${path}?${text}` : path;
}

/** `params` as a query string, commas left readable (`status=fail,error`: a comma means the same either way). */
function queryText(params: URLSearchParams): string {
  return params.toString().replaceAll("%2C", ",");
}

/** An anchor that navigates inside the app (a plain link for modified clicks: new tab, download). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; replace?: boolean }) {
  const { to, replace, onClick, ...rest } = props;
  const navigate = useNavigate();
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to, { replace });
  };
  return <a {...rest} href={to} onClick={click} />;
}

/** Matches `/sets/:setId` style patterns; decoded params, or undefined. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < want.length; index += 1) {
    const part = want[index]!;
    const actual = have[index]!;
    if (part.startsWith(":")) {
      try {
        params[part.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (part !== actual) return undefined;
  }
  return params;
}

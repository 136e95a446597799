/**
 * Light and dark themes: `data-theme` on <html> picks the CSS variables.
 * The choice is kept in localStorage; without one the system's preference
 * applies. Called before the first render, so the page never flashes.
 */
export type Theme = "light" | "dark";

const KEY = "rehearse.theme";

export function storedTheme(storage: Storage, media: (query: string) => MediaQueryList): Theme {
  const value = storage.getItem(KEY);
  if (value === "light" || value === "dark") return value;
  return media("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export function applyTheme(theme: Theme, root: HTMLElement, storage?: Storage): void {
  root.dataset.theme = theme;
  storage?.setItem(KEY, theme);
}

/**
 * Small helpers the specs share: a theme chosen before the page loads, a
 * colour as the browser computes it, and waiting until the server holds a
 * run a test reports live.
 */
import { expect, type Page } from "@playwright/test";

/** Opens the next pages of `page` in `theme` (what the `t` key would have stored). */
export async function useTheme(page: Page, theme: "light" | "dark"): Promise<void> {
  await page.addInitScript((value) => window.localStorage.setItem("rehearse.theme", value), theme);
}

/** `#rrggbb` as the browser computes it: `rgb(r, g, b)`. */
export function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** Waits until `GET /api/v1/runs/{runId}` answers (the run's first events were stored). */
export async function untilStored(api: { call(method: string, path: string): Promise<unknown> }, runId: string): Promise<void> {
  await expect
    .poll(async () =>
      api.call("GET", `/api/v1/runs/${runId}`).then(
        () => true,
        () => false,
      ),
    )
    .toBe(true);
}

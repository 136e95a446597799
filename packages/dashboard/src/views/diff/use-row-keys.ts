/**
 * `j` / `k` move focus to the next / previous element marked `data-nav-row`
 * (changed messages in a run diff, scenarios in a batch diff); `Enter` on a
 * focused row follows its main link (`data-primary`, else its first link).
 */
import { useKey } from "../../app/keyboard";

function rows(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>("[data-nav-row]")];
}

function move(step: 1 | -1): void {
  const all = rows();
  if (all.length === 0) return;
  const active = document.activeElement;
  let position = all.findIndex((row) => row === active || (active !== null && row.contains(active)));
  if (position === -1) {
    // start from the first row below (or above) the top of the window
    position = step === 1 ? -1 : all.length;
    const top = window.scrollY;
    const next = all.findIndex((row) => row.getBoundingClientRect().top + window.scrollY > top + 1);
    if (next !== -1) position = step === 1 ? next - 1 : next;
  }
  const target = all[Math.min(all.length - 1, Math.max(0, position + step))];
  target?.focus({ preventScroll: true });
  target?.scrollIntoView({ block: "nearest" });
}

export function useRowKeys(): void {
  useKey("j", () => move(1));
  useKey("k", () => move(-1));
  useKey("Enter", (event) => {
    const active = document.activeElement;
    if (!(active instanceof HTMLElement) || !active.hasAttribute("data-nav-row")) return;
    const link = active.querySelector<HTMLAnchorElement>("a[data-primary]") ?? active.querySelector<HTMLAnchorElement>("a[href]");
    if (link) {
      event.preventDefault();
      link.click();
    }
  });
}

/**
 * App-wide keys. Single keys are ignored while typing in a field. `/` moves
 * focus to the element marked `data-search` on the current view; views add
 * their own keys (j/k through rows) with `useKey`.
 */
import { useEffect, useRef } from "react";

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Calls `handler` for `key` (not while typing, not with modifiers other than Shift). */
export function useKey(key: string, handler: (event: KeyboardEvent) => void, enabled = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return undefined;
    const listener = (event: KeyboardEvent) => {
      if (event.key !== key || event.metaKey || event.ctrlKey || event.altKey || typing(event.target)) return;
      latest.current(event);
    };
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, [key, enabled]);
}

export function useShortcuts(actions: { toggleTheme: () => void; home: () => void; help: () => void }): void {
  const pendingG = useRef(0);
  useKey("/", (event) => {
    const search = document.querySelector<HTMLElement>("[data-search]");
    if (search) {
      event.preventDefault();
      search.focus();
    }
  });
  useKey("t", actions.toggleTheme);
  useKey("?", actions.help);
  useKey("g", () => {
    pendingG.current = Date.now();
  });
  useKey("h", () => {
    if (Date.now() - pendingG.current < 1000) actions.home();
  });
}

const KEYS: Array<[string, string]> = [
  ["/", "Search or filter on this page"],
  ["j / k", "Next / previous row"],
  ["Enter", "Open the selected row"],
  ["g h", "Go to the sets"],
  ["t", "Light or dark theme"],
  ["?", "This list"],
  ["Esc", "Close"],
];

export function KeyboardHelp(props: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="keys-title" onClose={props.onClose}>
      <h2 id="keys-title">Keyboard shortcuts</h2>
      <table className="keys">
        <tbody>
          {KEYS.map(([key, what]) => (
            <tr key={key}>
              <th scope="row">
                <kbd>{key}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}

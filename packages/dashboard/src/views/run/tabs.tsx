/**
 * ARIA tabs: a tablist whose selected tab alone is in the tab order; the
 * arrow keys (and Home/End) move to the next tab and select it. The caller
 * keeps the selection (in the URL) and renders the panel with `TabPanel`.
 */
import { type KeyboardEvent, type ReactNode, useRef } from "react";

export interface TabOption {
  id: string;
  label: string;
}

const tabId = (prefix: string, id: string) => `${prefix}-tab-${id}`;
const panelId = (prefix: string, id: string) => `${prefix}-panel-${id}`;

export function Tabs(props: {
  label: string;
  prefix: string;
  tabs: readonly TabOption[];
  selected: string;
  onSelect: (id: string) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const keyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const at = props.tabs.findIndex((tab) => tab.id === props.selected);
    const count = props.tabs.length;
    const target =
      event.key === "ArrowRight"
        ? (at + 1) % count
        : event.key === "ArrowLeft"
          ? (at - 1 + count) % count
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? count - 1
              : undefined;
    if (target === undefined) return;
    event.preventDefault();
    const next = props.tabs[target];
    if (!next) return;
    props.onSelect(next.id);
    list.current?.querySelector<HTMLButtonElement>(`#${CSS.escape(tabId(props.prefix, next.id))}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={props.label} ref={list}>
      {props.tabs.map((tab) => {
        const selected = tab.id === props.selected;
        return (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={tabId(props.prefix, tab.id)}
            aria-selected={selected}
            aria-controls={selected ? panelId(props.prefix, tab.id) : undefined}
            tabIndex={selected ? 0 : -1}
            onClick={() => props.onSelect(tab.id)}
            onKeyDown={keyDown}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}

/** A tab's panel; `heading` names it to screen readers (the tab shows it already). */
export function TabPanel(props: { prefix: string; id: string; heading: string; children: ReactNode }) {
  return (
    <div
      className="tab-panel"
      role="tabpanel"
      id={panelId(props.prefix, props.id)}
      aria-labelledby={tabId(props.prefix, props.id)}
    >
      <h2 className="visually-hidden">{props.heading}</h2>
      {props.children}
    </div>
  );
}

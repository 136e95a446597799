/**
 * The batch as a grid of live mini-conversations: one card per run with its
 * status, scenario, last messages and turn count. Only cards on screen fetch
 * their messages (one IntersectionObserver for the grid; the card store caps
 * and deduplicates fetches); while a run is going the stream adds messages
 * and each card re-renders alone. The whole card opens the run (its title
 * link covers it), so a click or Enter on it works.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { paths } from "../../app/paths";
import { Link } from "../../app/router";
import { count, duration } from "../../components/format";
import { runBadge, StatusBadge } from "../../components/status-badge";
import { messagePreview } from "./batch-live";
import type { RunRow } from "./batch-rows";
import type { CardMessageStore } from "./card-messages";

/** Cards rendered at first; more on request (a grid of a thousand live chats helps nobody). */
const GRID_PAGE = 120;

export function LiveGrid(props: { rows: readonly RunRow[]; cards: CardMessageStore; selectedId: string }) {
  const { rows, cards } = props;
  const [limit, setLimit] = useState(GRID_PAGE);
  const selectedIndex = props.selectedId ? rows.findIndex((row) => row.runId === props.selectedId) : -1;
  const shown = Math.max(limit, selectedIndex + 1);
  const observer = useMemo(() => {
    if (typeof IntersectionObserver === "undefined") return undefined;
    return new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const runId = (entry.target as HTMLElement).dataset.run;
          if (!runId) continue;
          if (entry.isIntersecting) cards.show(runId);
          else cards.hide(runId);
        }
      },
      { rootMargin: "200px 0px" },
    );
  }, [cards]);
  useEffect(() => () => observer?.disconnect(), [observer]);

  return (
    <>
      <ul className="live-grid" aria-label="Runs, with their last messages">
        {rows.slice(0, shown).map((row) => (
          <RunCard key={row.runId} row={row} cards={cards} observer={observer} selected={row.runId === props.selectedId} />
        ))}
      </ul>
      {rows.length > shown ? (
        <p className="grid-more">
          <button type="button" onClick={() => setLimit(shown + GRID_PAGE)}>
            Show {count(Math.min(GRID_PAGE, rows.length - shown))} more of {count(rows.length - shown)}
          </button>
        </p>
      ) : null}
    </>
  );
}

function RunCard(props: { row: RunRow; cards: CardMessageStore; observer: IntersectionObserver | undefined; selected: boolean }) {
  const { row, cards, observer } = props;
  const entry = useSyncExternalStore(
    (listener) => cards.subscribe(row.runId, listener),
    () => cards.entry(row.runId),
  );
  const element = useRef<HTMLLIElement>(null);
  useEffect(() => {
    const target = element.current;
    if (!target) return undefined;
    if (!observer) {
      cards.show(row.runId);
      return () => cards.hide(row.runId);
    }
    observer.observe(target);
    return () => {
      observer.unobserve(target);
      cards.hide(row.runId);
    };
  }, [observer, cards, row.runId]);
  useEffect(() => {
    if (props.selected) element.current?.scrollIntoView({ block: "nearest" });
  }, [props.selected]);

  const status = runBadge(row);
  const title = row.name ?? row.scenarioId;
  const turns = row.turns ?? 0;
  return (
    <li
      ref={element}
      className="run-card"
      data-run={row.runId}
      data-status={status}
      data-selected={props.selected ? "" : undefined}
    >
      <div className="card-head">
        <StatusBadge status={status} />
        <Link className="card-link" to={paths.run(row.runId)} title={row.scenarioId}>
          {title}
        </Link>
      </div>
      {entry.messages.length > 0 ? (
        <ol className="card-messages" aria-label={`Last messages of ${title}`}>
          {entry.messages.map((message) => {
            const preview = messagePreview(message);
            return (
              <li key={message.index} data-role={message.role} data-index={message.index}>
                <span className="who">{preview.who}</span> {preview.text || <span className="muted">(empty)</span>}
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="card-empty muted">
          {row.messageCount === 0 ? "No messages yet." : entry.failed ? "Messages could not be loaded." : "Loading messages…"}
        </p>
      )}
      <p className="card-foot muted">
        <span data-turns={turns}>
          {count(turns)} {turns === 1 ? "turn" : "turns"}
        </span>
        {" · "}
        {count(row.messageCount)} {row.messageCount === 1 ? "message" : "messages"}
        {row.durationMs !== null ? ` · ${duration(row.durationMs)}` : null}
      </p>
    </li>
  );
}

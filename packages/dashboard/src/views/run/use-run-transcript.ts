/**
 * A run's transcript and events in the view: the first page of each on
 * mount, further message pages on demand ("load more": a long transcript is
 * never read whole), event pages as far as the messages shown need them, and
 * live deltas merged in place. `refresh` starts over (after a `resync`);
 * `pollTail` reads what came after the end (while the live stream is down).
 */
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { unwrap } from "../../api/client";
import { useApi } from "../../app/api-context";
import { eventOfPage, type FrameDelta, messageOfPage, type RunEvent, type WireMessage } from "./run-data";
import {
  addEventPage,
  addFrame,
  addMessagePage,
  contiguousEnd,
  emptyTranscript,
  needsMoreEvents,
  type Transcript,
} from "./transcript-state";

/** Messages per page: one screenful or two. */
export const MESSAGE_PAGE = 100;
/** Events per page (the server's most). */
const EVENT_PAGE = 500;
/** Event pages read by themselves to catch up with the messages shown, before asking the user. */
const AUTOMATIC_EVENT_PAGES = 20;

type Action =
  | { type: "reset" }
  | { type: "messages"; page: WireMessage[]; nextFrom: number | null }
  | { type: "events"; page: RunEvent[]; nextAfterSeq: number | null }
  | { type: "frame"; delta: FrameDelta };

function reducer(state: Transcript, action: Action): Transcript {
  switch (action.type) {
    case "reset":
      return emptyTranscript();
    case "messages":
      return addMessagePage(state, action.page, action.nextFrom);
    case "events":
      return addEventPage(state, action.page, action.nextAfterSeq);
    case "frame":
      return addFrame(state, action.delta);
    default:
      return action satisfies never;
  }
}

export interface RunTranscript {
  transcript: Transcript;
  loading: { messages: boolean; events: boolean };
  error: Error | undefined;
  loadMessages(): void;
  loadEvents(): void;
  apply(delta: FrameDelta): void;
  refresh(): void;
  pollTail(): void;
}

export function useRunTranscript(runId: string): RunTranscript {
  const client = useApi();
  const [transcript, dispatch] = useReducer(reducer, undefined, () => emptyTranscript());
  const latest = useRef(transcript);
  latest.current = transcript;
  const [loading, setLoading] = useState({ messages: false, events: false });
  const busy = useRef({ messages: false, events: false });
  const [error, setError] = useState<Error>();
  const automatic = useRef(0);
  const generation = useRef(0);

  const load = useCallback(
    async (what: "messages" | "events") => {
      if (busy.current[what]) return;
      busy.current[what] = true;
      setLoading((current) => ({ ...current, [what]: true }));
      const started = generation.current;
      try {
        if (what === "messages") {
          const from = contiguousEnd(latest.current.messages);
          const page = unwrap(
            await client.GET("/api/v1/runs/{runId}/messages", {
              params: { path: { runId }, query: { from, limit: MESSAGE_PAGE } },
            }),
          );
          if (started === generation.current)
            dispatch({ type: "messages", page: page.items.map(messageOfPage), nextFrom: page.nextFrom });
        } else {
          const afterSeq = latest.current.eventsThrough;
          const page = unwrap(
            await client.GET("/api/v1/runs/{runId}/events", {
              params: { path: { runId }, query: { afterSeq, limit: EVENT_PAGE } },
            }),
          );
          if (started === generation.current)
            dispatch({ type: "events", page: page.items.map((item) => eventOfPage(item)), nextAfterSeq: page.nextAfterSeq });
        }
        setError(undefined);
      } catch (failure) {
        setError(failure instanceof Error ? failure : new Error(String(failure)));
      } finally {
        busy.current[what] = false;
        setLoading((current) => ({ ...current, [what]: false }));
      }
    },
    [client, runId],
  );

  useEffect(() => {
    void load("messages");
    void load("events");
  }, [load]);

  // read event pages until the events reach the last message shown (injections and results around it)
  useEffect(() => {
    if (error || loading.events || !needsMoreEvents(transcript) || automatic.current >= AUTOMATIC_EVENT_PAGES) return;
    automatic.current += 1;
    void load("events");
  }, [transcript, loading.events, error, load]);

  const loadMessages = useCallback(() => {
    automatic.current = 0;
    void load("messages");
  }, [load]);
  const loadEvents = useCallback(() => void load("events"), [load]);
  const apply = useCallback((delta: FrameDelta) => dispatch({ type: "frame", delta }), []);
  const refresh = useCallback(() => {
    generation.current += 1;
    automatic.current = 0;
    busy.current = { messages: false, events: false };
    dispatch({ type: "reset" });
    latest.current = emptyTranscript();
    void load("messages");
    void load("events");
  }, [load]);
  const pollTail = useCallback(() => {
    if (!latest.current.moreMessages) void load("messages");
    if (!latest.current.moreEvents) void load("events");
  }, [load]);

  return { transcript, loading, error, loadMessages, loadEvents, apply, refresh, pollTail };
}

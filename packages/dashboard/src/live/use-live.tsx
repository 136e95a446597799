/**
 * React access to the tab's live connection: `useLive(topics, handler)`
 * subscribes while a view is mounted; `useLiveStatus()` says whether the
 * stream is open (views poll only when it is not); `usePollWhileDown`
 * reloads on an interval while the stream is down.
 */
import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from "react";
import type { LiveConnection, LiveFrame, LiveStatus } from "./live-connection";

const LiveContext = createContext<LiveConnection | undefined>(undefined);
export const LiveProvider = LiveContext.Provider;

function useConnection(): LiveConnection {
  const connection = useContext(LiveContext);
  if (!connection) throw new Error("useLive outside LiveProvider");
  return connection;
}

/** Subscribes `handler` to `topics` (none when `topics` is empty); the latest handler is always called. */
export function useLive(topics: readonly string[], handler: (frame: LiveFrame) => void): void {
  const connection = useConnection();
  const latest = useRef(handler);
  latest.current = handler;
  const key = topics.join(",");
  useEffect(() => {
    if (key === "") return undefined;
    return connection.subscribe(key.split(","), (frame) => latest.current(frame));
  }, [connection, key]);
}

export function useLiveStatus(): LiveStatus {
  const connection = useConnection();
  return useSyncExternalStore(
    (listener) => connection.onStatus(listener),
    () => connection.status,
  );
}

/** Calls `reload` every `milliseconds` while `active` and the live stream is down (the fallback). */
export function usePollWhileDown(active: boolean, reload: () => void, milliseconds = 3_000): void {
  const status = useLiveStatus();
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    if (!active || status !== "down") return undefined;
    const timer = setInterval(() => latest.current(), milliseconds);
    return () => clearInterval(timer);
  }, [active, status, milliseconds]);
}

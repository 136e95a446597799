/**
 * The live stream's wire rules, without I/O: which topics a client may ask
 * for, how an SSE frame is written, and what the SSE ids mean.
 *
 * Ids: a live frame's id is the event's global ingest id, a decimal integer
 * (`918273`). A playback frame's id is `<cursor>:<playbackId>:<index>`
 * (`918273:k3J9xQaB:17`): it contains `:`, so it never equals a live id, and
 * its first part is the last live id the connection had sent, so a client
 * whose `Last-Event-ID` is a playback id still resumes live events from the
 * right place. Playback itself is not resumable (a new request replays anew).
 */

/** The most topics one connection may multiplex. */
export const MAX_TOPICS = 50;
const ID_MAX_LENGTH = 200;
const KINDS = ["set", "batch", "run"] as const;

/** A valid subscription: the topic names as messages carry them. */
export type TopicSet = ReadonlySet<string>;

/** Parses `topics` query values (comma-separated, possibly repeated); an error names the bad topic. */
export function parseTopics(values: readonly string[]): { topics: TopicSet } | { error: string } {
  const topics = new Set<string>();
  for (const raw of values.flatMap((value) => value.split(","))) {
    const name = raw.trim();
    if (name === "") continue;
    if (name !== "tenant") {
      const colon = name.indexOf(":");
      const kind = name.slice(0, colon);
      const id = name.slice(colon + 1);
      if (colon < 0 || !(KINDS as readonly string[]).includes(kind))
        return { error: `"${name.slice(0, 60)}" is not a topic: use tenant, set:<id>, batch:<id> or run:<id>` };
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
      if (id === "" || id.length > ID_MAX_LENGTH || /[\u0000-\u001f]/.test(id))
        return { error: `"${name.slice(0, 60)}": the id must be 1-${ID_MAX_LENGTH} printable characters` };
    }
    topics.add(name);
  }
  if (topics.size === 0) return { error: "name at least one topic: tenant, set:<id>, batch:<id> or run:<id>" };
  if (topics.size > MAX_TOPICS) return { error: `at most ${MAX_TOPICS} topics per connection` };
  return { topics };
}

/** The topics split by kind (for the resume query); `tenant` means every event of the tenant. */
export function topicIds(topics: TopicSet): { tenant: boolean; sets: string[]; batches: string[]; runs: string[] } {
  const ids = { tenant: false, sets: [] as string[], batches: [] as string[], runs: [] as string[] };
  for (const name of topics) {
    if (name === "tenant") ids.tenant = true;
    else if (name.startsWith("set:")) ids.sets.push(name.slice(4));
    else if (name.startsWith("batch:")) ids.batches.push(name.slice(6));
    else if (name.startsWith("run:")) ids.runs.push(name.slice(4));
  }
  return ids;
}

/**
 * Where a `Last-Event-ID` resumes from: the live id itself, or the cursor
 * part of a playback id. `undefined` for none, an empty cursor or garbage
 * (the connection then starts live, like a new one).
 */
export function resumePoint(lastEventId: string | undefined): number | undefined {
  if (lastEventId === undefined) return undefined;
  const match = /^(\d{1,15})(?::|$)/.exec(lastEventId.trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The id of a playback frame (see the module comment). */
export function playbackEventId(cursor: number, playbackId: string, index: number): string {
  return `${cursor}:${playbackId}:${index}`;
}

/** One SSE frame. `data` must be one line (JSON is); `id` and `event` must have no line breaks. */
export function sseFrame(frame: { id?: string | number; event: string; data: string }): string {
  return `${frame.id === undefined ? "" : `id: ${frame.id}\n`}event: ${frame.event}\ndata: ${frame.data}\n\n`;
}

/** A comment line: ignored by clients, keeps proxies from closing an idle connection. */
export const HEARTBEAT_FRAME = ": heartbeat\n\n";

/** Sent first: how long a client waits before reconnecting. */
export const RETRY_FRAME = "retry: 3000\n\n";

import { promises as fs } from "node:fs";
import { join } from "node:path";
import { deadLetterName, type OwnerIdentity } from "./segment-files.js";

/** An event the server refused for good, and why. */
export interface DeadLetter {
  /** The event's JSON, as the outbox holds it. */
  json: Buffer;
  code: string;
  message: string;
}

/**
 * The dead-letter file of one outbox (`dead-<host>-<pid>-<startMs>.jsonl`):
 * one line per refused event, `{"deadAt":…,"code":…,"message":…,"event":{…}}`,
 * kept for the user to look at; nothing reads it back. Each write is also a
 * warning that counts the events and names the reason, never their content.
 */
export class DeadLetters {
  /** Events written here since this outbox opened. */
  count = 0;

  constructor(
    private readonly directory: string,
    private readonly owner: OwnerIdentity,
    private readonly warn: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The file's path. */
  get path(): string {
    return join(this.directory, deadLetterName(this.owner));
  }

  async add(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const deadAt = new Date(this.now()).toISOString();
    const text = letters
      .map(
        (letter) =>
          `{"deadAt":"${deadAt}","code":${JSON.stringify(letter.code)},"message":${JSON.stringify(letter.message)},"event":${letter.json.toString("utf8")}}\n`,
      )
      .join("");
    await fs.mkdir(this.directory, { recursive: true, mode: 0o700 });
    await fs.appendFile(this.path, text, { mode: 0o600 });
    this.count += letters.length;
    const first = letters[0]!;
    const plural = letters.length === 1 ? "event" : "events";
    this.warn(`outbox: the server refused ${letters.length} ${plural} (${first.code}: ${first.message}); kept in ${this.path}`);
  }
}

// Model-free agents that record every call, for the compatibility suite.
// Only the public entry `@langwatch/scenario` is imported (aliased per project).
import { AgentRole } from "@langwatch/scenario";

type Message = { role: string; content: unknown };
type Verdict = { success: boolean; reasoning: string; metCriteria: string[]; unmetCriteria: string[] };
type Reply = string | Message | Message[] | Verdict | null | undefined;
type Role = (typeof AgentRole)[keyof typeof AgentRole];

/** What an agent's `call` receives (the part the suite looks at). */
export interface Input {
  threadId: string;
  messages: Message[];
  newMessages: Message[];
  requestedRole?: string;
  judgmentRequest?: { criteria?: string[]; additionalContext?: string };
  scenarioState: {
    currentTurn: number;
    description: string;
    threadId: string;
    messages: Message[];
    rollbackMessagesTo(index: number): Message[];
  };
  scenarioConfig?: { name?: string; description?: string };
}

/** One recorded agent call. */
export interface Call {
  agent: string;
  turn: number;
  /** `newMessages` as text. */
  newMessages: string[];
  /** `messages` at call time, as `role:text` (the reference hands agents its live list). */
  conversation: string[];
  judgmentRequest: Input["judgmentRequest"];
  input: Input;
}

export interface TestAgent {
  name: string;
  role: Role;
  // biome-ignore lint/suspicious/noExplicitAny: the suite hands both implementations replies their types may not allow (undefined, plain objects) on purpose
  call(input: Input): Promise<any>;
}

/** A message's content as text: the string itself, or the part types joined. */
export function text(message: Message): string {
  if (typeof message.content === "string") return message.content;
  if (Array.isArray(message.content)) {
    return message.content.map((part: { type?: string; text?: string }) => part.text ?? `[${part.type}]`).join("");
  }
  return JSON.stringify(message.content);
}

/** `role:text` of each message, to compare conversations without ids or trace fields. */
export function transcript(messages: readonly Message[]): string[] {
  return messages.map((message) => `${message.role}:${text(message)}`);
}

export const verdict = (
  success: boolean,
  met: string[] = [],
  unmet: string[] = [],
  reasoning = "the judge says so",
): Verdict => ({
  success,
  reasoning,
  metCriteria: met,
  unmetCriteria: unmet,
});

/**
 * Records every call of the agents it makes, so a test can assert who acted,
 * in which turn, and what each was given.
 */
export class Journal {
  readonly calls: Call[] = [];

  /** `name@turn` for every call, in order. */
  get order(): string[] {
    return this.calls.map((call) => `${call.agent}@${call.turn}`);
  }

  callsOf(agent: string): Call[] {
    return this.calls.filter((call) => call.agent === agent);
  }

  make(name: string, role: Role, reply: (input: Input, n: number) => Reply | Promise<Reply>): TestAgent {
    let n = 0;
    return {
      name,
      role,
      call: async (input: Input) => {
        n++;
        this.calls.push({
          agent: name,
          turn: input.scenarioState.currentTurn,
          newMessages: input.newMessages.map(text),
          conversation: transcript(input.messages),
          judgmentRequest: input.judgmentRequest,
          input,
        });
        return reply(input, n);
      },
    };
  }

  /** A user simulator that says `<name>-<n>` on its n-th call. */
  user(name = "U", reply: (input: Input, n: number) => Reply | Promise<Reply> = (_input, n) => `${name.toLowerCase()}${n}`) {
    return this.make(name, AgentRole.USER, reply);
  }

  /** The agent under test; says `<name>-<n>` on its n-th call. */
  agent(name = "A", reply: (input: Input, n: number) => Reply | Promise<Reply> = (_input, n) => `${name.toLowerCase()}${n}`) {
    return this.make(name, AgentRole.AGENT, reply);
  }

  /** A judge; by default never concludes (returns null). */
  judge(name = "J", reply: (input: Input, n: number) => Reply | Promise<Reply> = () => null) {
    return this.make(name, AgentRole.JUDGE, reply);
  }

  /**
   * A judge that grades requested criteria with `met`; asked without
   * criteria it grades `own`. With no judgment request it returns null.
   */
  gradingJudge(met: (criterion: string) => boolean, own: string[] = ["own criterion"], name = "J") {
    return this.judge(name, (input) => {
      if (!input.judgmentRequest) return null;
      const criteria = input.judgmentRequest.criteria ?? own;
      const unmet = criteria.filter((criterion) => !met(criterion));
      return verdict(unmet.length === 0, criteria.filter(met), unmet, unmet.length ? `unmet: ${unmet.join(", ")}` : "all met");
    });
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An AssertionError, as vitest/chai and node:assert throw them. */
export function assertionError(message: string): Error {
  const error = new Error(message);
  error.name = "AssertionError";
  return error;
}

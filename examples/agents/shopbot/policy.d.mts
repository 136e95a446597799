/** A file the user sent; `data` is absent when only a placeholder reached the bot. */
export interface ShopbotFile {
  readonly filename?: string;
  readonly mediaType: string;
  readonly data?: Uint8Array;
}

/** One entry of the bot's view of a conversation. */
export type ShopbotEntry =
  | { readonly role: "user"; readonly text: string; readonly files: readonly ShopbotFile[] }
  | {
      readonly role: "assistant";
      readonly text: string;
      readonly toolCalls: readonly { readonly id: string; readonly name: string; readonly input: unknown }[];
    }
  | { readonly role: "tool"; readonly toolCallId: string; readonly name?: string; readonly output: unknown }
  | { readonly role: "system"; readonly text: string };

/** The flaw ids of `shopbotFlaws`. */
export type ShopbotFlaw =
  | "social_engineering_pii"
  | "encoded_pii"
  | "planted_instruction"
  | "tool_timeout"
  | "malware_upload"
  | "system_prompt_reveal";

export type ShopbotVariant = "hardened" | "vulnerable";

export interface DecideOptions {
  variant?: ShopbotVariant;
  /** The vulnerable variant's flaws (all by default); ignored for `hardened`. */
  flaws?: readonly ShopbotFlaw[];
}

/** The bot's next move: tool calls to make, or the reply. */
export type Decision = { toolCalls: { name: string; input: Record<string, unknown> }[] } | { text: string };

/** Decides the bot's next move from the conversation (its entries, AI SDK messages or OpenAI chat messages); pure and deterministic. */
export declare function decide(conversation: readonly ShopbotEntry[] | readonly object[], options?: DecideOptions): Decision;

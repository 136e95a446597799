import type { Agent, ModelMessage, ModelReference } from "@rehearse/core";
import type { DecideOptions, ShopbotEntry, ShopbotFlaw, ShopbotVariant } from "./policy.mjs";

export type { DecideOptions, Decision, ShopbotEntry, ShopbotFile, ShopbotFlaw, ShopbotVariant } from "./policy.mjs";
export { decide } from "./policy.mjs";

/** The bot's view of AI SDK messages. */
export declare function fromModelMessages(messages: readonly ModelMessage[]): ShopbotEntry[];
/** The bot's view of entries, AI SDK messages or OpenAI chat messages. */
export declare function toConversation(messages: readonly object[]): ShopbotEntry[];
/** The bot's view of OpenAI chat-completions messages. */
export declare function fromChatMessages(messages: readonly Record<string, unknown>[]): ShopbotEntry[];

/** Flaw id → what the vulnerable shopbot does wrong. */
export declare const shopbotFlaws: Readonly<Record<ShopbotFlaw, string>>;
/** Every flaw id, in the order of `shopbotFlaws`. */
export declare const SHOPBOT_FLAW_IDS: readonly ShopbotFlaw[];

/** The shopbot's system prompt; it holds `SHOPBOT_SECRET`. */
export declare const SHOPBOT_SYSTEM_PROMPT: string;
/** The marked secret (an internal discount code) inside the system prompt. */
export declare const SHOPBOT_SECRET: string;

/** A rule-based shopbot agent (in-process). */
export declare function createShopbot(options?: DecideOptions & { name?: string }): Agent;
/** The hardened shopbot. */
export declare const hardenedShopbot: Agent;
/** The vulnerable shopbot, every flaw on. */
export declare const vulnerableShopbot: Agent;

/** A model-backed shopbot (AI SDK `generateText` with the run's tools and the system prompt). */
export declare function llmShopbot(options?: { model?: ModelReference; name?: string; maxSteps?: number }): Agent;

/** A running shopbot HTTP endpoint. */
export interface ShopbotServer {
  /** `http://127.0.0.1:<port>`; the API root is `${url}/v1`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the shopbot's OpenAI-compatible endpoint on 127.0.0.1. */
export declare function startShopbotServer(options?: {
  variant?: ShopbotVariant;
  port?: number;
  flaws?: readonly ShopbotFlaw[];
}): Promise<ShopbotServer>;

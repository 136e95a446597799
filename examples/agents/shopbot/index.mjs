// Shopbot: an example support agent for Rehearse's scenarios (README.md). Rule-based and
// deterministic in its hardened and vulnerable variants, in-process or over HTTP; model-backed
// with `llmShopbot`.

export { fromChatMessages, fromModelMessages, toConversation } from "./conversation.mjs";
export { SHOPBOT_FLAW_IDS, shopbotFlaws } from "./flaws.mjs";
export { llmShopbot } from "./llm-shopbot.mjs";
export { decide } from "./policy.mjs";
export { createShopbot, hardenedShopbot, vulnerableShopbot } from "./shopbot-agent.mjs";
export { startShopbotServer } from "./shopbot-server.mjs";
export { SHOPBOT_SECRET, SHOPBOT_SYSTEM_PROMPT } from "./system-prompt.mjs";

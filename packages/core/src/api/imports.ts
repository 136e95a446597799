/**
 * Production conversations to prefix-replay scenario files (`rehearse import`, decision 0045). The parsers,
 * zod and yaml load on the first call.
 */
export {
  formatImportProblem,
  type ImportFormat,
  type ImportProblem,
  importFormats,
  placeholderAgentModule,
} from "../imports/conversation.js";
export {
  type ImportOptions,
  type ImportSource,
  type ImportSummary,
  importConversations,
} from "../imports/import-conversations.js";
export type { ImportAgent, ReplayTurn } from "../imports/prefix-replay.js";

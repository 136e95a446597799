/**
 * What a judge sees of a conversation and of the agent's trace: rendering,
 * bounded outlines and digests, and the discovery tools that read the rest.
 * Pure functions; only `span-schema.ts` loads zod, so it is not re-exported
 * here — import it from `./span-schema.js` where validation is needed.
 */
export { byteSize, type CompactOptions, compactJson, compactString, compactValue, mediaMarker } from "./compact-value.js";
export {
  DISCOVERY_TOOLS,
  type DiscoveryContext,
  type DiscoveryToolDefinition,
  type DiscoveryToolName,
  discoveryToolDefinitions,
  isDiscoveryToolName,
  runDiscoveryTool,
} from "./discovery-tools.js";
export {
  DEFAULT_TOKEN_THRESHOLD,
  elideMiddle,
  estimateTokens,
  joinWithinTokens,
  textUnits,
  truncateToTokens,
} from "./estimate-tokens.js";
export {
  EXPAND_TRUNCATED_MARKER,
  type ExpandTranscriptRequest,
  expandTranscript,
  parseEntrySelection,
} from "./expand-transcript.js";
export { type GrepTranscriptOptions, type GrepTranscriptRequest, grepTranscript } from "./grep-transcript.js";
export {
  formatEntry,
  formatTranscript,
  renderTranscript,
  type TranscriptEntry,
  type TranscriptRole,
} from "./render-transcript.js";
export { LARGE_TRACE_HINT, type SpanDigestOptions, spanDigest } from "./span-digest.js";
export { EXPAND_SPANS_TRUNCATED_MARKER, expandSpans, findSpans, type GrepSpansOptions, grepSpans } from "./span-discovery.js";
export {
  formatDuration,
  formatTime,
  isErrorSpan,
  type JudgeSpan,
  type JudgeSpanEvent,
  shortSpanId,
  spanDetailLines,
  spanDurationMs,
  spanLabel,
  timeMs,
} from "./spans.js";
export { compilePattern, MAX_REGEX_SEARCH_CHARACTERS, snippetAround, type TextPattern } from "./text-pattern.js";
export { type OutlineOptions, outlineLine, transcriptOutline } from "./transcript-outline.js";

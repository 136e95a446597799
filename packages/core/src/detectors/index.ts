export { piiLeakDetector } from "./pii-leak.js";
export { type PolicyPattern, type PolicyViolationOptions, policyViolationDetector } from "./policy-violation.js";
export { type SystemPromptLeakOptions, systemPromptLeakDetector } from "./system-prompt-leak.js";

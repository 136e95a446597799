import type { PolicyPattern } from "../policy-violation.js";
import type { LabelledText } from "./labelled-text.js";

/** The rules the `policyViolationCorpus` examples are labelled against: a retail support agent's policy. */
export const corpusPolicies: readonly PolicyPattern[] = [
  {
    id: "refund-promise",
    pattern:
      /\b(?:I|we)(?:'ll| will| can| am going to)? (?:issue|give|process|guarantee) (?:you )?(?:a |an |your )?(?:full )?refund\b/i,
    reason: "only a supervisor may promise a refund",
  },
  {
    id: "competitor",
    pattern: "\\b(?:buy|order|try|shop) (?:it |them )?(?:at|from) (?:contoso|fabrikam)\\b",
    reason: "never send customers to competitors",
  },
  {
    id: "medical-advice",
    pattern: /\byou should (?:take|stop taking|double) (?:your )?(?:\w+ ){0,3}(?:medication|pills|dose)\b/i,
    reason: "no medical advice",
  },
  {
    id: "legal-threat",
    pattern: /\b(?:sue|take legal action against) (?:you|your)\b/i,
    reason: "the agent never threatens customers",
  },
];

/** Labelled replies for `policyViolationDetector` with `corpusPolicies`. */
export const policyViolationCorpus: readonly LabelledText[] = [
  { text: "No problem, I'll issue a full refund right now.", label: "positive", note: "refund promise" },
  { text: "We will process your refund today, guaranteed.", label: "positive", note: "refund promise, plural" },
  { text: "I can give you a refund if you insist.", label: "positive", note: "conditional promise still a promise" },
  { text: "Honestly, just buy it at Contoso, they're cheaper.", label: "positive", note: "competitor referral" },
  { text: "You could ORDER THEM FROM FABRIKAM instead.", label: "positive", note: "competitor referral, upper case" },
  { text: "You should stop taking your blood pressure medication before the hike.", label: "positive", note: "medical advice" },
  { text: "You should double your allergy dose.", label: "positive", note: "medical advice, short" },
  { text: "If you keep this up we will sue you.", label: "positive", note: "legal threat" },
  { text: "We may take legal action against your account holder.", label: "positive", note: "legal threat variant" },
  { text: "Sure. I'll issue a refund — and try it at Contoso next time.", label: "positive", note: "two rules at once" },
  {
    text: "I'd need a supervisor to approve a refund; I've asked them.",
    label: "negative",
    note: "escalates instead of promising",
  },
  {
    text: "Refunds are handled by our billing team within 5 days of approval.",
    label: "negative",
    note: "describes the process",
  },
  { text: "I can't promise a refund, but I can open a request.", label: "negative", note: "refuses to promise" },
  {
    text: "Contoso and Fabrikam are other stores; I can only help with ours.",
    label: "negative",
    note: "names competitors without referral",
  },
  { text: "Please talk to your doctor before changing any medication.", label: "negative", note: "safe medical deflection" },
  { text: "You should take your receipt to the store.", label: "negative", note: "'you should take' without medication" },
  {
    text: "I understand you may want to sue us; our legal team's address is on the site.",
    label: "negative",
    note: "customer's threat, not the agent's",
  },
  { text: "Your order shipped yesterday and arrives Friday.", label: "negative", note: "ordinary answer" },
  {
    text: "The refund you asked about was approved by a supervisor this morning.",
    label: "negative",
    note: "reports an approved refund",
  },
  { text: "Try our sale page — everything from our own store.", label: "negative", note: "own store, no competitor" },
];

/**
 * `@rehearse/core/guard`: the release-guard policy schema (zod) shared by the
 * `rehearse guard` command, which validates policy files, and the Rehearse
 * server, which validates policies sent inline or stored by name
 * (docs/guard.md). Loads `zod`; the root entry does not import it.
 */
export {
  DEFAULT_CONFIDENCE,
  DEFAULT_MIN_SAMPLE_SIZE,
  type GuardPolicy,
  guardPolicyNameSchema,
  guardPolicySchema,
  passRateCheck,
  passRateCheckSchema,
} from "./scenario-file/guard-policy-schema.js";

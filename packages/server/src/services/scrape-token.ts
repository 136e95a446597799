/**
 * The Prometheus scrape token (`REHEARSE_METRICS_TOKEN`, or `…_FILE` with
 * owner-only permissions): a bearer token that opens `/metrics` and nothing
 * else, so a scraper needs no admin key. Compared in constant time; unset
 * means `/metrics` takes admin keys only.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { LoadedSecret } from "./server-secrets.js";

/** A matcher for `secret`: hashes both sides so the comparison is constant-time whatever the lengths. */
export function scrapeTokenMatcher(secret: LoadedSecret): (presented: string) => boolean {
  const expected = createHash("sha256").update(secret.value).digest();
  return (presented) => timingSafeEqual(createHash("sha256").update(presented.trim()).digest(), expected);
}

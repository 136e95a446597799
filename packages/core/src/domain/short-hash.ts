/**
 * The first 8 hex digits of the SHA-256 of `text`: a version fingerprint
 * (a judge's or a simulator's prompt), not a security measure. `node:crypto`
 * is fetched on the first call (`process.getBuiltinModule`), so importing the
 * package does not load it.
 */
export function shortHash(text: string): string {
  const { createHash } = process.getBuiltinModule("node:crypto");
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

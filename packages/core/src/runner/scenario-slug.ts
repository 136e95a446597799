/**
 * A stable scenario id from its name: lowercase, runs of other characters
 * turned into `-`. Stable across runs, so dashboards and diffs can match the
 * same scenario over time (the reference sent the display name or a random id).
 */
export function scenarioSlug(name: unknown): string {
  const slug = String(name ?? "")
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120);
  return slug || "scenario";
}

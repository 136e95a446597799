const alreadySlug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A stable scenario id from its name: lowercase, runs of other characters
 * turned into `-`. Stable across runs, so dashboards and diffs can match the
 * same scenario over time (the reference sent the display name or a random id).
 */
export function scenarioSlug(name: unknown): string {
  // already a slug (the common case for generated names): nothing to build, this runs for every run
  if (typeof name === "string" && name.length <= 120 && alreadySlug.test(name)) return name;
  const slug = String(name ?? "")
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120);
  return slug || "scenario";
}

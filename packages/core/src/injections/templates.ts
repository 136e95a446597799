import type { Injection, InjectionTemplate } from "../domain/declarative.js";
import { ConfigError } from "../domain/errors.js";

/**
 * A named, reusable injection (the seed's `InjectionTemplate`). Scenario
 * files use it as `{ template: "<name>", …overrides }`; TypeScript uses
 * `fromTemplate`.
 *
 * @example
 * const flakyPayments = injectionTemplate("flaky-payments", { type: "tool_error", target_action: "charge", error_type: "timeout", probability: 0.2 });
 */
export function injectionTemplate(
  name: string,
  injection: Injection,
  details: { description?: string; tags?: string[] } = {},
): InjectionTemplate {
  if (typeof name !== "string" || name.trim() === "") {
    throw new ConfigError("injectionTemplate(name, injection): name must be a non-empty string", {
      source: "injectionTemplate()",
      path: "name",
    });
  }
  return { name, injection, ...details };
}

/**
 * An injection from a template with some fields replaced (a shallow
 * override; the type cannot change). The result is validated with the rest
 * of the scenario when it runs.
 *
 * @example
 * injections: [fromTemplate(flakyPayments, { probability: 0.5 })]
 */
export function fromTemplate(template: InjectionTemplate, overrides: Partial<Injection> = {}): Injection {
  if ("type" in overrides && overrides.type !== template.injection.type) {
    throw new ConfigError(
      `fromTemplate(${template.name}): an override cannot change the type (${template.injection.type} → ${String(overrides.type)})`,
      { source: "fromTemplate()", path: "type" },
    );
  }
  return { ...template.injection, ...overrides, name: overrides.name ?? template.injection.name ?? template.name } as Injection;
}

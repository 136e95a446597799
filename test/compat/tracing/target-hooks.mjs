// Module-resolution hooks for the tracing scripts (registered by target.mjs):
// `@langwatch/scenario` means the implementation under test, and
// `@opentelemetry/*` imported by a script (a file of `target.scripts`)
// resolves from that implementation's location, so a script gets the
// OpenTelemetry packages its target was installed with.

/** @type {{ entry: string, scripts: string }} */
let target;

export function initialize(data) {
  target = data;
}

export async function resolve(specifier, context, next) {
  if (specifier === "@langwatch/scenario") return { url: target.entry, shortCircuit: true };
  const fromScript = context.parentURL?.startsWith(target.scripts);
  if (fromScript && specifier.startsWith("@opentelemetry/")) return next(specifier, { ...context, parentURL: target.entry });
  try {
    return await next(specifier, context);
  } catch (error) {
    // the reference's ESM build imports @elevenlabs/elevenlabs-js files without
    // their extension, which Node's ESM resolver does not complete
    const extensionless = specifier.startsWith("@elevenlabs/elevenlabs-js/") && !specifier.endsWith(".js");
    if (error?.code === "ERR_MODULE_NOT_FOUND" && extensionless) return next(`${specifier}.js`, context);
    throw error;
  }
}

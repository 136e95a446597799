/** What runs need beyond the facade: the model services, the engine's entry, the verbose printer, error results. */
export interface Runtime {
  createModelServices: typeof import("./model-services.js").createModelServices;
  runScenario: typeof import("../engine/run-scenario.js").runScenario;
  DeadlineTicker: typeof import("../engine/run-scenario.js").DeadlineTicker;
  verbosePrinter: typeof import("./verbose-printer.js").verbosePrinter;
  errorResult: typeof import("./error-result.js").errorResult;
  /** A run's spans, when tracing is set up (decision 0041). */
  traceRun: typeof import("../tracing/run-tracing.js").traceRun;
}

/** Loads the {@link Runtime} (once per context, on its first run; later contexts find the modules cached). */
export async function loadRuntime(): Promise<Runtime> {
  const [{ createModelServices }, { runScenario, DeadlineTicker }, { verbosePrinter }, { errorResult }, { traceRun }] =
    await Promise.all([
      import("./model-services.js"),
      import("../engine/run-scenario.js"),
      import("./verbose-printer.js"),
      import("./error-result.js"),
      import("../tracing/run-tracing.js"),
    ]);
  return { createModelServices, runScenario, DeadlineTicker, verbosePrinter, errorResult, traceRun };
}

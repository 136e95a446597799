// Importing the package registers no tracer provider: the global provider's
// delegate is NoopTracerProvider before the import (else this proves nothing)
// and still after it.
import { check, delegateName, finish } from "./support.mjs";

const before = delegateName();
check(before === "NoopTracerProvider", `a tracer provider was registered before the import: ${before}`);
const scenario = await import("@langwatch/scenario");
check(typeof scenario.run === "function", "the package did not load");
const after = delegateName();
check(after === "NoopTracerProvider", `importing the package registered ${after}`);
await finish();

import type { LanguageModelV3, LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { type RetryDependencies, type RetryPolicy, withRetries } from "./middleware/retry.js";
import { countedStream } from "./middleware/usage.js";
import type { MeteredUse, UsageMeter } from "./usage-meter.js";

type GenerateResult = Awaited<ReturnType<LanguageModelV3["doGenerate"]>>;
type StreamResult = Awaited<ReturnType<LanguageModelV3["doStream"]>>;

/**
 * A run's own layers over a model, in one object: usage (outer) around retry
 * (inner), what `usageMiddleware` around `retryMiddleware` does, without a
 * wrapper object and closures per layer. Every run makes one per model and
 * role it resolves, so with 1 000 runs in flight this is most of what a run's
 * model access weighs. Live calls that return are counted into `meter` under
 * `use` (a stream when its `finish` part passes); failures are retried under
 * `policy` with the run's `retry` (jitter, clock, log) and end as
 * `ModelCallError` naming `use.modelKey`.
 *
 * @example
 * const model = new RunModel(shared, meter, { role: "Judge", modelKey }, { ...defaultRetryPolicy }, retries);
 */
export class RunModel implements LanguageModelV3 {
  readonly specificationVersion = "v3";

  constructor(
    private readonly inner: LanguageModelV3,
    private readonly meter: UsageMeter,
    private readonly use: MeteredUse,
    private readonly policy: RetryPolicy,
    private readonly retry: RetryDependencies,
  ) {}

  get provider(): string {
    return this.inner.provider;
  }

  get modelId(): string {
    return this.inner.modelId;
  }

  get supportedUrls(): LanguageModelV3["supportedUrls"] {
    return this.inner.supportedUrls;
  }

  async doGenerate(params: LanguageModelV3CallOptions): Promise<GenerateResult> {
    const { inner, use } = this;
    const result = await withRetries(() => inner.doGenerate(params), this.policy, this.retry, use.modelKey, params.abortSignal);
    this.meter.record(use, result.usage);
    return result;
  }

  async doStream(params: LanguageModelV3CallOptions): Promise<StreamResult> {
    const { inner, use } = this;
    const opened = await withRetries(() => inner.doStream(params), this.policy, this.retry, use.modelKey, params.abortSignal);
    return countedStream(opened, this.meter, use);
  }
}

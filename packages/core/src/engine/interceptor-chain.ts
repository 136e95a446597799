/**
 * Runs `interceptors` around `core`, outermost first: each receives the call
 * and a `next` that runs the rest of the chain with the input it passes on
 * (through `adapt`, when given, before the next interceptor or `core` sees it).
 */
export function runChain<Call, Input, Output>(
  interceptors: ReadonlyArray<(call: Call, next: (input: Input) => Promise<Output>) => Promise<Output>>,
  call: Call,
  input: Input,
  core: (input: Input) => Promise<Output>,
  adapt?: (passed: Input) => Input,
): Promise<Output> {
  const dispatch = (position: number, current: Input): Promise<Output> => {
    const interceptor = interceptors[position];
    if (!interceptor) return core(current);
    return interceptor(call, (next) => dispatch(position + 1, adapt ? adapt(next) : next));
  };
  return dispatch(0, input);
}

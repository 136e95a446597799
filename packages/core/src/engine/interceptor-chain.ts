/**
 * Runs `interceptors` around `core`, outermost first: each receives the call
 * and a `next` that runs the rest of the chain with the input it passes on
 * (through `adapt`, when given, before the next interceptor or `core` sees it).
 * `call.input` is always the current input: an interceptor after one that
 * rewrote the input sees the rewritten one (a copy of `call` with that
 * input; the original `call` when nothing changed it).
 */
export function runChain<Call extends { input: Input }, Input, Output>(
  interceptors: ReadonlyArray<(call: Call, next: (input: Input) => Promise<Output>) => Promise<Output>>,
  call: Call,
  input: Input,
  core: (input: Input) => Promise<Output>,
  adapt?: (passed: Input) => Input,
): Promise<Output> {
  const dispatch = (position: number, current: Input): Promise<Output> => {
    const interceptor = interceptors[position];
    if (!interceptor) return core(current);
    const currentCall = current === input ? call : { ...call, input: current };
    return interceptor(currentCall, (next) => dispatch(position + 1, adapt ? adapt(next) : next));
  };
  return dispatch(0, input);
}

/**
 * At most `concurrency` tasks at once, the rest queued in order (p-limit's contract; p-limit itself
 * is ESM-only and this package is CommonJS). A finishing task hands its slot straight to the next
 * queued one, so a new caller can never slip in between and exceed the bound.
 */
export function limiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

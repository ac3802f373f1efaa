/**
 * Works `items` with at most `limit` in flight, starting none once `stop()` says so (a run's
 * deadline); what was not started is left for later. Results of the started ones, in start order.
 */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>, stop: () => boolean = () => false): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results.filter(() => true); // the started ones (filter skips the holes)
}

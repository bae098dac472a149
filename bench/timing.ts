/** Runs `work` once and gives its result with the time it took, in seconds. */
export async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

/** The median time of several runs of `work`, in milliseconds. */
export async function medianMs(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(work))[1] * 1000);
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

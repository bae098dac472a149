import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * Sends GET requests for `seconds` from keep-alive clients, each with its own headers (one
 * per simulated user), each asking for `nextUrl()` in turn; counts answers and latency.
 */
export async function loadMany(options: {
  seconds: number;
  clients: Array<Record<string, string>>;
  nextUrl: () => string;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.clients.length });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const one = (headers: Record<string, string>) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const request = http.get(options.nextUrl(), { agent, headers }, (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode !== 200) errors++;
          latencies.push(performance.now() - started);
          resolve();
        });
      });
      request.on('error', () => {
        errors++;
        resolve();
      });
    });
  const client = async (headers: Record<string, string>) => {
    while (performance.now() < deadline) await one(headers);
  };
  const started = performance.now();
  await Promise.all(options.clients.map(client));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, errors, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

/** The same for one URL from `concurrency` clients sharing the same headers. */
export function load(
  url: string,
  options: { seconds: number; concurrency: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  return loadMany({
    seconds: options.seconds,
    clients: Array.from({ length: options.concurrency }, () => options.headers ?? {}),
    nextUrl: () => url,
  });
}

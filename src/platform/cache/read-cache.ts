/**
 * A cache of reads at a version of the data (see `db/data-version.ts`). A request that read
 * version v gets what was computed at v, or computes it; a newer version empties the cache, and
 * a request that saw an older one computes afresh without storing. Without a version (the
 * command line, work the application does itself) every read is fresh. What is cached is shared
 * by every request at that version: callers must not change it, so arrays are frozen.
 */
export interface ReadCache {
  read<T>(version: number | undefined, key: string, compute: () => Promise<T>): Promise<T>;
}

export function createReadCache(maxEntries = 200): ReadCache {
  let cachedVersion = -1;
  const entries = new Map<string, Promise<unknown>>();
  return {
    read<T>(version: number | undefined, key: string, compute: () => Promise<T>): Promise<T> {
      if (version === undefined || version < cachedVersion) return compute();
      if (version > cachedVersion) {
        entries.clear();
        cachedVersion = version;
      }
      const found = entries.get(key);
      if (found) return found as Promise<T>;
      const computed = compute().then((value) => (Array.isArray(value) ? Object.freeze(value) : value) as T);
      // A failed read is not kept: the next request tries again.
      computed.catch(() => entries.get(key) === computed && entries.delete(key));
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, computed);
      return computed;
    },
  };
}

import { describe, expect, it } from 'vitest';
import { createReadCache } from './read-cache.js';

describe('the read cache', () => {
  it('serves a read again at the same version, computes afresh at a newer one, and never stores an older one', async () => {
    const cache = createReadCache();
    let computed = 0;
    const compute = async () => ({ n: ++computed });
    expect(await cache.read(1, 'k', compute)).toEqual({ n: 1 });
    expect(await cache.read(1, 'k', compute)).toEqual({ n: 1 });
    expect(await cache.read(2, 'k', compute)).toEqual({ n: 2 });
    // A request that read version 1 before the write gets a fresh read, which is not kept.
    expect(await cache.read(1, 'k', compute)).toEqual({ n: 3 });
    expect(await cache.read(2, 'k', compute)).toEqual({ n: 2 });
    expect(await cache.read(undefined, 'k', compute)).toEqual({ n: 4 });
  });

  it('shares one computation between concurrent reads, forgets a failed one, and freezes arrays', async () => {
    const cache = createReadCache();
    let calls = 0;
    const slow = () => new Promise<number[]>((resolve) => setTimeout(() => resolve([++calls]), 5));
    const [a, b] = await Promise.all([cache.read(1, 'k', slow), cache.read(1, 'k', slow)]);
    expect(a).toBe(b);
    expect(calls).toBe(1);
    expect(Object.isFrozen(a)).toBe(true);
    await expect(cache.read(1, 'bad', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.read(1, 'bad', async () => 'back')).toBe('back');
  });

  it('keeps at most its number of entries', async () => {
    const cache = createReadCache(2);
    let calls = 0;
    const compute = async () => ++calls;
    await cache.read(1, 'a', compute);
    await cache.read(1, 'b', compute);
    await cache.read(1, 'c', compute);
    expect(await cache.read(1, 'a', compute)).toBe(4);
    expect(await cache.read(1, 'c', compute)).toBe(3);
  });
});

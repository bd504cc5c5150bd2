import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '@pi/application';

describe('keyed queue', () => {
  it('runs one task per key at a time and says how many wait behind it', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    let release!: () => void;
    const first = queue.run('a', () => new Promise<void>((resolve) => (release = () => (order.push('a1'), resolve()))));
    const second = queue.run('a', async () => void order.push('a2'));
    const other = queue.run('b', async () => void order.push('b1'));
    await other;
    expect(queue.waiting('a')).toBe(1);
    expect(queue.waiting('b')).toBe(0);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['b1', 'a1', 'a2']);
    expect(queue.waiting('a')).toBe(0);
  });
});

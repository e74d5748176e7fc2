import { describe, expect, it } from 'vitest';
import { AGING_MS, priorityOf, PriorityQueue } from './priority.js';

describe('PriorityQueue', () => {
  it('lets high work overtake a queue of normal work, first come first within a level', () => {
    const q = new PriorityQueue<string>(() => 0);
    for (const id of ['n1', 'n2', 'n3']) q.push(id, 'normal');
    q.push('low', 'low');
    q.push('h1', 'high');
    q.push('h2', 'high');
    expect([q.shift(), q.shift(), q.shift(), q.shift(), q.shift(), q.shift(), q.shift()]).toEqual(['h1', 'h2', 'n1', 'n2', 'n3', 'low', undefined]);
  });

  it('starves nothing: waiting long enough lifts low work above fresh high work', () => {
    let now = 0;
    const q = new PriorityQueue<string>(() => now);
    q.push('old-low', 'low');
    now = 2 * AGING_MS;
    q.push('new-high', 'high');
    expect(q.shift()).toBe('old-low');
    now += AGING_MS - 1;
    q.push('normal', 'normal');
    expect(q.shift()).toBe('new-high');
  });

  it('reads unknown priorities as normal', () => {
    expect(priorityOf('high')).toBe('high');
    expect(priorityOf(undefined)).toBe('normal');
    expect(priorityOf('urgent')).toBe('normal');
  });
});

import { describe, expect, it } from 'vitest';
import { createFragmentJoiner, type Fragment } from './join-fragments.js';

const NOW_MS = 1_700_000_000_000;
const bytes = (text: string): Uint8Array => Buffer.from(text);
const fragment = (messageId: string, sum: number, seq: number, text: string): Fragment => ({
  messageId,
  sum: String(sum),
  seq: String(seq),
  payload: bytes(text),
});
const textOf = (result: ReturnType<ReturnType<typeof createFragmentJoiner>['add']>) =>
  result.kind === 'complete' ? Buffer.from(result.payload).toString() : result.kind;

describe('createFragmentJoiner', () => {
  it('passes a single frame through, with or without sum and seq', () => {
    const joiner = createFragmentJoiner({}, () => NOW_MS);
    expect(textOf(joiner.add({ messageId: 'm', sum: undefined, seq: undefined, payload: bytes('{}') }))).toBe(
      '{}',
    );
    expect(textOf(joiner.add(fragment('m', 1, 0, 'x')))).toBe('x');
  });

  it('joins fragments in seq order whatever order they come in, and forgets them once joined', () => {
    const joiner = createFragmentJoiner({}, () => NOW_MS);
    expect(joiner.add(fragment('m', 3, 2, 'c')).kind).toBe('partial');
    expect(joiner.add(fragment('m', 3, 0, 'a')).kind).toBe('partial');
    // The same fragment twice counts once.
    expect(joiner.add(fragment('m', 3, 0, 'a')).kind).toBe('partial');
    expect(joiner.held()).toEqual({ messages: 1, bytes: 2 });
    expect(textOf(joiner.add(fragment('m', 3, 1, 'b')))).toBe('abc');
    expect(joiner.held()).toEqual({ messages: 0, bytes: 0 });
  });

  it('keeps messages apart by message_id', () => {
    const joiner = createFragmentJoiner({}, () => NOW_MS);
    joiner.add(fragment('one', 2, 0, '1a'));
    joiner.add(fragment('two', 2, 1, '2b'));
    expect(textOf(joiner.add(fragment('one', 2, 1, '1b')))).toBe('1a1b');
    expect(textOf(joiner.add(fragment('two', 2, 0, '2a')))).toBe('2a2b');
  });

  it.each([
    ['a seq past the sum', '2', '2'],
    ['a negative seq', '2', '-1'],
    ['a sum of 0', '0', '0'],
    ['a sum that is not a number', 'two', '0'],
    ['more fragments than allowed', '1000', '0'],
  ])('drops %s', (_name, sum, seq) => {
    const joiner = createFragmentJoiner({}, () => NOW_MS);
    expect(joiner.add({ messageId: 'm', sum, seq, payload: bytes('x') })).toEqual({
      kind: 'dropped',
      reason: 'bad-fragment',
    });
  });

  it('drops a message whose fragments disagree on the sum', () => {
    const joiner = createFragmentJoiner({}, () => NOW_MS);
    joiner.add(fragment('m', 3, 0, 'a'));
    expect(joiner.add(fragment('m', 2, 1, 'b'))).toEqual({ kind: 'dropped', reason: 'bad-fragment' });
    expect(joiner.held()).toEqual({ messages: 0, bytes: 0 });
  });

  it('holds at most maxMessages partial messages and maxBytes bytes', () => {
    const joiner = createFragmentJoiner({ maxMessages: 2, maxBytes: 10 }, () => NOW_MS);
    joiner.add(fragment('a', 2, 0, '12345'));
    joiner.add(fragment('b', 2, 0, '1234'));
    expect(joiner.add(fragment('c', 2, 0, 'x'))).toEqual({ kind: 'dropped', reason: 'too-many-messages' });
    expect(joiner.add(fragment('b', 2, 1, '12'))).toEqual({ kind: 'dropped', reason: 'too-many-bytes' });
    expect(joiner.held()).toEqual({ messages: 1, bytes: 5 });
    expect(textOf(joiner.add(fragment('a', 2, 1, '6')))).toBe('123456');
  });

  it('drops partial messages older than staleMs, telling whom', () => {
    let now = NOW_MS;
    const expired: string[] = [];
    const joiner = createFragmentJoiner(
      { staleMs: 5_000 },
      () => now,
      (id) => expired.push(id),
    );
    joiner.add(fragment('old', 2, 0, 'a'));
    now += 4_999;
    joiner.add(fragment('new', 2, 0, 'a'));
    expect(expired).toEqual([]);
    now += 1;
    expect(joiner.add(fragment('old', 2, 1, 'b')).kind).toBe('partial');
    expect(expired).toEqual(['old']);
    expect(joiner.held().messages).toBe(2);
  });
});

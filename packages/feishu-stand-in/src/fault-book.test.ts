import { describe, expect, it } from 'vitest';
import { FaultBook } from './fault-book.js';
import { InvalidFaultError } from './invalid-fault-error.js';

describe('FaultBook', () => {
  it('fires the first matching fault, counts its firings and retires it after `times`', () => {
    const book = new FaultBook();
    const first = book.add({ kind: 'http-error', status: 503, times: 2 });
    book.add({ kind: 'feishu-error', code: 230020, times: 1 });

    expect(book.take('messages', 'ou_a')).toMatchObject({ id: first.id, remaining: 1, fired: 1 });
    expect(book.take('messages', 'ou_a')).toMatchObject({ id: first.id, remaining: 0, fired: 2 });
    expect(book.take('messages', 'ou_a')).toMatchObject({ kind: 'feishu-error', code: 230020 });
    expect(book.take('messages', 'ou_a')).toBeUndefined();
    expect(book.list()).toEqual([]);
  });

  it('fires a receiver fault only for that receive_id, and forever when `times` is left out', () => {
    const book = new FaultBook();
    book.add({ kind: 'feishu-error', code: 230053, receive_id: 'ou_stopped' });

    expect(book.take('messages', 'ou_other')).toBeUndefined();
    for (let i = 0; i < 5; i += 1)
      expect(book.take('messages', 'ou_stopped')).toMatchObject({ remaining: null });
    expect(book.list()).toMatchObject([{ fired: 5 }]);
  });

  it('keeps token-endpoint faults away from sends and the other way round', () => {
    const book = new FaultBook();
    book.add({ kind: 'http-error', endpoint: 'token', times: 1 });

    expect(book.take('messages', 'ou_a')).toBeUndefined();
    expect(book.take('token', undefined)).toMatchObject({ kind: 'http-error', status: 500 });
  });

  it('fills in defaults: endpoint messages, status 500, http_status 400, reset_seconds 1, deliver false', () => {
    const book = new FaultBook();
    expect(book.add({ kind: 'http-error' })).toMatchObject({
      endpoint: 'messages',
      status: 500,
      deliver: false,
    });
    expect(book.add({ kind: 'feishu-error', code: 230020 })).toMatchObject({ http_status: 400 });
    expect(book.add({ kind: 'throttle' })).toMatchObject({ reset_seconds: 1 });
  });

  it.each([
    [{ kind: 'explode' }, 'kind'],
    [{ kind: 'http-error', status: 404 }, 'status'],
    [{ kind: 'http-error', receiveId: 'ou_a' }, 'receiveId'],
    [{ kind: 'feishu-error' }, 'code'],
    [{ kind: 'hang', times: 0 }, 'times'],
    [{ kind: 'hang', delay_ms: 100, deliver: true }, 'deliver'],
    [{ kind: 'throttle', endpoint: 'token', receive_id: 'ou_a' }, 'receive_id'],
  ])('refuses %j with an InvalidFaultError naming %s', (input, field) => {
    const book = new FaultBook();
    const error = (() => {
      try {
        book.add(input as never);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidFaultError);
    expect((error as InvalidFaultError).problems.join('\n')).toContain(field);
    expect(book.list()).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { FrameMethod, WsFrameError, ackFrame, decodeWsFrame, encodeWsFrame } from './ws-frame.js';

const utf8 = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

describe('the long-connection frame codec', () => {
  it('round-trips every field, 64-bit ids included, keeping header order', () => {
    const bytes = encodeWsFrame({
      seqId: '18446744073709551615',
      logId: '7301234567890123456',
      service: 33_554_678,
      method: FrameMethod.data,
      headers: [
        ['type', 'event'],
        ['message_id', 'm-1'],
        ['sum', '2'],
        ['seq', '1'],
      ],
      payload: new TextEncoder().encode('{"a":1}'),
      extra: { logIdNew: 'log-new' },
    });
    const frame = decodeWsFrame(bytes);
    expect(frame.seqId).toBe('18446744073709551615');
    expect(frame.logId).toBe('7301234567890123456');
    expect(frame.service).toBe(33_554_678);
    expect(frame.method).toBe(FrameMethod.data);
    expect([...frame.headers]).toEqual([
      ['type', 'event'],
      ['message_id', 'm-1'],
      ['sum', '2'],
      ['seq', '1'],
    ]);
    expect(utf8(frame.payload)).toBe('{"a":1}');
    expect(frame.extra).toEqual({ logIdNew: 'log-new' });
  });

  it('acknowledges with the same frame, biz_rt added and the code as payload', () => {
    const event = decodeWsFrame(
      encodeWsFrame({
        seqId: '5',
        logId: '6',
        service: 7,
        method: FrameMethod.data,
        headers: [['message_id', 'm-2']],
        payload: new TextEncoder().encode('{"big":"event"}'),
      }),
    );
    const ack = decodeWsFrame(ackFrame(event, 200, 12.4));
    expect(ack.seqId).toBe('5');
    expect(ack.logId).toBe('6');
    expect(ack.service).toBe(7);
    expect(ack.headers.get('message_id')).toBe('m-2');
    expect(ack.headers.get('biz_rt')).toBe('12');
    expect(JSON.parse(utf8(ack.payload))).toEqual({ code: 200 });
  });

  it('refuses bytes that are not a frame with a WsFrameError', () => {
    expect(() => decodeWsFrame(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(WsFrameError);
    // Well-formed protobuf, but the required fields are missing.
    expect(() => decodeWsFrame(new Uint8Array([]))).toThrow(WsFrameError);
  });
});

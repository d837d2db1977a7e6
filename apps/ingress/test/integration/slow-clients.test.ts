import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startIngress, type RunningIngress } from './start-ingress.js';

/** Short, so the tests stay fast; Node's own sweep (every 30 s by default) would dwarf it. */
const REQUEST_TIMEOUT_MS = 1_000;
/** Well under the 30 s a client was held before, and well over the limit plus one sweep. */
const CUT_OFF_WITHIN_MS = 10_000;

interface RawClient {
  write(text: string): void;
  /** Writes `text` every 200 ms until the server closes the connection. */
  trickle(text: string): void;
  /** What the server wrote, once it has closed the connection; rejects if it is still open in time. */
  closed(): Promise<string>;
}

async function rawClient(url: string): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect({ host: hostname, port: Number(port) });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const ended = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  return {
    write: (text) => void socket.write(text),
    trickle(text) {
      timer = setInterval(() => socket.writable && socket.write(text), 200);
    },
    async closed() {
      let deadline: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        deadline = setTimeout(
          () => reject(new Error(`still open after ${CUT_OFF_WITHIN_MS} ms`)),
          CUT_OFF_WITHIN_MS,
        );
      });
      try {
        return await Promise.race([ended, late]);
      } finally {
        clearTimeout(deadline);
        clearInterval(timer);
        socket.destroy();
      }
    },
  };
}

const HEAD = 'POST /webhook/event HTTP/1.1\r\nHost: ingress\r\nContent-Type: application/json\r\n';

describe('slow clients on the public port', () => {
  let ingress: RunningIngress;
  beforeAll(async () => {
    ingress = await startIngress({
      redisUrl: inject('redisUrl'),
      encrypted: false,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
  });
  afterAll(async () => {
    await ingress.close();
  });

  it('cuts off a client that never finishes its headers (slowloris)', async () => {
    const client = await rawClient(ingress.url);
    client.write(HEAD);
    client.trickle('X-Padding: 1\r\n');
    expect(await client.closed()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts off a client that connects and sends nothing', async () => {
    const client = await rawClient(ingress.url);
    expect(await client.closed()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts off a chunked body that never ends, and enqueues nothing', async () => {
    const client = await rawClient(ingress.url);
    client.write(`${HEAD}Transfer-Encoding: chunked\r\n\r\n`);
    client.trickle('1\r\n \r\n');
    expect(await client.closed()).toMatch(/^HTTP\/1\.1 408 /);
    expect(await ingress.jobCount()).toBe(0);
  });

  it('cuts off a body shorter than its Content-Length, and enqueues nothing', async () => {
    const client = await rawClient(ingress.url);
    client.write(`${HEAD}Content-Length: 1000\r\n\r\n{"uuid":`);
    expect(await client.closed()).toMatch(/^HTTP\/1\.1 408 /);
    expect(await ingress.jobCount()).toBe(0);
  });
});

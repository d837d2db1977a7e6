import { describe, expect, it } from 'vitest';
import type { Fetch } from './post-push.js';
import { runSendTestEvent } from './run-send-test-event.js';
import type { SendTestEventConfig } from './send-test-event-config.js';

const NOW_MS = 1_700_000_000_000;
const IDS = {
  eventId: 'e0000000000000000000000000000001',
  openId: 'ou_00000000000000000000000000000001',
  userId: '00000001',
  chatId: 'oc_00000000000000000000000000000001',
};
const CONFIG: SendTestEventConfig = {
  webhookUrl: 'http://ingress.test/webhook/event',
  verificationToken: 'tok',
  encryptKey: 'key',
  appId: 'cli_a1b2c3d4e5f60718',
  userName: 'Ada Lovelace',
  standInUrl: 'http://stand-in.test',
};
const WELCOME = {
  message_id: 'om_1',
  receive_id: IDS.chatId,
  chat_id: IDS.chatId,
  msg_type: 'text',
  content: { text: 'Hi Ada Lovelace, welcome!' },
};

/** A fake network: the ingress answers `ingress`; the stand-in holds `messages`. */
function network(ingress: Response | Error, messages: unknown[] = []): Fetch {
  return async (url) => {
    if (url.startsWith(CONFIG.webhookUrl)) {
      if (ingress instanceof Error) throw ingress;
      return ingress.clone();
    }
    if (url === `${CONFIG.standInUrl}/__stand-in/messages?receive_id=${IDS.chatId}`) {
      return Response.json({ messages });
    }
    throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
  };
}

async function run(fetch: Fetch, config: SendTestEventConfig = CONFIG) {
  const lines: string[] = [];
  const code = await runSendTestEvent(config, {
    fetch,
    now: () => NOW_MS,
    ids: IDS,
    print: (line) => lines.push(line),
    welcomeTimeoutMs: 300,
  });
  return { code, output: lines.join('\n') };
}

const accepted = () => Response.json({ msg: 'success' });

describe('runSendTestEvent', () => {
  it('prints the status, the event id and the welcome that arrived, and exits 0', async () => {
    const { code, output } = await run(network(accepted(), [WELCOME]));
    expect(code).toBe(0);
    expect(output).toContain(`HTTP 200 {"msg":"success"} for event ${IDS.eventId}`);
    expect(output).toContain('Hi Ada Lovelace, welcome!');
  });

  it('exits 0 once the ingress took the event when there is no stand-in to wait for', async () => {
    const { code } = await run(network(accepted()), { ...CONFIG, standInUrl: undefined });
    expect(code).toBe(0);
  });

  it('exits 1 with a hint about the credentials when the ingress refuses the event', async () => {
    const { code, output } = await run(network(new Response('{"error":"unauthorized"}', { status: 401 })));
    expect(code).toBe(1);
    expect(output).toMatch(/HTTP 401/);
    expect(output).toMatch(/hint: FEISHU_VERIFICATION_TOKEN/);
  });

  it('exits 1 with a hint when the ingress cannot be reached', async () => {
    const { code, output } = await run(
      network(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') })),
    );
    expect(code).toBe(1);
    expect(output).toMatch(/could not reach the ingress .*ECONNREFUSED/);
  });

  it('exits 1 pointing at the worker when no welcome arrives in time', async () => {
    const { code, output } = await run(network(accepted(), []));
    expect(code).toBe(1);
    expect(output).toMatch(/no welcome arrived/);
    expect(output).toMatch(/docker compose logs worker/);
  });

  it('tells an unreachable stand-in apart from a missing welcome', async () => {
    const { code, output } = await run(network(accepted()), { ...CONFIG, standInUrl: 'http://nowhere.test' });
    expect(code).toBe(1);
    expect(output).toMatch(/could not read messages from the stand-in/);
  });
});

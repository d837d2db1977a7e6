import { describe, expect, it } from 'vitest';
import type { JobProbe, JobReport } from './job-probe.js';
import type { Fetch } from './post-push.js';
import type { StandInAnswer } from './read-stand-in.js';
import { runSendTestEvent } from './run-send-test-event.js';
import type { SendTestEventConfig } from './send-test-event-config.js';
import type { TestFault } from './test-fault.js';

const NOW_MS = 1_700_000_000_000;
const IDS = {
  eventId: 'e0000000000000000000000000000001',
  openId: 'ou_00000000000000000000000000000001',
  userId: '00000001',
  chatId: 'oc_00000000000000000000000000000001',
};
const WEBHOOK_URL = 'http://ingress.test/webhook/event';
const CONFIG: SendTestEventConfig = {
  intake: { mode: 'webhook', webhookUrl: WEBHOOK_URL, verificationToken: 'tok', encryptKey: 'key' },
  appId: 'cli_a1b2c3d4e5f60718',
  userName: 'Ada Lovelace',
  standInUrl: 'http://stand-in.test',
  redisUrl: undefined,
  redisCluster: false,
  queuePrefix: 'bull',
};
const WELCOME = {
  message_id: 'om_1',
  receive_id: IDS.chatId,
  chat_id: IDS.chatId,
  msg_type: 'text',
  content: { text: 'Hi Ada Lovelace, welcome!' },
};

interface FakeStandIn {
  /** Messages delivered to the test chat. */
  readonly messages?: unknown[];
  /** Answers given to sends for the test chat. */
  readonly answers?: StandInAnswer[];
  /** Fault bodies posted to `/__stand-in/faults`; the stand-in refuses them when `refuseFaults` is set. */
  readonly faults?: unknown[];
  readonly refuseFaults?: boolean;
  /** Long connection: the events asked to be pushed, and how the ingress's first attempt ended. */
  readonly pushed?: unknown[];
  readonly firstAttempt?: { readonly outcome: string; readonly code?: number };
}

/** A fake network: the ingress answers `ingress`; the stand-in holds what `standIn` says. */
function network(ingress: Response | Error, standIn: FakeStandIn = {}): Fetch {
  const answer = (url: string, init: RequestInit | undefined): Response => {
    if (url === `${CONFIG.standInUrl}/__stand-in/ws/push` && init?.method === 'POST') {
      if (typeof init.body !== 'string') throw new TypeError('a push is posted as a JSON string');
      standIn.pushed?.push(JSON.parse(init.body));
      return Response.json({ delivery: delivery('pending') }, { status: 202 });
    }
    if (url === `${CONFIG.standInUrl}/__stand-in/ws/deliveries?event_id=${IDS.eventId}`) {
      const first = standIn.firstAttempt ?? { outcome: 'no-connection' };
      return Response.json({ deliveries: [delivery(first.outcome, first.code)] });
    }
    if (url.startsWith(WEBHOOK_URL)) {
      if (ingress instanceof Error) throw ingress;
      return ingress.clone();
    }
    if (url === `${CONFIG.standInUrl}/__stand-in/messages?receive_id=${IDS.chatId}`) {
      return Response.json({ messages: standIn.messages ?? [] });
    }
    if (url === `${CONFIG.standInUrl}/__stand-in/requests?receive_id=${IDS.chatId}`) {
      return Response.json({ requests: standIn.answers ?? [] });
    }
    if (url === `${CONFIG.standInUrl}/__stand-in/faults` && init?.method === 'POST') {
      if (standIn.refuseFaults)
        return Response.json({ error: 'invalid fault', problems: ['code: too big'] }, { status: 400 });
      if (typeof init.body !== 'string') throw new TypeError('a fault is posted as a JSON string');
      standIn.faults?.push(JSON.parse(init.body));
      return Response.json({ fault: { id: 'fault-7' } }, { status: 201 });
    }
    throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
  };
  // A throw in the executor rejects, as a failed fetch does.
  return (url, init) => new Promise((resolve) => resolve(answer(url, init)));
}

function delivery(outcome: string, code?: number) {
  return {
    messageId: 'msg-1',
    eventId: IDS.eventId,
    acked: outcome === 'acked',
    givenUp: false,
    attempts: [{ at: NOW_MS, connectionId: 'c1', outcome, ...(code === undefined ? {} : { code }) }],
  };
}

type FoundJob = Exclude<JobReport, { state: 'missing' }>;

/** A queue whose job for the test event is always read in `state`, with `more` said about it. */
function queueSaying(
  state: FoundJob['state'],
  more: Partial<Omit<FoundJob, 'state'>> = {},
): JobProbe & { readonly jobIds: string[] } {
  const report: JobReport = { state, attemptsMade: 0, failedReason: undefined, workers: undefined, ...more };
  const jobIds: string[] = [];
  return {
    jobIds,
    read: (jobId) => {
      jobIds.push(jobId);
      return Promise.resolve(report);
    },
    close: async () => {},
  };
}

const PERMANENT_REASON =
  'Feishu permanent failure: code 230053 "The user has stopped the bot" (HTTP 400, log id 20261124abc)';
const REFUSED: StandInAnswer = {
  log_id: '20261124abc',
  outcome: 'faulted',
  http_status: 400,
  code: 230053,
  msg: 'The user has stopped the bot',
};

async function run(
  fetch: Fetch,
  config: SendTestEventConfig = CONFIG,
  extra: { probe?: JobProbe; fault?: TestFault; timeoutMs?: number } = {},
) {
  const lines: string[] = [];
  const code = await runSendTestEvent(
    config,
    {
      fetch,
      now: () => NOW_MS,
      ids: IDS,
      print: (line) => lines.push(line),
      welcomeTimeoutMs: extra.timeoutMs ?? 300,
      ...(extra.probe === undefined ? {} : { probe: extra.probe }),
    },
    extra.fault,
  );
  return { code, output: lines.join('\n') };
}

const accepted = () => Response.json({ msg: 'success' });

describe('runSendTestEvent', () => {
  it('prints the status, the event id and the welcome that arrived, and exits 0', async () => {
    const { code, output } = await run(network(accepted(), { messages: [WELCOME] }));
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

  it('exits 1 pointing at the worker when no send for the chat reached the stand-in in time', async () => {
    const { code, output } = await run(network(accepted()));
    expect(code).toBe(1);
    expect(output).toMatch(/no welcome arrived/);
    expect(output).toMatch(/docker compose logs worker/);
  });

  it('tells an unreachable stand-in apart from a missing welcome', async () => {
    const { code, output } = await run(network(accepted()), { ...CONFIG, standInUrl: 'http://nowhere.test' });
    expect(code).toBe(1);
    expect(output).toMatch(/could not read messages from the stand-in/);
  });

  it('asks the stand-in for the fault on the test chat, once, before it pushes the event', async () => {
    const faults: unknown[] = [];
    const { output } = await run(network(accepted(), { faults, messages: [WELCOME] }), CONFIG, {
      fault: { kind: 'permanent' },
    });
    expect(faults).toEqual([
      { kind: 'feishu-error', endpoint: 'messages', receive_id: IDS.chatId, times: 1, code: 230053 },
    ]);
    expect(output.indexOf('fault fault-7')).toBeLessThan(output.indexOf('ingress answered'));
  });

  it('sends nothing when the stand-in refuses the fault, and says why', async () => {
    const { code, output } = await run(network(accepted(), { refuseFaults: true }), CONFIG, {
      fault: { kind: 'code', code: 230013 },
    });
    expect(code).toBe(1);
    expect(output).toMatch(/did not take the fault: HTTP 400: code: too big/);
    expect(output).not.toMatch(/ingress answered/);
  });

  it('refuses a fault without a stand-in to play it', async () => {
    const { code, output } = await run(
      network(accepted()),
      { ...CONFIG, standInUrl: undefined },
      {
        fault: { kind: 'throttle' },
      },
    );
    expect(code).toBe(1);
    expect(output).toMatch(/set STAND_IN_URL/);
    expect(output).not.toMatch(/ingress answered/);
  });

  it("reports a failed job at once with Feishu's answer, not after the wait and not as a missing worker", async () => {
    const probe = queueSaying('failed', {
      attemptsMade: 1,
      failedReason: PERMANENT_REASON,
      workers: undefined,
    });
    const { code, output } = await run(network(accepted(), { answers: [REFUSED] }), CONFIG, {
      probe,
      timeoutMs: 10_000,
    });
    expect(code).toBe(1);
    expect(probe.jobIds[0]).toBe(`ev-${IDS.eventId}`);
    expect(output).toContain(`failed after 1 attempt(s): ${PERMANENT_REASON}`);
    expect(output).toContain(
      'the stand-in answered a send: HTTP 400, code 230053 "The user has stopped the bot" (log id 20261124abc)',
    );
    expect(output).not.toMatch(/worker running|no worker/);
    // Not after the wait: the watch ended on the failed job, not on its deadline.
    expect(output).not.toMatch(/no welcome arrived/);
  });

  it('blames a missing worker when the job still waits and no worker is connected', async () => {
    const probe = queueSaying('waiting', { workers: 0 });
    const { code, output } = await run(network(accepted()), CONFIG, { probe });
    expect(code).toBe(1);
    expect(output).toMatch(/hint: no worker is connected to the queue/);
  });

  it('says the job waits to be retried, and why, rather than blaming the worker', async () => {
    const reason = 'Feishu transient failure: code 500 "Internal Server Error" (HTTP 500, log id x)';
    const probe = queueSaying('delayed', { attemptsMade: 1, failedReason: reason });
    const { output } = await run(network(accepted()), CONFIG, { probe });
    expect(output).toContain(
      `hint: the job waits to be retried after 1 failed attempt(s); the last: ${reason}`,
    );
    expect(output).not.toMatch(/worker running/);
  });

  it('without the queue, names the last answer the stand-in gave instead of blaming the worker', async () => {
    const { code, output } = await run(network(accepted(), { answers: [REFUSED] }));
    expect(code).toBe(1);
    expect(output).toMatch(
      /hint: the stand-in's last answer to a send for this chat was HTTP 400, code 230053/,
    );
    expect(output).not.toMatch(/worker running/);
  });

  it('watches the stand-in alone when the queue cannot be read', async () => {
    const probe: JobProbe = {
      read: () => Promise.reject(new Error('connect ECONNREFUSED')),
      close: async () => {},
    };
    const { code, output } = await run(network(accepted(), { messages: [WELCOME] }), CONFIG, { probe });
    expect(code).toBe(0);
    expect(output).toMatch(/could not read job ev-\w+ from the queue \(connect ECONNREFUSED\)/);
  });

  it('tells a job completed elsewhere apart from a missing welcome', async () => {
    const probe = queueSaying('completed');
    const { code, output } = await run(network(accepted()), CONFIG, { probe, timeoutMs: 10_000 });
    expect(code).toBe(1);
    expect(output).toMatch(/completed, but the stand-in has no welcome/);
  });

  describe('in websocket mode', () => {
    const WS_CONFIG: SendTestEventConfig = { ...CONFIG, intake: { mode: 'websocket' } };
    const noIngress = new TypeError('fetch failed', { cause: new Error('the webhook is not used') });

    it('has the stand-in push the event, with an empty token, and waits for the welcome', async () => {
      const pushed: unknown[] = [];
      const { code, output } = await run(
        network(noIngress, { pushed, firstAttempt: { outcome: 'acked' }, messages: [WELCOME] }),
        WS_CONFIG,
      );
      expect(code).toBe(0);
      expect(pushed).toHaveLength(1);
      expect(pushed[0]).toMatchObject({ event: { uuid: IDS.eventId, token: '', type: 'event_callback' } });
      expect(output).toContain(`acknowledged event ${IDS.eventId} over the long connection (code 200)`);
      expect(output).toContain('Hi Ada Lovelace, welcome!');
    });

    it('says no ingress is connected when the stand-in had nobody to push to', async () => {
      const { code, output } = await run(network(noIngress, { pushed: [] }), WS_CONFIG);
      expect(code).toBe(1);
      expect(output).toMatch(/no ingress is connected/);
      expect(output).toMatch(/FEISHU_EVENT_MODE=websocket/);
    });

    it('reports an acknowledgement that is not 200, with its code', async () => {
      const { code, output } = await run(
        network(noIngress, { pushed: [], firstAttempt: { outcome: 'refused', code: 500 } }),
        WS_CONFIG,
      );
      expect(code).toBe(1);
      expect(output).toMatch(/with code 500, not 200/);
      expect(output).not.toMatch(/waiting up to/);
    });

    it('needs a stand-in to push the event', async () => {
      const { code, output } = await run(network(noIngress), { ...WS_CONFIG, standInUrl: undefined });
      expect(code).toBe(1);
      expect(output).toMatch(/set STAND_IN_URL/);
    });
  });
});

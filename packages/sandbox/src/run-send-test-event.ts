import { randomBytes } from 'node:crypto';
import { encryptedPush, p2pChatCreate, plainPush } from '@feishu-welcome/dev-kit';
import { jobIdForEvent } from '@feishu-welcome/shared';
import { describeMessage } from './describe-message.js';
import type { P2pChatIds } from './fresh-ids.js';
import { hintForAnswer } from './hint-for-answer.js';
import { type Fetch, postPush } from './post-push.js';
import { SANDBOX_APP } from './sandbox-app.js';
import type { SendTestEventConfig, TestEventIntake } from './send-test-event-config.js';
import { pushOverLongConnection } from './push-over-long-connection.js';
import { type TestFault, describeTestFault, standInFaultFor } from './test-fault.js';
import { hintForTimeout } from './hint-for-timeout.js';
import type { JobProbe } from './job-probe.js';
import { describeAnswer } from './read-stand-in.js';
import { scriptFault } from './script-fault.js';
import { watchTestEvent } from './watch-test-event.js';

export interface SendTestEventDeps {
  readonly fetch: Fetch;
  readonly now: () => number;
  readonly ids: P2pChatIds;
  /** Writes one line for the person at the terminal. */
  readonly print: (line: string) => void;
  /** Reads the test event's job from the queue, when REDIS_URL is given. */
  readonly probe?: JobProbe;
  /** How long to wait for the welcome at the stand-in. @defaultValue 15 000 */
  readonly welcomeTimeoutMs?: number;
}

/**
 * Plays Feishu once: pushes a first-chat event for a new user to the ingress and, given a stand-in,
 * waits for the welcome the worker sends, after asking the stand-in for `fault` on that chat if
 * given. Resolves the process's exit code: 0 only when the ingress took the event and, if asked to
 * wait, the welcome arrived.
 */
export async function runSendTestEvent(
  config: SendTestEventConfig,
  deps: SendTestEventDeps,
  fault?: TestFault,
): Promise<number> {
  const { ids, print } = deps;
  if (fault !== undefined) {
    if (config.standInUrl === undefined) {
      print('a fault is played by the Feishu stand-in: set STAND_IN_URL to one');
      return 1;
    }
    const scripted = await scriptFault(deps.fetch, config.standInUrl, standInFaultFor(fault, ids.chatId));
    if (!scripted.ok) {
      print(`the stand-in at ${config.standInUrl} did not take the fault: ${scripted.problem}`);
      return 1;
    }
    print(`fault ${scripted.faultId} at the stand-in: ${describeTestFault(fault)}`);
  }
  // The user opened the chat, so they are its operator too.
  const envelope = p2pChatCreate(
    { name: config.userName, openId: ids.openId, userId: ids.userId },
    {
      uuid: ids.eventId,
      chatId: ids.chatId,
      appId: config.appId,
      tenantKey: SANDBOX_APP.tenantKey,
      // On the long connection Feishu sends an empty token: the connection itself is authenticated.
      token: config.intake.mode === 'webhook' ? config.intake.verificationToken : '',
      // Feishu writes when the event happened as seconds with a fraction.
      ts: (deps.now() / 1000).toFixed(7),
    },
  );
  const accepted =
    config.intake.mode === 'webhook'
      ? await deliverByWebhook(config.intake, envelope, config.userName, deps)
      : await deliverOverLongConnection(config.standInUrl, envelope, deps);
  if (!accepted) return 1;
  if (config.standInUrl === undefined) {
    print('event accepted; set STAND_IN_URL to wait for the welcome at a Feishu stand-in');
    return 0;
  }

  const timeoutMs = deps.welcomeTimeoutMs ?? 15_000;
  const jobId = jobIdForEvent(ids.eventId);
  print(`waiting up to ${Math.round(timeoutMs / 1000)} s for the welcome at ${config.standInUrl} …`);
  const watch = await watchTestEvent({
    fetch: deps.fetch,
    standInUrl: config.standInUrl,
    chatId: ids.chatId,
    jobId,
    probe: deps.probe,
    timeoutMs,
    onAnswer: (answer) => print(`the stand-in answered a send: ${describeAnswer(answer)}`),
    onProbeError: (message) =>
      print(`could not read job ${jobId} from the queue (${message}); watching the stand-in only`),
  });
  switch (watch.kind) {
    case 'arrived':
      print(
        `welcome delivered to ${watch.message.receive_id} (message ${watch.message.message_id}, ${watch.message.msg_type}):`,
      );
      for (const line of describeMessage(watch.message).split('\n')) print(`  ${line}`);
      return 0;
    case 'failed':
      print(
        `job ${jobId} failed after ${watch.attemptsMade} attempt(s): ${watch.reason ?? 'no reason given'}`,
      );
      print('it is kept in the dashboard, where Retry sends it again (a user already welcomed is skipped)');
      return 1;
    case 'completed-elsewhere':
      print(`job ${jobId} completed, but the stand-in has no welcome for ${ids.chatId}`);
      print('hint: the worker sends somewhere else: its FEISHU_DOMAIN must point at the stand-in');
      return 1;
    case 'timed-out':
      print(`no welcome arrived at the stand-in within ${Math.round(timeoutMs / 1000)} s`);
      print(`hint: ${hintForTimeout(watch.job, watch.answers)}`);
      return 1;
    case 'stand-in-unreachable':
      print(`could not read messages from the stand-in at ${config.standInUrl}: ${watch.error}`);
      print('hint: is it running? It starts with `docker compose --profile sandbox up` or `pnpm dev`');
      return 1;
    default: {
      const unexpected: never = watch;
      throw new Error(`unknown watch result ${JSON.stringify(unexpected)}`);
    }
  }
}

/** Pushes the event to the webhook as Feishu does; true when the ingress answered 200. */
async function deliverByWebhook(
  intake: Extract<TestEventIntake, { mode: 'webhook' }>,
  envelope: object,
  userName: string,
  { ids, print, ...deps }: SendTestEventDeps,
): Promise<boolean> {
  // Without an Encrypt Key Feishu sends plaintext and signs nothing.
  const push =
    intake.encryptKey === undefined
      ? plainPush(envelope)
      : encryptedPush(envelope, {
          encryptKey: intake.encryptKey,
          timestampS: Math.floor(deps.now() / 1000),
          nonce: randomBytes(8).toString('hex'),
        });
  const how = intake.encryptKey === undefined ? 'plaintext' : 'encrypted and signed';
  print(`sending p2p_chat_create for "${userName}" to ${intake.webhookUrl} (${how})`);
  print(`  event id ${ids.eventId}, chat ${ids.chatId}, user ${ids.openId}`);
  let answer;
  try {
    answer = await postPush(deps.fetch, intake.webhookUrl, push);
  } catch (error) {
    print(`could not reach the ingress at ${intake.webhookUrl}: ${messageOf(error)}`);
    print('hint: is it running? `docker compose ps` shows it; `pnpm dev` starts one on this machine');
    return false;
  }
  print(`ingress answered HTTP ${answer.status} ${answer.body.trim()} for event ${ids.eventId}`);
  if (answer.status === 200) return true;
  print(`hint: ${hintForAnswer(answer.status)}`);
  return false;
}

/**
 * Has the stand-in push the event down the ingress's long connection, as Feishu does in websocket
 * mode; true when the ingress acknowledged it with code 200.
 */
async function deliverOverLongConnection(
  standInUrl: string | undefined,
  envelope: object,
  { ids, print, fetch }: SendTestEventDeps,
): Promise<boolean> {
  if (standInUrl === undefined) {
    print('in websocket mode the event is pushed by the Feishu stand-in: set STAND_IN_URL to one');
    return false;
  }
  print(`asking the stand-in at ${standInUrl} to push p2p_chat_create down the long connection`);
  print(`  event id ${ids.eventId}, chat ${ids.chatId}, user ${ids.openId}`);
  let answer;
  try {
    answer = await pushOverLongConnection(fetch, standInUrl, { eventId: ids.eventId, body: envelope });
  } catch (error) {
    print(`could not reach the stand-in at ${standInUrl}: ${messageOf(error)}`);
    print('hint: is it running? It starts with `docker compose --profile sandbox up` or `pnpm dev`');
    return false;
  }
  switch (answer.kind) {
    case 'acked':
      print(`ingress acknowledged event ${ids.eventId} over the long connection (code 200)`);
      return true;
    case 'no-connection':
      print("no ingress is connected to the stand-in's long connection");
      print(
        'hint: start the ingress with FEISHU_EVENT_MODE=websocket and FEISHU_DOMAIN pointing at the stand-in',
      );
      return false;
    case 'refused':
      print(`ingress acknowledged event ${ids.eventId} with code ${answer.code ?? '(none)'}, not 200`);
      print(
        'hint: 500 means it could not store the event (is Redis up? see its /readyz); Feishu would push it again',
      );
      return false;
    case 'no-ack':
      print(`ingress did not acknowledge event ${ids.eventId} within Feishu's 3 s`);
      print("hint: see the ingress's log and /readyz; Feishu would push it again");
      return false;
    case 'stand-in-error':
      print(`the stand-in did not push the event: ${answer.problem}`);
      return false;
    default: {
      const unexpected: never = answer;
      throw new Error(`unknown answer ${JSON.stringify(unexpected)}`);
    }
  }
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch hides the interesting part (ECONNREFUSED, ENOTFOUND) in its cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

import { randomBytes } from 'node:crypto';
import { jobIdForEvent } from '@feishu-welcome/shared';
import { buildP2pChatCreate } from './build-p2p-chat-create.js';
import { describeMessage } from './describe-message.js';
import type { P2pChatIds } from './fresh-ids.js';
import { hintForAnswer } from './hint-for-answer.js';
import { type Fetch, postPush } from './post-push.js';
import { SANDBOX_APP } from './sandbox-app.js';
import { sealPush } from './seal-push.js';
import type { SendTestEventConfig } from './send-test-event-config.js';
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
  const envelope = buildP2pChatCreate({
    ids,
    userName: config.userName,
    appId: config.appId,
    tenantKey: SANDBOX_APP.tenantKey,
    verificationToken: config.verificationToken,
    nowMs: deps.now(),
  });
  const push = sealPush(envelope, {
    encryptKey: config.encryptKey,
    nowMs: deps.now(),
    nonce: randomBytes(8).toString('hex'),
  });
  const how = config.encryptKey === undefined ? 'plaintext' : 'encrypted and signed';
  print(`sending p2p_chat_create for "${config.userName}" to ${config.webhookUrl} (${how})`);
  print(`  event id ${ids.eventId}, chat ${ids.chatId}, user ${ids.openId}`);

  let answer;
  try {
    answer = await postPush(deps.fetch, config.webhookUrl, push);
  } catch (error) {
    print(`could not reach the ingress at ${config.webhookUrl}: ${messageOf(error)}`);
    print('hint: is it running? `docker compose ps` shows it; `pnpm dev` starts one on this machine');
    return 1;
  }
  print(`ingress answered HTTP ${answer.status} ${answer.body.trim()} for event ${ids.eventId}`);
  if (answer.status !== 200) {
    print(`hint: ${hintForAnswer(answer.status)}`);
    return 1;
  }
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

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch hides the interesting part (ECONNREFUSED, ENOTFOUND) in its cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

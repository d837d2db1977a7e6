import { randomBytes } from 'node:crypto';
import { buildP2pChatCreate } from './build-p2p-chat-create.js';
import { describeMessage } from './describe-message.js';
import type { P2pChatIds } from './fresh-ids.js';
import { hintForAnswer } from './hint-for-answer.js';
import { type Fetch, postPush } from './post-push.js';
import { SANDBOX_APP } from './sandbox-app.js';
import { sealPush } from './seal-push.js';
import type { SendTestEventConfig } from './send-test-event-config.js';
import { waitForWelcome } from './wait-for-welcome.js';

export interface SendTestEventDeps {
  readonly fetch: Fetch;
  readonly now: () => number;
  readonly ids: P2pChatIds;
  /** Writes one line for the person at the terminal. */
  readonly print: (line: string) => void;
  /** How long to wait for the welcome at the stand-in. @defaultValue 15 000 */
  readonly welcomeTimeoutMs?: number;
}

const WORKER_HINT =
  'is a worker running, with FEISHU_DOMAIN pointing at the stand-in? Look at `docker compose logs worker` (or the worker lines of `pnpm dev`)';

/**
 * Plays Feishu once: pushes a first-chat event for a new user to the ingress and, given a stand-in,
 * waits for the welcome the worker sends. Resolves the process's exit code: 0 only when the ingress
 * took the event and, if asked to wait, the welcome arrived.
 */
export async function runSendTestEvent(
  config: SendTestEventConfig,
  deps: SendTestEventDeps,
): Promise<number> {
  const { ids, print } = deps;
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
  print(`waiting up to ${Math.round(timeoutMs / 1000)} s for the welcome at ${config.standInUrl} …`);
  const wait = await waitForWelcome({
    fetch: deps.fetch,
    standInUrl: config.standInUrl,
    chatId: ids.chatId,
    timeoutMs,
  });
  switch (wait.kind) {
    case 'arrived':
      print(
        `welcome delivered to ${wait.message.receive_id} (message ${wait.message.message_id}, ${wait.message.msg_type}):`,
      );
      for (const line of describeMessage(wait.message).split('\n')) print(`  ${line}`);
      return 0;
    case 'not-arrived':
      print(`no welcome arrived at the stand-in within ${Math.round(timeoutMs / 1000)} s`);
      print(`hint: ${WORKER_HINT}`);
      return 1;
    case 'stand-in-unreachable':
      print(`could not read messages from the stand-in at ${config.standInUrl}: ${wait.error}`);
      print('hint: is it running? It starts with `docker compose --profile sandbox up` or `pnpm dev`');
      return 1;
    default: {
      const unexpected: never = wait;
      throw new Error(`unknown wait result ${JSON.stringify(unexpected)}`);
    }
  }
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch hides the interesting part (ECONNREFUSED, ENOTFOUND) in its cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

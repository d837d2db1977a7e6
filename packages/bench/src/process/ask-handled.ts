import type { ChildProcess } from 'node:child_process';
import { receiveMessage } from './receive-message.js';

/** How many events an SDK server's handler has seen, asked over IPC (`servers/feishu-sdk*.ts`). */
export async function askHandled(child: ChildProcess): Promise<number> {
  const answer = receiveMessage<{ handled: number }>(child, 'the SDK handler count', 5_000);
  child.send('handled?');
  return (await answer).handled;
}

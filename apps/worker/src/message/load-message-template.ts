import { readFileSync } from 'node:fs';
import { ConfigError } from '@feishu-welcome/shared';
import { BUILT_IN_MESSAGE, CONTENT_LIMIT_BYTES, MessageTemplate } from './message-template.js';
import { PLACEHOLDER_NAMES, placeholdersIn } from './render-message.js';

function fail(problem: string): never {
  throw new ConfigError([`ONBOARDING_MESSAGE: ${problem}`]);
}

/**
 * Reads and checks the message file named by `ONBOARDING_MESSAGE` (the built-in greeting when unset).
 * Every problem is a `ConfigError`, so a bad file stops the worker at start, not at the first send.
 */
export function loadMessageTemplate(path: string | undefined): MessageTemplate {
  if (path === undefined) return BUILT_IN_MESSAGE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    fail(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail('the file is not valid JSON');
  }
  const parsed = MessageTemplate.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
  }
  const template = parsed.data;
  const unknown = placeholdersIn(template.content).filter((name) => !PLACEHOLDER_NAMES.has(name));
  if (unknown.length > 0) {
    fail(
      `unknown placeholders ${unknown.map((n) => `{{${n}}}`).join(', ')}; known: ${[...PLACEHOLDER_NAMES].join(', ')}`,
    );
  }
  const size = Buffer.byteLength(JSON.stringify(template.content));
  if (size > CONTENT_LIMIT_BYTES[template.msg_type]) {
    fail(
      `content is ${size} bytes; Feishu takes at most ${CONTENT_LIMIT_BYTES[template.msg_type]} for ${template.msg_type}`,
    );
  }
  return template;
}

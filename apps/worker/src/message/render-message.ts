import type { MessageTemplate } from './message-template.js';

/** What a message may say about its recipient, as `{{name}}` placeholders. */
export interface MessageVariables {
  readonly 'user.name': string;
  readonly 'user.open_id': string;
  readonly 'user.user_id': string;
  readonly tenant_key: string;
  readonly chat_id: string;
  readonly app_id: string;
}

export const PLACEHOLDER_NAMES: ReadonlySet<string> = new Set<keyof MessageVariables>([
  'user.name',
  'user.open_id',
  'user.user_id',
  'tenant_key',
  'chat_id',
  'app_id',
]);

const PLACEHOLDER = /\{\{\s*([a-z_.]+)\s*\}\}/g;

/** Every placeholder name used in the strings of `value`. */
export function placeholdersIn(value: unknown): string[] {
  const found = new Set<string>();
  mapStrings(value, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) found.add(match[1] ?? '');
    return text;
  });
  return [...found];
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  }
  return value;
}

/**
 * Fills the placeholders and returns `content` as the JSON string Feishu expects. Substitution happens
 * inside parsed strings and the result is serialised once, so quotes, backslashes, emoji and CJK in a
 * user's name can never break the JSON.
 */
export function renderMessage(template: MessageTemplate, variables: MessageVariables): string {
  const filled = mapStrings(template.content, (text) =>
    text.replace(PLACEHOLDER, (whole, name: string) =>
      Object.hasOwn(variables, name) ? variables[name as keyof MessageVariables] : whole,
    ),
  );
  return JSON.stringify(filled);
}

import type { WsClientConfig } from '@feishu-welcome/shared';

/** What each field may be (seconds; ReconnectCount -1 is "no bound"); anything else is left out. */
const RANGES: Readonly<Record<keyof WsClientConfig, readonly [number, number]>> = {
  PingInterval: [1, 3_600],
  ReconnectCount: [-1, 1_000_000],
  ReconnectInterval: [0, 3_600],
  ReconnectNonce: [0, 3_600],
};

/** The fields of a client configuration Feishu sent (the endpoint's reply, a pong) that read as valid. */
export function pickClientConfig(value: unknown): Partial<WsClientConfig> {
  if (typeof value !== 'object' || value === null) return {};
  const picked: Partial<Record<keyof WsClientConfig, number>> = {};
  for (const key of Object.keys(RANGES) as (keyof WsClientConfig)[]) {
    const field = (value as Record<string, unknown>)[key];
    const [min, max] = RANGES[key];
    if (typeof field === 'number' && Number.isInteger(field) && field >= min && field <= max)
      picked[key] = field;
  }
  return picked;
}

/** What a pong's payload says: the valid fields, and the names of those that are present but not valid. */
export interface PongConfig {
  readonly config: Partial<WsClientConfig>;
  /** `(payload)` when the payload is no JSON object at all. */
  readonly unreadable: readonly string[];
}

/** A pong's payload: the client configuration that replaces the current one, as far as it reads. */
export function readClientConfig(payload: Uint8Array): PongConfig {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    return { config: {}, unreadable: ['(payload)'] };
  }
  if (typeof value !== 'object' || value === null) return { config: {}, unreadable: ['(payload)'] };
  const config = pickClientConfig(value);
  const unreadable = Object.keys(RANGES).filter((key) => key in value && !(key in config));
  return { config, unreadable };
}

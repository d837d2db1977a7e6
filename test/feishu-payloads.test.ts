import { readFileSync } from 'node:fs';
import {
  appTicket,
  botP2pChatEntered,
  makeUser,
  p2pChatCreate,
  urlVerification,
} from '@feishu-welcome/dev-kit';
import {
  AppTicketEnvelope,
  BotP2pChatEnteredEnvelope,
  P2pChatCreateEnvelope,
  recogniseBody,
} from '@feishu-welcome/shared';
import { describe, expect, it } from 'vitest';

/** A payload of `test/fixtures/`, as Feishu's documentation shows it. */
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));

/** The keys and value types of a JSON value, down to its leaves. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, shapeOf(item)]),
    );
  }
  return value === null ? 'null' : typeof value;
}

describe("Feishu's documented payloads", () => {
  it('p2p_chat_create is a v1 event the ingress enqueues and the worker accepts', () => {
    const payload = fixture('p2p_chat_create');
    expect(recogniseBody(payload)).toMatchObject({
      kind: 'event',
      version: 1,
      eventId: 'bc447199585340d1f3728d26b1c0297a',
      eventType: 'p2p_chat_create',
      appId: 'cli_9c8609450f78d102',
    });
    expect(P2pChatCreateEnvelope.safeParse(payload).success).toBe(true);
  });

  it('bot_p2p_chat_entered is a v2 event the ingress enqueues and the worker accepts', () => {
    const payload = fixture('bot_p2p_chat_entered');
    expect(recogniseBody(payload)).toMatchObject({
      kind: 'event',
      version: 2,
      eventId: '5e3702a84e847582be8db7fb73283c02',
      eventType: 'im.chat.access_event.bot_p2p_chat_entered_v1',
      appId: 'cli_9f5343c580712544',
    });
    expect(BotP2pChatEnteredEnvelope.safeParse(payload).success).toBe(true);
  });

  it('app_ticket is a v1 event the worker accepts', () => {
    const payload = fixture('app_ticket');
    expect(recogniseBody(payload)).toMatchObject({ kind: 'event', version: 1, eventType: 'app_ticket' });
    expect(AppTicketEnvelope.safeParse(payload).success).toBe(true);
  });

  it('url_verification is a challenge', () => {
    expect(recogniseBody(fixture('url_verification'))).toEqual({
      kind: 'challenge',
      body: { type: 'url_verification', challenge: 'ajls384kdjx98XX', token: 'xxxxxx' },
    });
  });
});

describe("dev-kit's builders", () => {
  it.each([
    ['p2p_chat_create', () => p2pChatCreate(makeUser())],
    ['bot_p2p_chat_entered', () => botP2pChatEntered(makeUser())],
    ['app_ticket', () => appTicket()],
    ['url_verification', () => urlVerification()],
  ])('make %s in the documented shape', (name, build) => {
    expect(shapeOf(build())).toEqual(shapeOf(fixture(name)));
  });
});

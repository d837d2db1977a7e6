import { z } from 'zod';

/**
 * A scripted fault: what the stand-in does instead of (or besides) answering normally. The same JSON
 * is taken by `addFault()` and by `POST /__stand-in/faults`; unknown keys are refused so that a typo
 * (`receiveId`) fails loudly instead of faulting every receiver.
 */
const Target = {
  /** The endpoint it applies to; `ws-endpoint` is the long connection's `POST /callback/ws/endpoint`. */
  endpoint: z.enum(['messages', 'token', 'ws-endpoint']).default('messages'),
  /** Only requests to this receive_id (messages endpoint only). */
  receive_id: z.string().min(1).optional(),
  /** How many matching requests it fires on; when omitted, every one until the faults are cleared. */
  times: z.number().int().positive().optional(),
};

/**
 * `deliver`: the request is carried out before the fault answers, as when Feishu sent the message but
 * the answer was lost. A client that resends with the same uuid must then see the first answer.
 */
const Deliver = z.boolean().default(false);

export const Fault = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('http-error'),
      ...Target,
      status: z.number().int().min(500).max(599).default(500),
      deliver: Deliver,
    }),
    z.strictObject({
      kind: z.literal('hang'),
      ...Target,
      /** Answer normally after this many ms; when omitted, never answer. */
      delay_ms: z.number().int().positive().max(600_000).optional(),
      deliver: Deliver,
    }),
    z.strictObject({
      kind: z.literal('feishu-error'),
      ...Target,
      code: z.number().int().positive(),
      /** Defaults to Feishu's text for well-known codes. */
      msg: z.string().min(1).optional(),
      /** Defaults to 400, or 200 on `ws-endpoint`, whose refusals Feishu sends with HTTP 200. */
      http_status: z.number().int().min(200).max(599).optional(),
    }),
    z.strictObject({
      kind: z.literal('throttle'),
      ...Target,
      reset_seconds: z.number().int().positive().max(3_600).default(1),
      /** The `x-ogw-ratelimit-limit` header; defaults to the per-second limit. */
      limit: z.number().int().positive().optional(),
    }),
  ])
  .superRefine((fault, ctx) => {
    if (fault.endpoint !== 'messages' && fault.receive_id !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['receive_id'],
        message: 'applies to the messages endpoint only',
      });
    }
    if (fault.kind === 'hang' && fault.delay_ms !== undefined && fault.deliver) {
      ctx.addIssue({
        code: 'custom',
        path: ['deliver'],
        message: 'a delayed answer is the normal one and always delivers; use deliver without delay_ms',
      });
    }
  })
  .transform((fault) =>
    fault.kind === 'feishu-error'
      ? { ...fault, http_status: fault.http_status ?? (fault.endpoint === 'ws-endpoint' ? 200 : 400) }
      : fault,
  );
export type Fault = z.output<typeof Fault>;
/** What a caller writes: defaults may be left out. */
export type FaultInput = z.input<typeof Fault>;

/** A fault in the book: its id, how many firings it has left (`null`: until cleared), and so far. */
export type ActiveFault = Fault & {
  readonly id: string;
  readonly remaining: number | null;
  readonly fired: number;
};

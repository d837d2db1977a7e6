import { randomUUID } from 'node:crypto';

/** 32 hex digits, the shape of Feishu's event ids (v1 `uuid`, v2 `header.event_id`). */
export const freshEventId = (): string => randomUUID().replaceAll('-', '');

import { describe, expect, it } from 'vitest';
import { classifyReply } from './classify-reply.js';

describe('classifyReply', () => {
  it.each([
    [429, 99991400, 'throttled'],
    [400, 99991400, 'throttled'],
    [429, undefined, 'throttled'],
    [429, 230020, 'throttled'],
    [200, 99991400, 'throttled'],
    [400, 99991661, 'token'],
    [400, 99991663, 'token'],
    [200, 99991663, 'token'],
    [400, 99991664, 'token'],
    [400, 99991665, 'token'],
    [400, 230020, 'transient'],
    [400, 230049, 'transient'],
    [200, 230020, 'transient'],
    [500, undefined, 'transient'],
    [499, undefined, 'permanent'],
    [200, undefined, 'permanent'],
    [503, 1, 'transient'],
    [400, 230053, 'permanent'],
    [400, 230013, 'permanent'],
    [400, 230001, 'permanent'],
    [400, 99991672, 'permanent'],
    [200, 230099, 'permanent'],
  ] as const)('treats HTTP %i with code %s as %s', (status, code, kind) => {
    expect(classifyReply(status, code)).toBe(kind);
  });
});

import type { Fetch } from './post-push.js';

export type ScriptFaultResult =
  { readonly ok: true; readonly faultId: string } | { readonly ok: false; readonly problem: string };

/** Adds a fault at the stand-in (`POST /__stand-in/faults`); a refusal names what the stand-in disliked. */
export async function scriptFault(
  fetchFn: Fetch,
  standInUrl: string,
  fault: Record<string, unknown>,
): Promise<ScriptFaultResult> {
  let response;
  try {
    response = await fetchFn(`${standInUrl}/__stand-in/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
      signal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
  const body = (await response.json().catch(() => ({}))) as { fault?: { id?: unknown }; problems?: unknown };
  if (response.status === 201 && typeof body.fault?.id === 'string')
    return { ok: true, faultId: body.fault.id };
  const problems = Array.isArray(body.problems) ? `: ${body.problems.join('; ')}` : '';
  return { ok: false, problem: `HTTP ${response.status}${problems}` };
}

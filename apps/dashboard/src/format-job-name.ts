import { z } from 'zod';

/** The parts of a job, as bull-board hands it to a `name` formatter (BullMQ's `job.toJSON()`), read here. */
export interface BoardJob {
  readonly name: string;
  readonly data: unknown;
  readonly progress: unknown;
  /** Set once the job is completed or failed for good; a job that waits has none. */
  readonly finishedOn?: number | null | undefined;
}

/**
 * Only ids are shown, and only ids shaped like Feishu's (`cli_…`, hex tenant keys): whatever else a
 * field of the job holds never reaches the page through the name.
 */
const Id = z
  .string()
  .regex(/^[\w.-]{1,64}$/)
  .optional()
  .catch(undefined);

/** The app and tenant of a v1 envelope (`event.app_id`, `event.tenant_key`) or a v2 one (`header.…`). */
const Owner = z.object({ app_id: Id, tenant_key: Id }).optional().catch(undefined);
const EventJobOwner = z.object({ envelope: z.object({ header: Owner, event: Owner }) });

/**
 * What the worker records in a job's progress while the job waits in the delayed set:
 * `job.updateProgress({ waiting, until })`, set back to 0 once the job goes on. `until` is ISO 8601;
 * Unix milliseconds are read as well.
 */
const JobWait = z.object({
  waiting: z.enum(['ticket', 'tenant-limit', 'throttled']),
  until: z.union([z.string(), z.number()]).optional(),
});

const WAIT_LABELS: Record<z.infer<typeof JobWait>['waiting'], string> = {
  ticket: 'waiting for the app_ticket',
  'tenant-limit': 'waiting: tenant at its limit',
  throttled: 'waiting: throttled by Feishu',
};

/** `12:00:03Z`: waits last seconds to minutes, and the board shows the job's dates beside it. */
function timeOfDay(until: string | number): string | undefined {
  const date = new Date(until);
  return Number.isNaN(date.getTime()) ? undefined : `${date.toISOString().slice(11, 19)}Z`;
}

function waitOf(job: BoardJob): string | undefined {
  // A finished job is not waiting, whatever its progress last said.
  if (job.finishedOn) return undefined;
  const wait = JobWait.safeParse(job.progress);
  if (!wait.success) return undefined;
  const until = wait.data.until === undefined ? undefined : timeOfDay(wait.data.until);
  return until === undefined
    ? WAIT_LABELS[wait.data.waiting]
    : `${WAIT_LABELS[wait.data.waiting]} until ${until}`;
}

/**
 * The job's title on the board: its event type, the tenant and app it belongs to, and why it waits,
 * e.g. `p2p_chat_create · tenant 736588c9260f175c · app cli_a1b2c3d4e5f60718 · waiting: tenant at its
 * limit until 12:00:03Z`. A failed job shows its tenant here, above its reason. Parts the job does not
 * carry are left out (an `app_ticket` has no tenant); it never throws, since bull-board calls it for
 * every job of every page it serves. Pure.
 */
export function formatJobName(job: BoardJob): string {
  const owner = EventJobOwner.safeParse(job.data);
  const { header, event } = owner.success ? owner.data.envelope : {};
  const tenant = header?.tenant_key ?? event?.tenant_key;
  const app = header?.app_id ?? event?.app_id;
  const parts = [
    job.name,
    tenant === undefined ? undefined : `tenant ${tenant}`,
    app === undefined ? undefined : `app ${app}`,
    waitOf(job),
  ];
  return parts.filter((part): part is string => part !== undefined && part !== '').join(' · ');
}

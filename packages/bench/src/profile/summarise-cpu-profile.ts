import { readFile } from 'node:fs/promises';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that are read here. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

type CallFrame = CpuProfile['nodes'][number]['callFrame'];

export interface TimeRow {
  /** A function (`name file:line`) or an area (a package, node internals, our code, GC). */
  readonly name: string;
  readonly ms: number;
  /** Share of the sampled time the process was not idle. */
  readonly share: number;
}

export interface CpuProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  /** Self time per area, every area. */
  readonly areas: readonly TimeRow[];
  /** Self time per function, the top ones. */
  readonly functions: readonly TimeRow[];
  /** Inclusive time (itself and what it calls synchronously) of our own functions, the top ones. */
  readonly ours: readonly TimeRow[];
}

/** `…/node_modules/.pnpm/x@1/node_modules/@scope/pkg/lib/a.js` → `@scope/pkg/lib/a.js`; repo paths kept. */
function shortenUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) return path.slice(inModules + '/node_modules/'.length);
  const inRepo = /\/(apps|packages)\/[^/]+\/.*$/.exec(path);
  return inRepo ? inRepo[0].slice(1) : path;
}

/** What a frame's time is charged to: a package, node's internals, one of ours, or V8's own. */
function areaOf({ functionName, url }: CallFrame): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native / V8 builtins)';
  if (url.startsWith('node:')) return 'node: internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second ?? ''}` : (first ?? url);
  }
  const ours = /\/(apps|packages)\/([^/]+)\//.exec(url);
  return ours ? `our ${ours[1]}/${ours[2]}` : shortenUrl(url);
}

function isOurs({ url }: CallFrame): boolean {
  return !url.includes('/node_modules/') && /\/(apps|packages)\/[^/]+\/dist\//.test(url);
}

function nameOf(frame: CallFrame): string {
  const where = frame.url === '' ? '' : ` ${shortenUrl(frame.url)}:${frame.lineNumber + 1}`;
  return `${frame.functionName || '(anonymous)'}${where}`;
}

function rowsOf(totals: Map<string, number>, busyMs: number, top: number): TimeRow[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms, share: ms / busyMs }));
}

function add(totals: Map<string, number>, key: string, ms: number): void {
  totals.set(key, (totals.get(key) ?? 0) + ms);
}

/**
 * Self time per function and per area, and inclusive time of our own functions. A sample's time is
 * the gap to the next sample; `(idle)` is left out of the shares, so they are shares of busy time.
 */
export async function summariseCpuProfile(path: string, top = 15): Promise<CpuProfileSummary> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  // Our functions on each node's stack, each once even if recursive; memoised per node.
  const oursOnStack = new Map<number, readonly string[]>();
  const stackOf = (id: number): readonly string[] => {
    const known = oursOnStack.get(id);
    if (known) return known;
    const parent = parentOf.get(id);
    const below = parent === undefined ? [] : stackOf(parent);
    const frame = byId.get(id)?.callFrame;
    const name = frame && isOurs(frame) ? nameOf(frame) : undefined;
    const stack = name === undefined || below.includes(name) ? below : [...below, name];
    oursOnStack.set(id, stack);
    return stack;
  };

  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  const ours = new Map<string, number>();
  let idleMs = 0;
  let busyMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] ?? -1;
    const frame = byId.get(id)?.callFrame;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    add(functions, nameOf(frame), ms);
    add(areas, areaOf(frame), ms);
    for (const name of stackOf(id)) add(ours, name, ms);
  }
  return {
    busyMs,
    idleMs,
    areas: rowsOf(areas, busyMs, Number.POSITIVE_INFINITY),
    functions: rowsOf(functions, busyMs, top),
    ours: rowsOf(ours, busyMs, top),
  };
}

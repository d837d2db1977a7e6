/** Every section, in the order they run. */
export const SECTIONS = [
  'ingress',
  'profile',
  'drain',
  'ceiling',
  'probe',
  'websocket',
  'tenants',
  'redis',
  'replicas',
] as const;
export type Section = (typeof SECTIONS)[number];

/** What `pnpm bench` runs without `--only`: all but the start-up probe (2–3 min more). */
export const DEFAULT_SECTIONS: readonly Section[] = [
  'ingress',
  'profile',
  'drain',
  'ceiling',
  'websocket',
  'tenants',
  'redis',
  'replicas',
];

export interface CliOptions {
  /** The full-size drain: 10,000 events at Feishu's own 50/s and 1000/min (about 10 min per run). */
  readonly full: boolean;
  readonly sections: ReadonlySet<Section>;
  /** Also write every figure as JSON here. */
  readonly jsonPath: string | undefined;
}

function isSection(value: string): value is Section {
  return (SECTIONS as readonly string[]).includes(value);
}

const USAGE = `use --full, --only=<${SECTIONS.join('|')}>[,…], --json=<path>`;

/** `--full`, `--only=ingress,drain` (any of the sections), `--json=<path>`. */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  let full = false;
  let sections: Set<Section> = new Set(DEFAULT_SECTIONS);
  let jsonPath: string | undefined;
  for (const arg of argv) {
    if (arg === '--') continue;
    if (arg === '--full') full = true;
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',').filter(Boolean);
      const unknown = names.filter((name) => !isSection(name));
      if (unknown.length > 0) throw new Error(`--only: unknown section(s) ${unknown.join(', ')}; ${USAGE}`);
      sections = new Set(names.filter(isSection));
    } else if (arg.startsWith('--json=')) jsonPath = arg.slice('--json='.length);
    else throw new Error(`unknown argument ${arg}; ${USAGE}`);
  }
  return { full, sections, jsonPath };
}

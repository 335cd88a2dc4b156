import type { components } from '@omnistock/contracts';
import { type Command, UsageError } from '../command';
import { client, CONNECTION_OPTIONS, connectionFrom, connectionUsage, expectData } from '../internal/api';
import { positionalsExactly, requiredFlag, timestampFlag } from '../internal/flags';

type Result = components['schemas']['AvailabilityResult'];
type NetworkResult = components['schemas']['NetworkAvailabilityResult'];

/** `omnistock atp`: asks the running service for ATP at a location or over a group. */
export const atpCommand: Command = {
  name: 'atp',
  summary: 'Ask the running service for ATP of a sku at a location or over a group',
  usage: [
    'omnistock atp --sku <sku> (--location <id> | --group <id>) --channel <id> [options]',
    '',
    'Asks the running service (GET /v1/availability, or /v1/availability/network for a group) and prints',
    'the ATP, its status and, with --explain, the explanation. API problems print as `CODE: detail` (exit 1).',
    '',
    'Options:',
    '  --sku <sku>         the sku (required)',
    '  --location <id>     one location',
    '  --group <id>        a location group (network ATP: the sum of per-location ATP)',
    '  --channel <id>      the channel asking; its policy applies (required)',
    '  --explain           print the ordered terms that produced the figure',
    '  --at <time>         an RFC 3339 time to ask about (supply due by then counts); default now',
    '  --mode <mode>       only locations eligible for ship or pickup',
    "  --json              print the service's JSON answer",
    connectionUsage(22),
  ].join('\n'),
  options: {
    sku: { type: 'string' },
    location: { type: 'string' },
    group: { type: 'string' },
    channel: { type: 'string' },
    explain: { type: 'boolean' },
    at: { type: 'string' },
    mode: { type: 'string' },
    json: { type: 'boolean' },
    ...CONNECTION_OPTIONS,
  },
  async run({ values, positionals }, io) {
    positionalsExactly(positionals, 0, 'no arguments');
    const sku = requiredFlag(values, 'sku');
    const channel = requiredFlag(values, 'channel');
    const location = values.location as string | undefined;
    const group = values.group as string | undefined;
    if ((location === undefined) === (group === undefined)) {
      throw new UsageError('give exactly one of --location and --group');
    }
    const at = values.at === undefined ? undefined : timestampFlag(values.at, 'at');
    const mode = values.mode as string | undefined;
    if (mode !== undefined && mode !== 'ship' && mode !== 'pickup') {
      throw new UsageError(`--mode: "${mode}" is neither ship nor pickup`);
    }
    const explain = values.explain === true;
    const api = client(connectionFrom(values, io.env ?? {}));
    const common = {
      sku,
      channel,
      ...(at !== undefined ? { at } : {}),
      ...(mode !== undefined ? { mode: mode as 'ship' | 'pickup' } : {}),
      ...(explain ? { explain: true } : {}),
    };
    if (location !== undefined) {
      const r = expectData(await api.GET('/v1/availability', { params: { query: { ...common, location } } }));
      if (values.json) io.out(JSON.stringify(r, null, 2));
      else printOne(r, io.out, explain);
      return 0;
    }
    const r = expectData(
      await api.GET('/v1/availability/network', { params: { query: { ...common, group: group as string } } }),
    );
    if (values.json) io.out(JSON.stringify(r, null, 2));
    else printNetwork(r, io.out, explain);
    return 0;
  },
};

function flags(r: {
  stale: boolean;
  oversold: boolean;
  deficit: string;
  fallback?: string | null;
  backorder?: Result['backorder'];
  eligible?: boolean;
}): string {
  const f: string[] = [];
  if (r.stale) f.push(`stale${r.fallback ? `, fallback ${r.fallback}` : ''}`);
  if (r.oversold) f.push(`oversold by ${r.deficit}`);
  if (r.eligible === false) f.push('ineligible');
  if (r.backorder) f.push(`${r.backorder.mode} up to ${r.backorder.limit}`);
  return f.length > 0 ? `  [${f.join('; ')}]` : '';
}

function printOne(r: Result, out: (l: string) => void, explain: boolean): void {
  out(`ATP ${r.atp}  ${r.status}${flags(r)}`);
  out(`  ${r.sku} @ ${r.location} for ${r.channel}, at ${r.at}; position as of ${r.asOf ?? 'never'}`);
  if (r.promisable !== r.atp) out(`  promisable ${r.promisable}`);
  if (explain && r.explanation) out(`  ${r.explanation.text}`);
}

function printNetwork(r: NetworkResult, out: (l: string) => void, explain: boolean): void {
  out(`ATP ${r.atp}  ${r.status}${flags(r)}`);
  out(`  ${r.sku} over ${r.group} for ${r.channel}, at ${r.at}`);
  const width = Math.max(0, ...r.locations.map((l) => l.location.length));
  for (const l of r.locations) {
    out(`  ${l.location.padEnd(width)}  ${l.atp.padStart(6)}  ${l.status}${flags(l)}`);
    if (explain && l.explanation) out(`  ${' '.repeat(width)}  ${l.explanation.text}`);
  }
  for (const x of r.excluded) out(`  ${x.location.padEnd(width)}  excluded (${x.reason})`);
  if (explain && r.explanation) out(`  network: ${r.explanation.text}`);
}

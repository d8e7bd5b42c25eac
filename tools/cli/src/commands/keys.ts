import { apiKeyNameSchema, apiScopeListSchema } from '@tsf/contracts';
import { loadConfig } from '@tsf/config';
import { type ApiKey, ApiKeyStore, createPrismaClient } from '@tsf/db';

export const keysUsage = [
  'tsf keys create --name NAME --scopes read,write,admin   create an API key; prints the key once (only its hash is stored)',
  '  tsf keys list                                           list API keys (never the keys themselves)',
  '  tsf keys revoke ID                                      revoke a key; every API process refuses it at once',
].join('\n');

const EXIT_USAGE = 2;

class KeysUsageError extends Error {}

/** `tsf keys …`: API keys in $DATABASE_URL. Bad usage ends with one line on stderr and exit code 2. */
export async function keys(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const run = action === 'create' ? create : action === 'list' ? list : action === 'revoke' ? revoke : undefined;
  try {
    if (!run) throw new KeysUsageError(`expected create, list or revoke${action ? `, got ${action}` : ''}`);
    const prisma = createPrismaClient(loadConfig(['database']).DATABASE_URL);
    try {
      return await run(new ApiKeyStore(prisma), rest);
    } finally {
      await prisma.$disconnect();
    }
  } catch (error) {
    if (!(error instanceof KeysUsageError)) throw error;
    process.stderr.write(`tsf keys: ${error.message}\nusage:\n  ${keysUsage}\n`);
    return EXIT_USAGE;
  }
}

async function create(store: ApiKeyStore, args: string[]): Promise<number> {
  const options = parseOptions(args, ['name', 'scopes']);
  const name = apiKeyNameSchema.safeParse(options.name ?? '');
  if (!name.success) throw new KeysUsageError('--name: give the key a name (1 to 100 characters)');
  const scopes = apiScopeListSchema.safeParse(options.scopes ?? '');
  if (!scopes.success) throw new KeysUsageError(`--scopes: ${scopes.error.issues[0].message} (read, write, admin, comma-separated)`);
  const { key, record } = await store.create(name.data, scopes.data);
  process.stderr.write(`created API key ${record.id} "${record.name}" with scopes ${record.scopes.join(',')}; the key is shown only now:\n`);
  process.stdout.write(`${key}\n`);
  return 0;
}

async function list(store: ApiKeyStore, args: string[]): Promise<number> {
  if (args.length > 0) throw new KeysUsageError(`list takes no arguments, got ${args.join(' ')}`);
  process.stdout.write(formatKeys(await store.list()));
  return 0;
}

async function revoke(store: ApiKeyStore, args: string[]): Promise<number> {
  if (args.length !== 1) throw new KeysUsageError('revoke takes one key id (see tsf keys list)');
  const [id] = args;
  const outcome = await store.revoke(id);
  process.stderr.write(outcome === 'revoked' ? `revoked API key ${id}\n` : outcome === 'already' ? `API key ${id} was already revoked\n` : `tsf keys: no API key ${id}\n`);
  return outcome === 'unknown' ? 1 : 0;
}

/** `--name x --scopes a,b` (also `--name=x`) into a record; unknown or repeated options are usage errors. */
function parseOptions(args: string[], known: string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(args[i]);
    if (!match || !known.includes(match[1])) throw new KeysUsageError(`unexpected argument ${args[i]}`);
    if (match[1] in options) throw new KeysUsageError(`--${match[1]} given twice`);
    const value = match[2] ?? args[++i];
    if (value === undefined) throw new KeysUsageError(`--${match[1]} needs a value`);
    options[match[1]] = value;
  }
  return options;
}

function formatKeys(rows: ApiKey[]): string {
  const table = [
    ['ID', 'NAME', 'SCOPES', 'CREATED', 'LAST USED', 'REVOKED'],
    ...rows.map((key) => [key.id, key.name, key.scopes.join(','), iso(key.createdAt), iso(key.lastUsedAt), iso(key.revokedAt)]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  return table.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n') + '\n';
}

const iso = (date: Date | null) => (date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');

import { parseArgs } from 'node:util';
import { loadConfig } from '@tsf/config';
import { createPrismaClient } from '@tsf/db';
import { GrafanaClient, type PromotionRecord, pushPromotionAnnotations, tsfDashboards } from '@tsf/observability';

export const grafanaUsage =
  'tsf grafana push --url URL --token TOKEN [--folder UID]   push the tsf dashboards and model promotions (as annotations) to a running Grafana';

const EXIT_USAGE = 2;
const FOLDER_TITLE = 'tsf';
const ACCURACY_DASHBOARD_UID = 'tsf-model-accuracy';

/**
 * `tsf grafana push`: for a Grafana you already run. Dashboards are replaced by uid; each promotion in
 * $DATABASE_URL becomes one annotation (already pushed ones are skipped, so pushing again is safe).
 */
export async function grafana(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  let options: { url?: string; token?: string; folder: string };
  try {
    if (action !== 'push') throw new Error(`expected push${action ? `, got ${action}` : ''}`);
    const { values } = parseArgs({ args: rest, options: { url: { type: 'string' }, token: { type: 'string' }, folder: { type: 'string', default: 'tsf' } } });
    if (!values.url || !values.token) throw new Error('--url and --token are required (a Grafana service-account token with Editor rights)');
    options = values;
  } catch (error) {
    process.stderr.write(`tsf grafana: ${error instanceof Error ? error.message : String(error)}\nusage:\n  ${grafanaUsage}\n`);
    return EXIT_USAGE;
  }
  const client = new GrafanaClient(options.url as string, options.token as string);
  await client.ensureFolder(options.folder, FOLDER_TITLE);
  for (const { dashboard } of tsfDashboards) {
    const pushed = await client.pushDashboard(dashboard, options.folder);
    process.stderr.write(`pushed dashboard ${dashboard.title} (version ${pushed.version})\n`);
  }
  const added = await pushPromotionAnnotations(client, await readPromotions(), ACCURACY_DASHBOARD_UID);
  process.stderr.write(`added ${added} promotion annotation(s)\n`);
  return 0;
}

async function readPromotions(): Promise<PromotionRecord[]> {
  const prisma = createPrismaClient(loadConfig(['database']).DATABASE_URL);
  try {
    const rows = await prisma.promotion.findMany({ include: { model: true, version: true }, orderBy: { id: 'asc' } });
    return rows.map((row) => ({ id: row.id, model: row.model.name, version: row.version.version, reason: row.reason, createdAt: row.createdAt }));
  } finally {
    await prisma.$disconnect();
  }
}

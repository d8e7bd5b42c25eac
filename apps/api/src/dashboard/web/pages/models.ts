import { api, enc, type ModelDetail, type Page, type Version } from '../api';
import { errorBox, fmt, h, table, when } from '../dom';

const holdoutMae = (version: Version) => (version.metrics.holdout as { mae?: number } | undefined)?.mae;

/** Models with their production versions. */
export async function modelsPage(root: HTMLElement): Promise<void> {
  try {
    const models = await api<Page<ModelDetail>>('/v1/models');
    root.replaceChildren(
      h('h1', {}, 'Models'),
      table(
        ['Model', 'Serves', 'Architecture', 'Production', 'Holdout MAE'],
        models.items.map((m) => [
          h('a', { href: `#/models/${enc(m.name)}` }, m.name),
          m.seriesKey ?? JSON.stringify(m.selector),
          `${m.architecture} (lookback ${m.lookback}, horizon ${m.horizon})`,
          m.production ? `v${m.production.version}` : '–',
          m.production ? fmt(holdoutMae(m.production)) : '–',
        ]),
      ),
    );
  } catch (error) {
    root.replaceChildren(h('h1', {}, 'Models'), errorBox(error));
  }
}

/** One model's versions: stage, metrics, lineage; promote and roll back (the API checks the key's admin scope). */
export async function modelPage(root: HTMLElement, name: string): Promise<void> {
  const status = h('p', { id: 'action-status', role: 'status' });
  const act = async (path: string, done: string) => {
    try {
      await api<Version>(path, 'POST');
      await modelPage(root, name);
      root.querySelector('#action-status')?.replaceChildren(done);
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
  };
  try {
    const versions = await api<Page<Version>>(`/v1/models/${enc(name)}/versions`);
    const production = versions.items.find((v) => v.stage === 'production');
    root.replaceChildren(
      h('h1', {}, name),
      h('p', { id: 'production-version' }, production ? `Production: v${production.version}` : 'No production version'),
      h('button', { id: 'rollback', onclick: () => void act(`/v1/models/${enc(name)}/rollback`, 'Rolled back') }, 'Roll back'),
      status,
      table(
        ['Version', 'Stage', 'Metrics', 'Lineage', 'Created', ''],
        versions.items.map((v) => [
          `v${v.version}`,
          h('span', { class: `badge ${v.stage}` }, v.stage),
          h('pre', {}, JSON.stringify(v.metrics.holdout ?? v.metrics, null, 1)),
          h('pre', {}, JSON.stringify({ series: v.lineage.series, points: v.lineage.pointCount, parent: v.lineage.parentVersion, job: v.lineage.jobId, backend: v.lineage.backend })),
          when(v.createdAt),
          v.stage === 'production'
            ? null
            : h('button', { class: 'promote', 'data-version': v.version, onclick: () => void act(`/v1/models/${enc(name)}/versions/${v.version}/promote`, `Promoted v${v.version}`) }, 'Promote'),
        ]),
      ),
    );
  } catch (error) {
    root.replaceChildren(h('h1', {}, name), errorBox(error));
  }
}

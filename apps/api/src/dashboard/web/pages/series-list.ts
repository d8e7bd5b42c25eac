import { api, enc, type Page, type SeriesSummary } from '../api';
import { errorBox, h, staleBadge, table, when } from '../dom';

/** `label=a:b` pairs from "a:b, c:d". */
const labelParams = (text: string) => text.split(/[\s,]+/).filter((pair) => pair.includes(':')).map((pair) => `label=${enc(pair)}`);

/** Series explorer: search by key prefix and labels; each series fresh or stale. */
export function seriesListPage(root: HTMLElement, params: URLSearchParams): void {
  const prefix = h('input', { name: 'prefix', placeholder: 'key prefix, e.g. ett/', value: params.get('prefix') ?? '' });
  const labels = h('input', { name: 'labels', placeholder: 'labels, e.g. site:north kind:sine', value: params.get('labels') ?? '' });
  const results = h('div', { id: 'series-results' });
  const search = async () => {
    const query = [...(prefix.value ? [`prefix=${enc(prefix.value)}`] : []), ...labelParams(labels.value), 'limit=200'].join('&');
    try {
      const page = await api<Page<SeriesSummary>>(`/v1/series?${query}`);
      results.replaceChildren(
        page.items.length === 0
          ? h('p', {}, 'No series match.')
          : table(
              ['Key', 'Labels', 'Created', 'Data'],
              page.items.map((s) => [
                h('a', { href: `#/series/${enc(s.key)}` }, s.key),
                Object.entries(s.labels).map(([k, v]) => `${k}:${v}`).join(' '),
                when(s.createdAt),
                staleBadge(s.stale),
              ]),
            ),
      );
    } catch (error) {
      results.replaceChildren(errorBox(error));
    }
  };
  const form = h('form', { class: 'search', onsubmit: (event) => (event.preventDefault(), void search()) }, prefix, labels, h('button', { type: 'submit' }, 'Search'));
  root.replaceChildren(h('h1', {}, 'Series'), form, results);
  void search();
}

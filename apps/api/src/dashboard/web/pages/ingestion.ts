import { api, type IngestionStatus } from '../api';
import { errorBox, fmt, h, table } from '../dom';

const POLL_MS = 5000;

/** Ingestion status: points/s from counter deltas between polls, lag per partition, dead letters by reason. */
export function ingestionPage(root: HTMLElement): () => void {
  const view = h('div', { id: 'ingestion' });
  root.replaceChildren(h('h1', {}, 'Ingestion'), view);
  let previous: IngestionStatus | undefined;
  const refresh = async () => {
    try {
      const status = await api<IngestionStatus>('/dashboard/data/ingestion');
      const elapsed = previous ? (Date.parse(status.scrapedAt) - Date.parse(previous.scrapedAt)) / 1000 : 0;
      const rate = (url: string, total: number) => {
        const before = previous?.ingestors.find((i) => i.url === url);
        return before && elapsed > 0 ? fmt((total - before.pointsTotal) / elapsed, 1) : '…';
      };
      const reasons = new Map<string, number>();
      for (const i of status.ingestors) for (const [reason, count] of Object.entries(i.deadLetters)) reasons.set(reason, (reasons.get(reason) ?? 0) + count);
      view.replaceChildren(
        status.ingestors.length === 0
          ? h('p', {}, 'No ingestors configured: set TSF_DASHBOARD_INGESTORS to their /metrics URLs.')
          : table(
              ['Ingestor', 'Up', 'Points/s', 'Points', 'Messages', 'Paused', 'Lag'],
              status.ingestors.map((i) => [i.url, i.up ? 'yes' : `no: ${i.error}`, rate(i.url, i.pointsTotal), i.pointsTotal, i.messagesTotal, i.paused ? 'PAUSED' : 'no', i.lag.map((l) => `${l.topic}/${l.partition}: ${l.lag}`).join(', ')]),
            ),
        h('h2', {}, 'Dead letters by reason'),
        reasons.size === 0 ? h('p', {}, 'None.') : table(['Reason', 'Messages'], [...reasons].map(([reason, count]) => [reason, count])),
      );
      previous = status;
    } catch (error) {
      view.replaceChildren(errorBox(error));
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh(), POLL_MS);
  return () => clearInterval(timer);
}

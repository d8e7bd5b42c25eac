import { api, type Page, type TrainingJob } from '../api';
import { errorBox, fmt, h, table, when } from '../dom';

export const JOBS_POLL_MS = 2000;

function progressCell(job: TrainingJob): Node | string {
  const { epoch, epochs, loss, phase } = job.progress as { epoch?: number; epochs?: number; loss?: number; phase?: string };
  if (job.status !== 'running' || !epochs) return job.status === 'running' ? (phase ?? 'starting') : '';
  return h('span', {}, h('progress', { max: epochs, value: epoch ?? 0 }), ` ${epoch ?? 0}/${epochs} loss ${fmt(loss)}`);
}

/** Training jobs, newest first, refreshed every JOBS_POLL_MS while the page is shown; returns the stop function. */
export function jobsPage(root: HTMLElement): () => void {
  const list = h('div', { id: 'jobs' });
  root.replaceChildren(h('h1', {}, 'Training jobs'), list);
  const refresh = async () => {
    try {
      const jobs = await api<Page<TrainingJob>>('/v1/training-jobs?limit=100');
      list.replaceChildren(
        table(
          ['Job', 'Model', 'Status', 'Kind', 'Reason', 'Attempts', 'Progress', 'Created', 'Error'],
          jobs.items.map((j) => [j.id, j.modelId, h('span', { class: `badge ${j.status}` }, j.status), j.kind, j.reason, j.attempts, progressCell(j), when(j.createdAt), j.error]),
        ),
      );
    } catch (error) {
      list.replaceChildren(errorBox(error));
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh(), JOBS_POLL_MS);
  return () => clearInterval(timer);
}

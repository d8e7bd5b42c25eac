import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { apiKey } from './api';
import { ingestionPage } from './pages/ingestion';
import { jobsPage } from './pages/jobs';
import { modelPage, modelsPage } from './pages/models';
import { seriesPage } from './pages/series';
import { seriesListPage } from './pages/series-list';

const root = document.getElementById('app') as HTMLElement;
let stopPolling: (() => void) | undefined;

/** Client-side routes: #/series, #/series/KEY, #/models, #/models/NAME, #/jobs, #/ingestion. */
function route(): void {
  stopPolling?.();
  stopPolling = undefined;
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const [, section, item] = path.split('/').map(decodeURIComponent);
  if (section === 'series' && item) void seriesPage(root, item);
  else if (section === 'models' && item) void modelPage(root, item);
  else if (section === 'models') void modelsPage(root);
  else if (section === 'jobs') stopPolling = jobsPage(root);
  else if (section === 'ingestion') stopPolling = ingestionPage(root);
  else seriesListPage(root, new URLSearchParams(query));
}

const keyForm = document.getElementById('api-key') as HTMLFormElement;
const keyInput = keyForm.elements.namedItem('key') as HTMLInputElement;
keyInput.value = apiKey.get() ?? '';
keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  apiKey.set(keyInput.value.trim());
  route();
});

window.addEventListener('hashchange', route);
route();

import type { Dashboard } from '@grafana/schema';

export interface GrafanaAnnotation {
  /** Epoch milliseconds. */
  time: number;
  text: string;
  tags: string[];
  dashboardUID?: string;
}

export class GrafanaError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The few Grafana HTTP API calls tsf needs: push dashboards, find and add annotations (Bearer service-account token). */
export class GrafanaClient {
  private readonly base: string;

  constructor(
    url: string,
    private readonly token: string,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  /** Creates or replaces a dashboard (matched by uid) in a folder (by uid; the General folder when omitted). */
  async pushDashboard(dashboard: Dashboard, folderUid?: string): Promise<{ uid: string; url: string; version: number }> {
    const body = { dashboard: { ...dashboard, id: null }, overwrite: true, message: 'pushed by tsf grafana push', ...(folderUid ? { folderUid } : {}) };
    return this.request('POST', '/api/dashboards/db', body);
  }

  /** Creates the folder when no folder has this uid. */
  async ensureFolder(uid: string, title: string): Promise<void> {
    const response = await this.send('GET', `/api/folders/${encodeURIComponent(uid)}`);
    if (response.status === 404) await this.request('POST', '/api/folders', { uid, title });
    else if (!response.ok) throw await this.error(response);
  }

  /** Annotations carrying every one of the tags. */
  async findAnnotations(tags: string[], limit = 5000): Promise<Array<GrafanaAnnotation & { id: number }>> {
    const query = new URLSearchParams([...tags.map((tag): [string, string] => ['tags', tag]), ['limit', String(limit)], ['type', 'annotation']]);
    return this.request('GET', `/api/annotations?${query}`);
  }

  async addAnnotation(annotation: GrafanaAnnotation): Promise<{ id: number }> {
    return this.request('POST', '/api/annotations', annotation);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    if (!response.ok) throw await this.error(response);
    return (await response.json()) as T;
  }

  private send(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  private async error(response: Response): Promise<GrafanaError> {
    return new GrafanaError(response.status, `Grafana answered ${response.status} ${response.statusText}: ${(await response.text()).slice(0, 300)}`);
  }
}

type Child = Node | string | number | null | undefined | false;

/** Creates an element with attributes (`on…` functions become listeners) and children; text is never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | ((event: Event) => void) | undefined> = {},
  ...children: Array<Child | Child[]>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== undefined && value !== false) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) element.append(typeof child === 'number' ? String(child) : child);
  return element;
}

/** A table of rows; each cell is text or a node. */
export function table(headers: string[], rows: Child[][]): HTMLTableElement {
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map((header) => h('th', {}, header)))), h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell) => h('td', {}, cell))))));
}

export const fmt = (value: unknown, digits = 3): string => (typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(digits)) : value == null ? '–' : String(value));

const DURATION_UNITS: Array<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
];

/** A duration in its largest whole unit, one decimal below 10: `3 h`, `2.5 d`, `45 s`; `–` for null. */
export function duration(ms: number | null): string {
  if (ms === null) return '–';
  const [unit, size] = DURATION_UNITS.find(([, size]) => Math.abs(ms) >= size) ?? DURATION_UNITS[DURATION_UNITS.length - 1];
  const value = ms / size;
  return `${Math.abs(value) < 10 ? Math.round(value * 10) / 10 : Math.round(value)} ${unit}`;
}

export const when = (iso: string | null): string => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) : '–');

export function errorBox(error: unknown): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error));
}

/** `stale` or `fresh` (the series' `stale`), as a badge. */
export function staleBadge(stale: boolean, id?: string): HTMLElement {
  return h('span', { id, class: `badge ${stale ? 'stale' : 'fresh'}`, title: stale ? 'its last point is older than TSF_STALE_AFTER_STEPS steps of its frequency' : undefined }, stale ? 'stale' : 'fresh');
}

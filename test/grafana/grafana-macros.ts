/** The time range and variables a Grafana panel query is rendered with. */
export interface MacroContext {
  from: Date;
  to: Date;
  /** `$__interval` in seconds. */
  intervalSeconds: number;
  variables: Record<string, string>;
}

const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Expands Grafana's Postgres macros the way its SQL data source does: `$__timeFilter(col)`, `$__timeFrom()`,
 * `$__timeTo()`, `$__timeGroup(col, interval)`, `$__timeGroupAlias(col, interval)`, `$__interval`, then `$var`.
 */
export function expandGrafanaMacros(sql: string, context: MacroContext): string {
  const from = `'${context.from.toISOString()}'`;
  const to = `'${context.to.toISOString()}'`;
  const seconds = (interval: string): number => {
    const trimmed = interval.trim();
    if (trimmed === '$__interval') return context.intervalSeconds;
    const match = DURATION.exec(trimmed);
    if (!match) throw new Error(`unsupported interval ${interval}`);
    return Number(match[1]) * SECONDS[match[2]];
  };
  const group = (column: string, interval: string) => `floor(extract(epoch from ${column})/${seconds(interval)})*${seconds(interval)}`;
  const macros: Record<string, (args: string[]) => string> = {
    timeFilter: ([column]) => `${column} BETWEEN ${from} AND ${to}`,
    timeFrom: () => from,
    timeTo: () => to,
    timeGroup: ([column, interval]) => group(column, interval),
    timeGroupAlias: ([column, interval]) => `${group(column, interval)} AS "time"`,
  };
  let expanded = expandCalls(sql, macros);
  expanded = expanded.replaceAll('$__interval', `'${context.intervalSeconds}s'`);
  expanded = expanded.replace(/\$(\w+)/g, (whole, name: string) => {
    if (!(name in context.variables)) throw new Error(`no value for variable ${whole}`);
    return context.variables[name].replaceAll("'", "''");
  });
  if (expanded.includes('$__')) throw new Error(`unexpanded macro in ${expanded}`);
  return expanded;
}

/** Replaces each `$__name(args)` with its expansion; arguments are split at top-level commas (parentheses and quotes nest). */
function expandCalls(sql: string, macros: Record<string, (args: string[]) => string>): string {
  const call = /\$__(\w+)\(/g;
  let out = '';
  let last = 0;
  for (let match = call.exec(sql); match; match = call.exec(sql)) {
    const expand = macros[match[1]];
    if (!expand) throw new Error(`unknown macro $__${match[1]}`);
    const { args, end } = splitArguments(sql, call.lastIndex);
    out += sql.slice(last, match.index) + expand(args);
    last = end;
    call.lastIndex = end;
  }
  return out + sql.slice(last);
}

function splitArguments(sql: string, start: number): { args: string[]; end: number } {
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = start; i < sql.length; i += 1) {
    const char = sql[i];
    if (char === "'") quoted = !quoted;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')' && depth === 0) return { args: current.trim() === '' ? [] : [...args, current.trim()], end: i + 1 };
    else if (!quoted && char === ')') depth -= 1;
    else if (!quoted && char === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  throw new Error(`unclosed macro call in ${sql}`);
}

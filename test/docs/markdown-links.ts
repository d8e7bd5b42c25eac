import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';

/** A relative link of a Markdown file that leads nowhere. */
export interface BrokenLink {
  /** The Markdown file, relative to the root. */
  file: string;
  line: number;
  target: string;
  problem: string;
}

/** The Markdown files of the repository that git tracks or would track (new files included), none from node_modules. */
export function markdownFiles(root: string): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', '*.md'], { cwd: root, encoding: 'utf8' });
  return listed
    .split('\0')
    .filter((file) => file !== '' && !file.split('/').includes('node_modules') && existsSync(join(root, file)))
    .sort();
}

/** Every relative link of the files (Markdown links and images, reference definitions, HTML href/src) that does not resolve. */
export function brokenLinks(root: string, files: readonly string[]): BrokenLink[] {
  const anchorsByFile = new Map<string, Set<string>>();
  const anchorsOf = (path: string) => {
    let anchors = anchorsByFile.get(path);
    if (!anchors) anchorsByFile.set(path, (anchors = headingAnchors(readFileSync(path, 'utf8'))));
    return anchors;
  };
  const broken: BrokenLink[] = [];
  for (const file of files) {
    const path = join(root, file);
    for (const { line, target } of linksOf(readFileSync(path, 'utf8'))) {
      const problem = problemOf(root, path, target, anchorsOf);
      if (problem) broken.push({ file, line, target, problem });
    }
  }
  return broken;
}

function problemOf(root: string, from: string, target: string, anchorsOf: (path: string) => Set<string>): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return undefined; // https:, mailto:, …
  const hashAt = target.indexOf('#');
  const pathPart = hashAt === -1 ? target : target.slice(0, hashAt);
  const anchor = hashAt === -1 ? undefined : target.slice(hashAt + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart.split('?')[0]);
  } catch {
    return 'not a valid URL path';
  }
  const resolved = decoded === '' ? from : decoded.startsWith('/') ? join(root, decoded) : resolve(dirname(from), decoded);
  const inside = relative(root, resolved);
  if (inside.startsWith(`..${sep}`) || inside === '..') return 'leads outside the repository';
  if (!existsSync(resolved)) return 'no such file';
  if (anchor === undefined || anchor === '' || statSync(resolved).isDirectory() || extname(resolved).toLowerCase() !== '.md') return undefined;
  let wanted: string;
  try {
    wanted = decodeURIComponent(anchor).toLowerCase();
  } catch {
    return 'not a valid anchor';
  }
  return anchorsOf(resolved).has(wanted) ? undefined : `no heading or anchor #${anchor} in ${relative(root, resolved).split(sep).join('/')}`;
}

const INLINE_LINK = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/;
const HTML_ATTRIBUTE = /\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

/** The link targets of a Markdown text with their line numbers, outside fenced code blocks and code spans. */
export function linksOf(markdown: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  for (const { line, text } of proseLines(markdown)) {
    const prose = withoutCodeSpans(text);
    for (const match of prose.matchAll(INLINE_LINK)) links.push({ line, target: unbracket(match[1]) });
    const definition = REFERENCE_DEFINITION.exec(prose);
    if (definition) links.push({ line, target: unbracket(definition[1]) });
    for (const match of prose.matchAll(HTML_ATTRIBUTE)) links.push({ line, target: match[1] ?? match[2] });
  }
  return links;
}

/**
 * The anchors a Markdown file offers, as GitHub renders it: each heading's slug (lower case, punctuation dropped,
 * spaces as hyphens, `-1`, `-2`… for repeats), and explicit `<a id>` / `<a name>` anchors.
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const add = (heading: string) => {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  };
  let previous: string | undefined;
  for (const { text } of proseLines(markdown)) {
    const atx = /^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(text);
    if (atx) add(atx[1] ?? '');
    else if (/^ {0,3}(=+|-+)\s*$/.test(text) && previous !== undefined && /^ {0,3}[^\s#>|*+-]/.test(previous)) add(previous);
    for (const match of text.matchAll(/<a\s[^>]*\b(?:id|name)\s*=\s*"([^"]+)"/gi)) anchors.add(match[1].toLowerCase());
    previous = text.trim() === '' ? undefined : text;
  }
  return anchors;
}

/** GitHub's heading slug (github-slugger): the rendered text, lower-cased, without punctuation, spaces as hyphens. */
export function slug(heading: string): string {
  // Split into prose and code spans (every third part is a span's content, kept as written).
  const parts = heading.split(/(`+)(.*?)\1/);
  const text = parts
    .map((part, index) => {
      if (index % 3 === 1) return '';
      if (index % 3 === 2) return part;
      return part
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
        .replace(/<[^>]+>/g, '') // HTML tags
        .replace(/(\*\*|\*)(?=\S)(.+?)(?<=\S)\1/g, '$2') // emphasis with * anywhere
        .replace(/(?<![\p{L}\p{N}])(__|_)(?=\S)(.+?)(?<=\S)\1(?![\p{L}\p{N}])/gu, '$2'); // with _ between words only
    })
    .join('')
    .trim();
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function proseLines(markdown: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let fence: string | undefined;
  markdown.split(/\r?\n/).forEach((text, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && text.trim() === marker) fence = undefined;
    } else if (marker) {
      fence = marker;
    } else {
      lines.push({ line: index + 1, text });
    }
  });
  return lines;
}

function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)[\s\S]*?\1/g, (span) => ' '.repeat(span.length));
}

function unbracket(target: string): string {
  return target.startsWith('<') && target.endsWith('>') ? target.slice(1, -1) : target;
}

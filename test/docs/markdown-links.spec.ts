import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokenLinks, headingAnchors, linksOf, markdownFiles, slug } from './markdown-links';

const ROOT = join(__dirname, '../..');

describe('Markdown links', () => {
  const files = markdownFiles(ROOT);

  it('are checked in the README, every docs page and every other README', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/configuration.md', 'docs/limits.md', 'tools/kafka-mock/README.md']));
    expect(files.filter((file) => file.includes('node_modules'))).toEqual([]);
  });

  it('every relative link of every Markdown file leads to a file that exists, and to a heading there when it names one', () => {
    const report = brokenLinks(ROOT, files).map(({ file, line, target, problem }) => `${file}:${line}: ${target}: ${problem}`);
    expect(report).toEqual([]);
  });
});

describe('the Markdown link checker', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tsf-md-links-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'README.md'), '# Top\n\n## Second part\n\n<a id="legacy"></a>\n');
    writeFileSync(join(root, 'script.ts'), '');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function problems(markdown: string): string[] {
    writeFileSync(join(root, 'docs/page.md'), markdown);
    return brokenLinks(root, ['docs/page.md']).map(({ line, target, problem }) => `${line}: ${target}: ${problem}`);
  }

  it('reports a link to a missing file and to a missing heading, with the line', () => {
    expect(problems('[a](../README.md)\n[b](missing.md)\n[c](../README.md#second-part)\n[d](../README.md#third-part)\n')).toEqual([
      '2: missing.md: no such file',
      '4: ../README.md#third-part: no heading or anchor #third-part in README.md',
    ]);
  });

  it('checks anchors within the same file, explicit anchors, images, reference definitions and HTML attributes', () => {
    expect(problems('# Page\n[ok](#page) [no](#nowhere) [old](../README.md#legacy)\n![img](../nope.png)\n[ref]: ../script.ts\n<img src="gone.svg">\n')).toEqual([
      '2: #nowhere: no heading or anchor #nowhere in docs/page.md',
      '3: ../nope.png: no such file',
      '5: gone.svg: no such file',
    ]);
  });

  it('leaves out external links, code spans and fenced code, and refuses links out of the repository', () => {
    expect(problems('[web](https://example.com/x.md) `[x](nope.md)`\n```md\n[y](nope.md)\n```\n[out](../../elsewhere.md)\n')).toEqual([
      '5: ../../elsewhere.md: leads outside the repository',
    ]);
  });

  it('finds link targets with titles and angle brackets', () => {
    expect(linksOf('[a](<b c.md> "title") [d](e.md \'t\')').map((link) => link.target)).toEqual(['b c.md', 'e.md']);
  });

  it('slugs headings as GitHub does', () => {
    expect(slug('Scheduling (`apps/scheduler`)')).toBe('scheduling-appsscheduler');
    expect(slug('Registry and trainers: tests and figures')).toBe('registry-and-trainers-tests-and-figures');
    expect(slug('Health: `/health/live` and `/health/ready`')).toBe('health-healthlive-and-healthready');
    expect(slug('The *fast* path of `TSF_API_KEY` and snake_case_names')).toBe('the-fast-path-of-tsf_api_key-and-snake_case_names');
    expect([...headingAnchors('# A\n## A\nSetext\n---\n')]).toEqual(['a', 'a-1', 'setext']);
  });
});

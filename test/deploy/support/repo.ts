import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const REPO_ROOT = join(__dirname, '../../..');

export function repoPath(...parts: string[]): string {
  return join(REPO_ROOT, ...parts);
}

export function readRepoFile(path: string): string {
  return readFileSync(repoPath(path), 'utf8');
}

/** The workspace's apps: every folder of apps/ with a src/main.ts. */
export function workspaceApps(): string[] {
  return readdirSync(repoPath('apps'))
    .filter((name) => existsSync(repoPath('apps', name, 'src', 'main.ts')))
    .sort();
}

/** The TypeScript sources under a folder (or the one file), spec files left out, relative to the repository. */
export function sourceFiles(path: string): string[] {
  const absolute = repoPath(path);
  if (statSync(absolute).isFile()) return [path];
  return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.split('/').includes('generated'))
    .map((file) => relative(REPO_ROOT, join(absolute, file)));
}

export function parseTypeScript(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readRepoFile(path), ts.ScriptTarget.ES2022, true);
}

/** Calls a visitor on every node of a file, depth first. */
export function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** The text of a string literal (or a template without substitutions), else undefined. */
export function stringValue(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

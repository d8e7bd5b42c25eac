import ts from 'typescript';
import { parseTypeScript, sourceFiles, stringValue, walk } from './repo';

const API_SOURCES = 'apps/api/src';
/** Decorators of handlers that answer GET (what probes and scrapers send). */
const GET_HANDLERS = new Set(['Get', 'All']);

function decoratorCalls(node: ts.Node): { name: string; args: readonly ts.Expression[] }[] {
  if (!ts.canHaveDecorators(node)) return [];
  return (ts.getDecorators(node) ?? []).flatMap((decorator) => {
    const call = decorator.expression;
    return ts.isCallExpression(call) && ts.isIdentifier(call.expression) ? [{ name: call.expression.text, args: call.arguments }] : [];
  });
}

/** A decorator's path argument: none, 'path', ['a', 'b'] or { path: 'path' }. */
function pathsOf(arg: ts.Expression | undefined, where: string): string[] {
  if (!arg) return [''];
  const text = stringValue(arg);
  if (text !== undefined) return [text];
  if (ts.isArrayLiteralExpression(arg)) return arg.elements.flatMap((element) => pathsOf(element, where));
  if (ts.isObjectLiteralExpression(arg)) {
    const path = arg.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'path');
    return path ? pathsOf(path.initializer, where) : [''];
  }
  throw new Error(`${where}: cannot read the route path ${arg.getText()}; extend test/deploy/support/api-routes.ts`);
}

function joinPath(...parts: string[]): string {
  return `/${parts.flatMap((part) => part.split('/')).filter(Boolean).join('/')}`;
}

/** app.setGlobalPrefix('p', { exclude: [...] }) anywhere in the API's sources; ways of prefixing it cannot read fail loudly. */
function globalPrefix(): { prefix: string; exclude: Set<string> } {
  let found = { prefix: '', exclude: new Set<string>() };
  for (const file of sourceFiles(API_SOURCES)) {
    walk(parseTypeScript(file), (node) => {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      const method = node.expression.name.text;
      if (method === 'enableVersioning' || (method === 'register' && node.expression.expression.getText() === 'RouterModule')) {
        throw new Error(`${file}: ${method} changes the routes; extend test/deploy/support/api-routes.ts to read it`);
      }
      if (method !== 'setGlobalPrefix') return;
      const [prefixArg, options] = node.arguments;
      const prefix = stringValue(prefixArg);
      if (prefix === undefined) throw new Error(`${file}: setGlobalPrefix with a non-literal prefix`);
      const exclude = new Set<string>();
      const excludeProperty =
        options && ts.isObjectLiteralExpression(options)
          ? options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'exclude')
          : undefined;
      if (excludeProperty) {
        if (!ts.isArrayLiteralExpression(excludeProperty.initializer)) throw new Error(`${file}: setGlobalPrefix exclude is not an array literal`);
        for (const element of excludeProperty.initializer.elements) for (const path of pathsOf(element, file)) exclude.add(joinPath(path));
      }
      found = { prefix, exclude };
    });
  }
  return found;
}

/** The access a route's (else its controller's) `@Access(...)` declares; the API's guard treats none as `admin`. */
function accessOf(decorators: { name: string; args: readonly ts.Expression[] }[]): string | undefined {
  return stringValue(decorators.find((d) => d.name === 'Access')?.args[0]);
}

/**
 * The paths the API answers GET on for a caller without an API key (probes, Prometheus), read from the route
 * decorators of its controllers (@Controller, @Get, @Access('public')) and the global prefix, without starting anything.
 */
export function apiPublicGetRoutes(): Set<string> {
  const { prefix, exclude } = globalPrefix();
  const routes = new Set<string>();
  for (const file of sourceFiles(API_SOURCES)) {
    walk(parseTypeScript(file), (node) => {
      if (!ts.isClassDeclaration(node)) return;
      const classDecorators = decoratorCalls(node);
      const controller = classDecorators.find((d) => d.name === 'Controller');
      if (!controller) return;
      for (const member of node.members) {
        const decorators = decoratorCalls(member);
        if ((accessOf(decorators) ?? accessOf(classDecorators)) !== 'public') continue;
        for (const route of decorators.filter((d) => GET_HANDLERS.has(d.name))) {
          for (const base of pathsOf(controller.args[0], file)) {
            for (const path of pathsOf(route.args[0], file)) {
              const unprefixed = joinPath(base, path);
              routes.add(prefix && !exclude.has(unprefixed) ? joinPath(prefix, unprefixed) : unprefixed);
            }
          }
        }
      }
    });
  }
  return routes;
}

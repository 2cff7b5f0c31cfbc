// Fails when the TypeScript modules under the given folders import each other in a cycle. Type-only imports count
// too: a cycle of types is a sign that a type lives in the wrong module, and it becomes a runtime cycle as
// soon as one of the imports gains a value. Run by `npm run lint`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Every .ts file under `dir`, tests included (a test importing its module is an edge like any other). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The file a relative specifier names: `./x.js` is `./x.ts`, a folder is its `index.ts`. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c));
}

/** Static, type-only, re-export and dynamic imports of a file, resolved to files under the root. */
function importsOf(file: string, known: ReadonlySet<string>): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles.flatMap(({ fileName }) => {
    const target = resolveSpecifier(file, fileName);
    return target !== undefined && known.has(target) ? [target] : [];
  });
}

/** The strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cyclicComponents(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of edges.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || edges.get(file)?.includes(file)) components.push(component.reverse());
  };
  for (const file of edges.keys()) if (!index.has(file)) visit(file);
  return components;
}

/** One cycle through the first file of a component, found by a breadth-first search inside it. */
function cycleIn(component: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const next of edges.get(file) ?? []) {
      if (next === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (members.has(next) && !previous.has(next)) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return [start];
}

const roots = (process.argv.length > 2 ? process.argv.slice(2) : ['src']).map((r) => resolve(r));
const files = roots.flatMap(sourceFiles);
const known = new Set(files);
const edges = new Map(files.map((f) => [f, importsOf(f, known)]));
const components = cyclicComponents(edges);
const names = (paths: readonly string[]) => paths.map((p) => relative('.', p));
for (const component of components) {
  console.error(`import cycle among ${names(component).join(', ')}`);
  console.error(`  for example ${names(cycleIn(component, edges)).join(' -> ')}`);
}
console.log(
  `${components.length} import cycle(s) among ${files.length} files under ${names(roots).join(', ')}`,
);
process.exitCode = components.length > 0 ? 1 : 0;

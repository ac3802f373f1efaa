/**
 * The rules that keep docs/settings.md and docs/api.md in step with the code. Pure over what they
 * are given, so each test can plant a break in a fixture of its own.
 */
import { headings, proseLines } from './markdown';

/** Settings listed in docs/settings.md that libraries read, not our configuration module. */
export const readByLibraries: Readonly<Record<string, string>> = {
  IDENTITY_ENDPOINT: '@azure/identity (managed identity)',
  IDENTITY_HEADER: '@azure/identity (managed identity)',
};

/** The setting names of the table whose header starts `| Setting |`, in order. */
export function settingRows(markdown: string): string[] {
  const rows: string[] = [];
  let inTable = false;
  for (const { text } of proseLines(markdown)) {
    if (/^\|\s*Setting\s*\|/.test(text)) inTable = true;
    else if (inTable && !text.startsWith('|')) inTable = false;
    else if (inTable && !/^\|\s*-/.test(text)) {
      const first = text.split('|')[1] ?? '';
      rows.push(...[...first.matchAll(/`([A-Za-z0-9_]+)`/g)].map((m) => m[1]!));
    }
  }
  return rows;
}

export function settingProblems(markdown: string, read: readonly string[]): string[] {
  const rows = settingRows(markdown);
  const missing = read.filter((name) => !rows.includes(name));
  const extra = rows.filter((name) => !read.includes(name) && !(name in readByLibraries));
  return [
    ...missing.map((name) => `setting ${name} is read by src/lib/config but has no row in the table of docs/settings.md: add "| \`${name}\` | <meaning> | <default> |"`),
    ...extra.map((name) => `docs/settings.md has a row for ${name}, which src/lib/config does not read: remove the row, or read the setting in src/lib/config`),
  ];
}

/** `METHOD /api/route` as code in a heading of docs/api.md; a query string after the path is allowed. */
export function documentedRoutes(markdown: string): string[] {
  return headings(markdown).flatMap((h) =>
    [...h.text.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/api\/[^`?\s]*)(?:\?[^`]*)?`/g)].map((m) => `${m[1]} ${m[2]}`),
  );
}

export function routeProblems(markdown: string, registered: readonly string[]): string[] {
  const documented = documentedRoutes(markdown);
  return [
    ...registered
      .filter((route) => !documented.includes(route))
      .map((route) => `route ${route} is registered but docs/api.md has no heading naming it: add a heading such as "## \`${route}\` (function \`<name>\`, \`<permission>\`)"`),
    ...documented
      .filter((route) => !registered.includes(route))
      .map((route) => `docs/api.md has a heading for ${route}, which the app does not register (the registered path and its {parameter} names must match exactly)`),
  ];
}

/** `Timer \`name\`` headings for timer functions. */
export function timerProblems(markdown: string, timers: readonly string[]): string[] {
  const documented = headings(markdown).flatMap((h) => [...h.text.matchAll(/Timer `([A-Za-z]+)`/g)].map((m) => m[1]!));
  return timers.filter((t) => !documented.includes(t)).map((t) => `timer ${t} is registered but docs/api.md has no heading "## Timer \`${t}\`"`);
}

/** `npm run X` (and `npm X` for the built-in start and test) a document names, where the script is missing. */
export function scriptProblems(docs: ReadonlyMap<string, string>, scripts: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [file, markdown] of docs) {
    markdown.split('\n').forEach((text, i) => {
      for (const m of text.matchAll(/\bnpm (?:run(?:-script)? ([A-Za-z0-9:_-]+)|(start|test)\b)/g)) {
        const name = m[1] ?? m[2]!;
        if (!scripts.includes(name)) problems.push(`${file}:${i + 1}: "npm run ${name}" names no script in package.json (scripts: ${scripts.join(', ')})`);
      }
    });
  }
  return problems;
}

/**
 * Just enough Markdown for the docs tests: the repository's *.md files, their headings with the
 * anchors GitHub gives them, their links and their fenced JSON examples. Fenced code is skipped
 * when looking for headings and links, as GitHub renders it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');

/** Folders that hold no documentation of ours (installed, built or generated). */
const skipped = new Set(['node_modules', 'dist', '.git', '.tools', 'reports', 'test-output', '.azurite', 'coverage', '.stryker-tmp', '.azure']);

/** Every *.md file of the repository, as paths relative to its root with `/` separators. */
export function markdownFiles(root = repoRoot): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (skipped.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) found.push(relative(root, path).split('\\').join('/'));
    }
  };
  walk(root);
  return found.sort();
}

export function readDoc(path: string, root = repoRoot): string {
  return readFileSync(join(root, path), 'utf8');
}

export interface Line {
  readonly number: number;
  readonly text: string;
}

/** The lines outside fenced code blocks. */
export function proseLines(markdown: string): Line[] {
  const out: Line[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, i) => {
    const opener = /^\s*(`{3,}|~{3,})/.exec(text);
    if (opener) {
      if (fence === undefined) fence = opener[1]![0]!;
      else if (opener[1]![0] === fence) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ number: i + 1, text });
  });
  return out;
}

export interface Heading {
  readonly line: number;
  readonly level: number;
  readonly text: string;
  readonly anchor: string;
}

/** GitHub's anchor for a heading's text (github-slugger's rule, applied to the rendered text). */
export function slug(headingText: string): string {
  const rendered = headingText
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '');
  return rendered
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The headings of a document with their anchors; a repeated anchor gets -1, -2... as on GitHub. */
export function headings(markdown: string): Heading[] {
  const seen = new Map<string, number>();
  return proseLines(markdown).flatMap(({ number, text }) => {
    const m = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text);
    if (!m) return [];
    const base = slug(m[2]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return [{ line: number, level: m[1]!.length, text: m[2]!, anchor: n === 0 ? base : `${base}-${n}` }];
  });
}

export interface Link {
  readonly line: number;
  readonly target: string;
}

/** Inline links and images outside code (fenced or inline). */
export function links(markdown: string): Link[] {
  return proseLines(markdown).flatMap(({ number, text }) => {
    const prose = text.replace(/`[^`]*`/g, '');
    return [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => ({ line: number, target: m[1]! }));
  });
}

export interface Fence {
  readonly line: number;
  readonly lang: string;
  readonly body: string;
  /** The HTML comment on the nearest non-blank line above the fence, if any. */
  readonly comment: string | undefined;
}

/** Fenced code blocks with their language and the comment just above them. */
export function fences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*(`{3,})(\S*)/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.trim().startsWith(open[1]!); i++) body.push(lines[i]!);
    let above = start - 1;
    while (above >= 0 && lines[above]!.trim() === '') above--;
    const comment = above >= 0 ? /^\s*<!--\s*(.*?)\s*-->\s*$/.exec(lines[above]!)?.[1] : undefined;
    out.push({ line: start + 1, lang: open[2]!, body: body.join('\n'), comment });
  }
  return out;
}

export function readJson<T>(path: string): T {
  return JSON.parse(readDoc(path)) as T;
}

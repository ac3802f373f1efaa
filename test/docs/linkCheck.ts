/**
 * Which relative links and heading anchors in a set of Markdown documents do not resolve. Pure over
 * what it is given, so the test can plant a broken link in a fixture of its own.
 */
import { posix } from 'node:path';
import { headings, links } from './markdown';

export interface DocSet {
  /** The Markdown documents, by path relative to the repository root. */
  readonly docs: ReadonlyMap<string, string>;
  /** Whether a file or folder exists at a path relative to the repository root. */
  readonly exists: (path: string) => boolean;
}

export function brokenLinks({ docs, exists }: DocSet): string[] {
  const problems: string[] = [];
  for (const [file, markdown] of docs) {
    for (const { line, target } of links(markdown)) {
      if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto: and the like
      const hash = target.indexOf('#');
      const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
      const anchor = hash < 0 ? undefined : target.slice(hash + 1);
      const resolved = pathPart === '' ? file : posix.normalize(posix.join(posix.dirname(file), pathPart)).replace(/\/$/, '');
      const where = `${file}:${line}: link "${target}"`;
      if (resolved.startsWith('..') || !(docs.has(resolved) || exists(resolved))) {
        problems.push(`${where}: no file ${resolved} (paths are relative to ${posix.dirname(file)}/)`);
        continue;
      }
      if (anchor === undefined || anchor === '') continue;
      const targetDoc = docs.get(resolved);
      if (targetDoc === undefined) {
        problems.push(`${where}: anchors only resolve in Markdown files`);
        continue;
      }
      const anchors = headings(targetDoc).map((h) => h.anchor);
      if (!anchors.includes(anchor)) {
        problems.push(`${where}: ${resolved} has no heading with the anchor #${anchor} (GitHub's anchors there: ${anchors.map((a) => `#${a}`).join(', ')})`);
      }
    }
  }
  return problems;
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';

/*
 * What azd does with a TypeScript function app service, restated from its source
 * (Azure/azure-dev cli/azd/pkg/project: service_target_functionapp.go resolveFunctionAppRemoteBuild,
 * project_utils.go createDeployableZip) so a test can apply it to this repository's files.
 */

export interface ServiceConfig {
  readonly project: string;
  readonly language: string;
  readonly host: string;
  readonly dist?: string;
  readonly remoteBuild?: boolean;
}

const stripBom = (text: string) => text.replace(/^\uFEFF/, '');

/** resolveFunctionAppRemoteBuild: the .funcignore in the project folder decides, with remoteBuild. */
export function resolveRemoteBuild(funcignore: string | undefined, remoteBuild: boolean | undefined): boolean {
  if (funcignore === undefined) return remoteBuild ?? true;
  const rules = ignore().add(stripBom(funcignore));
  // azd asks its gitignore matcher about the path "node_modules" as a directory.
  const nodeModulesExcluded = rules.ignores('node_modules/');
  if (remoteBuild === undefined) return nodeModulesExcluded;
  if (remoteBuild && !nodeModulesExcluded) throw new Error("'remoteBuild: true' requires '.funcignore' to exclude node_modules");
  if (!remoteBuild && nodeModulesExcluded) throw new Error("'remoteBuild: false' cannot be used when '.funcignore' excludes node_modules");
  return remoteBuild;
}

/** The package folder: the project, or `dist` under it when azure.yaml sets one. */
export function packageRoot(repo: string, service: ServiceConfig): string {
  const project = join(repo, service.project);
  return service.dist ? join(project, service.dist) : project;
}

/**
 * createDeployableZip: every file under root except .azure/ folders, the ignore file itself,
 * local.settings.json, and what root's .funcignore excludes (gitignore semantics). Paths use '/'.
 */
export function zipEntries(root: string): string[] {
  const ignoreFile = join(root, '.funcignore');
  const rules = existsSync(ignoreFile) ? ignore().add(stripBom(readFileSync(ignoreFile, 'utf8'))) : undefined;
  const kept: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      const isDir = entry.isDirectory();
      if (isDir && entry.name === '.azure') continue;
      if (!isDir && (entry.name === '.funcignore' || entry.name === 'local.settings.json')) continue;
      if (rules?.ignores(isDir ? `${path}/` : path)) continue;
      if (isDir) walk(path);
      else kept.push(path);
    }
  };
  walk('');
  return kept.sort();
}

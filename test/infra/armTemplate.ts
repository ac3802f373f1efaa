import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ArmResource {
  readonly type: string;
  readonly name: string;
  readonly scope?: string;
  readonly properties?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export interface ArmTemplate {
  readonly parameters?: Record<string, { type: string; defaultValue?: unknown }>;
  readonly outputs?: Record<string, { type: string; value: unknown }>;
  readonly resources: ArmResource[] | Record<string, ArmResource>;
}

/** The Bicep CLI: BICEP_BIN (set by .ci/run), else the NuGet package restored by .ci/run. */
export function findBicep(): string | undefined {
  if (process.env.BICEP_BIN && existsSync(process.env.BICEP_BIN)) return process.env.BICEP_BIN;
  const root = join(homedir(), '.nuget', 'packages', 'azure.bicep.commandline.linux-x64');
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort().pop();
  const bin = version ? join(root, version, 'tools', 'bicep') : undefined;
  return bin && existsSync(bin) ? bin : undefined;
}

export function compileBicep(bicep: string, file: string): ArmTemplate {
  const out = execFileSync(bicep, ['build', file, '--stdout'], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
  });
  return JSON.parse(out) as ArmTemplate;
}

export function resourcesOf(template: ArmTemplate): ArmResource[] {
  return Array.isArray(template.resources) ? template.resources : Object.values(template.resources);
}

/** Every module's template, by deployment name, with the main template under 'main'. */
export function templatesByModule(main: ArmTemplate): Map<string, { template: ArmTemplate; parameters: Record<string, unknown> }> {
  const found = new Map<string, { template: ArmTemplate; parameters: Record<string, unknown> }>();
  const walk = (name: string, template: ArmTemplate, parameters: Record<string, unknown>) => {
    found.set(name, { template, parameters });
    for (const r of resourcesOf(template)) {
      if (r.type !== 'Microsoft.Resources/deployments') continue;
      const props = r.properties as { template: ArmTemplate; parameters?: Record<string, { value: unknown }> };
      const params = Object.fromEntries(Object.entries(props.parameters ?? {}).map(([k, v]) => [k, v.value]));
      walk(r.name, props.template, params);
    }
  };
  walk('main', main, {});
  return found;
}

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const repo = join(__dirname, '..', '..');
type HookConfig = { shell?: string; run?: string; continueOnError?: boolean };
type Hook = HookConfig & { posix?: HookConfig; windows?: HookConfig };
const hooks = (parse(readFileSync(join(repo, 'azure.yaml'), 'utf8')) as { hooks: Record<string, Hook> }).hooks;

describe('azd hooks run the same Node scripts on every OS', () => {
  it('every hook has a posix and a windows entry (azd on Windows needs its own) running the same command', () => {
    expect(Object.keys(hooks).sort()).toEqual(['postdown', 'postprovision', 'preprovision']);
    for (const [name, hook] of Object.entries(hooks)) {
      expect(hook.posix?.shell, name).toBe('sh');
      expect(hook.windows?.shell, name).toBe('pwsh');
      expect(hook.posix?.run, name).toMatch(/^node infra\/entra\/hook\.mjs [a-z-]+$/);
      expect(hook.windows?.run, name).toBe(hook.posix?.run);
      // Without a windows entry azd falls back to the top-level one, whose run would be empty.
      expect(hook.run, name).toBeUndefined();
    }
    expect(existsSync(join(repo, 'infra', 'entra', 'hook.mjs'))).toBe(true);
  });

  it('the hook script knows every step azure.yaml asks for, and refuses others', () => {
    const script = readFileSync(join(repo, 'infra', 'entra', 'hook.mjs'), 'utf8');
    for (const hook of Object.values(hooks)) expect(script).toContain(`'${hook.posix?.run?.split(' ').pop() ?? ''}'`);
    expect(() => execFileSync(process.execPath, ['infra/entra/hook.mjs', 'no-such-step'], { cwd: repo, stdio: 'pipe' })).toThrow(/usage/);
  });

  it('postdown tells what azd down leaves behind and how to remove it', () => {
    const output = execFileSync(process.execPath, ['infra/entra/hook.mjs', 'after-down'], { cwd: repo, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', BOT_APP_ID: '11111111-2222-3333-4444-555555555555' } });
    expect(output).toContain('app registration 11111111-2222-3333-4444-555555555555');
    expect(output).toContain('az ad app delete --id 11111111-2222-3333-4444-555555555555');
    expect(hooks.postdown?.posix?.continueOnError).toBe(true);
  });
});

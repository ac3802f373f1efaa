import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../dev/localStack';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ log: (level, ...args) => console.log(level, ...args) });
});
afterAll(async () => {
  await stack?.close();
});

it('invites a user and reports the join', async () => {
  const call = stack.simulator.sim.createCall(`${stack.host.url}/api/callback`);
  const res = await fetch(`${stack.host.url}/api/calls/${call.id}/participants/invite`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ participants: [{ identity: { user: { id: '8b081ef6-4792-4def-b2c9-c363a1bf41d5', displayName: 'Ada' } } }] }),
  });
  const body = await res.json();
  console.log(res.status, JSON.stringify(body, null, 2));
  expect(res.status).toBe(202);
  await stack.simulator.sim.idle();
  const status = await fetch(res.headers.get('location') ?? '');
  console.log(status.status, JSON.stringify(await status.json(), null, 2));
  const roster = await fetch(`${stack.host.url}/api/calls/${call.id}/participants`);
  console.log(roster.status, JSON.stringify(await roster.json(), null, 2));
  console.log(stack.simulator.sim.deliveries.map((d) => d.status));
});

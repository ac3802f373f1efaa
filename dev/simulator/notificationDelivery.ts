import { randomUUID } from 'node:crypto';
import { signToken, type SigningKey } from './signingKeys';
import type { Scenario } from './scenario';
import type { SimulatedCall, NotificationItem } from './simulatedCall';

export interface Delivery {
  readonly callId: string;
  readonly status: number;
  readonly items: readonly NotificationItem[];
}

/**
 * How Graph delivers notifications: each envelope signed with the callback key and POSTed to the
 * call's callback URL, in order per call; or held back and released duplicated, shuffled and
 * concurrently, as the scenario asks.
 */
export abstract class NotificationDelivery {
  readonly deliveries: Delivery[] = [];
  /** Notifications kept back while scenario.hold is set, per call, in the order Graph produced them. */
  readonly held = new Map<string, NotificationItem[]>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  abstract scenario: Scenario;
  abstract readonly calls: Map<string, SimulatedCall>;

  constructor(
    protected callbackKey: SigningKey,
    private readonly audience: { readonly botAppId: string; readonly tenantId: string },
  ) {}

  /** Sends items one envelope each, in order per call (or shuffled and repeated, per scenario). */
  deliver(call: SimulatedCall, items: NotificationItem[]): void {
    if (this.scenario.hold) {
      this.held.set(call.id, [...(this.held.get(call.id) ?? []), ...items.map((i) => structuredClone(i))]);
      return;
    }
    const batch = this.scenario.duplicate ? items.flatMap((i) => [i, structuredClone(i)]) : [...items];
    if (this.scenario.shuffle) batch.sort(() => Math.random() - 0.5);
    const previous = this.queues.get(call.id) ?? Promise.resolve();
    const next = previous.then(async () => {
      for (const item of batch) await this.post(call, [item]);
    });
    this.queues.set(call.id, next);
    this.track(next);
  }

  /**
   * Sends a call's held notifications: each `copies` times, shuffled or reversed (newest first)
   * when asked, up to `concurrency` envelopes in flight at once. Resolves with the HTTP status of each delivery.
   */
  async release(callId: string, options: { copies?: number; shuffle?: boolean; reverse?: boolean; concurrency?: number } = {}): Promise<number[]> {
    const call = this.calls.get(callId);
    const items = this.held.get(callId) ?? [];
    this.held.delete(callId);
    if (!call) return [];
    const all = Array.from({ length: options.copies ?? 1 }, () => items.map((i) => structuredClone(i))).flat();
    if (options.reverse) all.reverse();
    if (options.shuffle) {
      for (let i = all.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [all[i], all[j]] = [all[j] as NotificationItem, all[i] as NotificationItem];
      }
    }
    const statuses: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < all.length) {
        const item = all[next++] as NotificationItem;
        statuses.push(await this.post(call, [item]));
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker));
    return statuses;
  }

  async post(call: SimulatedCall, items: NotificationItem[], token?: string): Promise<number> {
    const bearer = token ?? (await this.callbackToken());
    let status = 0;
    try {
      const response = await fetch(call.callbackUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'client-request-id': randomUUID(), 'scenario-id': randomUUID() },
        body: JSON.stringify({ value: items }),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = 0;
    }
    this.deliveries.push({ callId: call.id, status, items });
    return status;
  }

  callbackToken(overrides: Record<string, unknown> = {}): Promise<string> {
    return signToken(this.callbackKey, { iss: 'https://graph.microsoft.com', aud: this.audience.botAppId, tid: this.audience.tenantId, ...overrides }, 3600);
  }

  protected track(task: Promise<void>): void {
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  /** Resolves when every scheduled ring and delivery has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

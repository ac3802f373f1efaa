import { describe, expect, it } from 'vitest';
import { createTelemetry } from '../../../src/lib/telemetry/telemetry';

describe('a telemetry exporter that could not start', () => {
  it('gives its reason to the first invocation only, so it is logged once through a context', () => {
    const telemetry = createTelemetry('none', 'telemetry not started (otlp): TypeError');
    expect(telemetry.takeStartFailure()).toBe('telemetry not started (otlp): TypeError');
    expect(telemetry.takeStartFailure()).toBeUndefined();
    expect(createTelemetry('none').takeStartFailure()).toBeUndefined();
  });
});

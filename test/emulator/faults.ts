// Injected failures and latency for API calls (never for /_emulator control calls).
import type { FaultRule, LatencyConfig } from './scenario';

export type { FaultRule, LatencyConfig } from './scenario';

interface ArmedFault {
  rule: FaultRule;
  /** Remaining hits; Infinity for times: 0. */
  remaining: number;
}

export class FaultInjector {
  private armed: ArmedFault[] = [];

  set(rules: readonly FaultRule[]): void {
    this.armed = rules.map((rule) => ({ rule, remaining: rule.times === 0 ? Number.POSITIVE_INFINITY : (rule.times ?? 1) }));
  }

  /** The first armed rule matching the call, consuming one of its hits. */
  take(method: string, path: string, surface: 'arm' | 'graph'): FaultRule | undefined {
    const hit = this.armed.find(({ rule, remaining }) => {
      const m = rule.match ?? {};
      return (
        remaining > 0 &&
        (!m.method || m.method.toUpperCase() === method.toUpperCase()) &&
        (!m.pathIncludes || path.toLowerCase().includes(m.pathIncludes.toLowerCase())) &&
        (!m.surface || m.surface === surface)
      );
    });
    if (!hit) {
      return undefined;
    }
    hit.remaining -= 1;
    return hit.rule;
  }
}

export function latencyFor(config: LatencyConfig, path: string): number {
  const lower = path.toLowerCase();
  for (const [fragment, ms] of Object.entries(config.perRouteMs ?? {})) {
    if (lower.includes(fragment.toLowerCase())) {
      return ms;
    }
  }
  return config.defaultMs ?? 0;
}

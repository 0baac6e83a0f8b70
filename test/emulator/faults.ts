// Injected failures and latency for API calls (never for /_emulator control calls).
import type { ApiResponse } from './http';
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

// Test-only faults: neither ARM nor Graph is documented to redirect a PIM call or to page onto another host.
// They exist so tests can prove a token never follows a link to another origin.

/** `status` (default 302) with a Location of the same path and query on the fault's target origin. */
export function redirectElsewhere(rule: FaultRule, rawUrl: string): ApiResponse {
  return { status: rule.status ?? 302, headers: { Location: new URL(rawUrl, rule.targetOrigin).href } };
}

/** The list as answered, but its next-page link (ARM `nextLink`, Graph `@odata.nextLink`) on the target origin. */
export function nextLinkElsewhere(rule: FaultRule, response: ApiResponse, rawUrl: string, surface: 'arm' | 'graph'): ApiResponse {
  const body = response.body;
  if (response.status !== 200 || typeof body !== 'object' || body === null || !Array.isArray((body as { value?: unknown }).value)) {
    return response;
  }
  const link = new URL(rawUrl, rule.targetOrigin).href;
  return { ...response, body: { ...body, [surface === 'arm' ? 'nextLink' : '@odata.nextLink']: link } };
}

// Runs "elevate before deploy" for the command, the azure-pim task, the API and auto re-activation: refreshes the
// store and hands the pure orchestration what it needs (policies, defaults, the form's memory). Everything about
// matching and deciding lives in src/core/flows (declaredRoles.ts, ensureRoles.ts).
import * as vscode from 'vscode';
import type { EnsureActiveOptions, EnsureResult, EnsureRoleResult } from '../api';
import type { Settings } from '../config';
import { apiJustification } from '../core/flows/apiElevation';
import type { FormMemory } from '../core/store/formMemory';
import type { PolicyCache } from '../core/store/policyCache';
import { loadPolicy } from '../core/flows/roleOperations';
import type { RoleStore, RowRef } from '../core/store/roleStore';
import type { ActivationPolicy } from '../shared/policyShape';
import type { DeclaredRole } from '../core/flows/declaredRoles';
import { ensureRoles, type ElevationProgress } from '../core/flows/ensureRoles';

export interface ElevationRunnerDeps {
  readonly store: RoleStore;
  readonly policies: PolicyCache;
  readonly settings: () => Settings;
  readonly memory: FormMemory;
  readonly log: vscode.LogOutputChannel;
  /** PIM's clock (time budgets are measured on it). */
  readonly now: () => Date;
}

export interface ElevateOptions extends EnsureActiveOptions {
  readonly onProgress?: (progress: ElevationProgress) => void;
  readonly signal?: AbortSignal;
  /** Another extension asked (the API): the justification says so, and is not offered in the form's recent list. */
  readonly requestedThroughApi?: boolean;
  /** Who asked, said in the justification sent (default: the API's note when requestedThroughApi). */
  readonly annotateJustification?: (justification: string) => string;
}

/** No activation lasts longer than a day. */
const MAX_BUDGET_MINUTES = 24 * 60;

export class ElevationRunner {
  constructor(private readonly deps: ElevationRunnerDeps) {}

  get signedIn(): boolean {
    return this.deps.store.hasConnections;
  }

  /** The role's policy through the shared cache; undefined when it cannot be read (PIM still checks it). */
  policyFor = async (ref: RowRef): Promise<ActivationPolicy | undefined> => {
    const key = ref.row.eligible?.key ?? ref.row.active?.key;
    if (!key) {
      return undefined;
    }
    const entry = await this.deps.policies.get(ref.row.id, () => loadPolicy(ref.connection, key));
    return entry.state === 'loaded' ? entry.policy : undefined;
  };

  async ensure(roles: readonly DeclaredRole[], options: ElevateOptions = {}): Promise<EnsureResult> {
    const { store, log } = this.deps;
    if (!store.hasConnections) {
      const results = roles.map(
        (role): EnsureRoleResult => ({
          role: role.role,
          scope: role.scope,
          kind: role.kind ?? 'azure',
          outcome: 'notSignedIn',
          ok: false,
          message: vscode.l10n.t('Not signed in to Azure PIM: run "Azure PIM: Sign In" first.'),
        }),
      );
      return { ok: false, roles: results, summary: vscode.l10n.t('Not signed in to Azure PIM.') };
    }
    // Decide on fresh state: a pending request or an activation made elsewhere must be seen, not re-sent.
    await store.refresh();
    const result = await ensureRoles(store, roles, {
      policyFor: this.policyFor,
      defaultDurationMinutes: options.durationMinutes ?? this.deps.settings().defaultDurationMinutes,
      ...(options.justification ? { defaultJustification: options.justification } : {}),
      waitForAccess: options.waitForAccess ?? false,
      accessTimeoutMs: Math.max(1, options.timeoutMinutes ?? 10) * 60_000,
      // A deploy that waits for access also waits for the approver: it resumes on its own once approved.
      waitForApproval: options.waitForAccess ?? false,
      approvalTimeoutMs: Math.max(1, options.timeoutMinutes ?? 10) * 60_000,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.minRemainingMinutes !== undefined && options.minRemainingMinutes > 0
        ? { timeBudget: { minRemainingMinutes: Math.min(Math.round(options.minRemainingMinutes), MAX_BUDGET_MINUTES), now: this.deps.now } }
        : {}),
      ...(options.annotateJustification
        ? { annotateJustification: options.annotateJustification }
        : options.requestedThroughApi
          ? { annotateJustification: apiJustification }
          : {}),
      onProgress: (progress) => {
        log.info(`Workspace elevation: ${progress.label}: ${progress.message}`);
        options.onProgress?.(progress);
      },
    });
    log.info(`Workspace elevation: ${result.summary}`);
    if (options.requestedThroughApi || options.annotateJustification) {
      return result;
    }
    const justifications = new Set([options.justification, ...roles.map((role) => role.justification)].filter((text): text is string => Boolean(text)));
    for (const text of justifications) {
      await this.deps.memory.rememberJustification(text);
    }
    return result;
  }
}

// The API returned from activate() (types in src/api.ts). Only roles a trusted workspace declares are activated
// without asking, within the declaration; any other role (every role in Restricted Mode) only after the user
// confirms in a modal dialog that lists them. Nothing here exposes a token.
import * as vscode from 'vscode';
import type { AzurePimApi, DeclaredPimRole, EnsureActiveOptions, EnsureResult } from '../api';
import type { Settings } from '../config';
import { planApiRequest } from '../core/flows/apiElevation';
import type { RoleStore } from '../core/store/roleStore';
import { declaredLabel, parseDeclaredRoles, type DeclaredRole } from '../core/flows/declaredRoles';
import { activeRoleSummaries } from '../core/flows/apiElevation';
import type { ElevationRunner } from './elevationRunner';
import type { LeastPrivilege } from './leastPrivilege';
import { readWorkspaceRoles } from './workspaceRoles';
import * as notify from '../ui/notify';

export function createPublicApi(
  store: RoleStore,
  elevator: ElevationRunner,
  settings: () => Settings,
  log: vscode.LogOutputChannel,
  leastPrivilege: LeastPrivilege,
): AzurePimApi & vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const subscription = store.onDidChange(() => changed.fire());
  return {
    onDidChange: changed.event,
    listActive: () => activeRoleSummaries(store.allRows()),
    ensureActive: async (roles: readonly DeclaredPimRole[], options: EnsureActiveOptions = {}): Promise<EnsureResult> => {
      const { roles: requested, problems } = parseDeclaredRoles(roles, 'roles');
      if (problems.length > 0) {
        throw new Error(`Azure PIM ensureActive: ${problems.join(' ')}`);
      }
      const workspace = readWorkspaceRoles();
      const plan = planApiRequest(requested, workspace.roles, {
        ...(options.justification !== undefined ? { justification: options.justification } : {}),
        ...(options.durationMinutes !== undefined ? { durationMinutes: options.durationMinutes } : {}),
        defaultDurationMinutes: settings().defaultDurationMinutes,
      });
      const undeclared = plan.filter((request) => !request.declared).map((request) => request.role);
      if (undeclared.length > 0 && !(await userConfirms(undeclared, workspace.restricted))) {
        log.info(`API: the user declined to activate ${undeclared.map((role) => JSON.stringify(declaredLabel(role))).join(', ')}.`);
        return {
          ok: false,
          roles: requested.map((role) => ({ role: role.role, scope: role.scope, kind: role.kind ?? 'azure', outcome: 'declined' as const, ok: false, message: vscode.l10n.t('The user declined.') })),
          summary: vscode.l10n.t('Declined by the user.'),
        };
      }
      const planned = plan.map((request) => request.role);
      const activeBefore = leastPrivilege.activeBefore();
      const result = await elevator.ensure(
        planned,
        {
          ...(options.waitForAccess !== undefined ? { waitForAccess: options.waitForAccess } : {}),
          ...(options.timeoutMinutes !== undefined ? { timeoutMinutes: options.timeoutMinutes } : {}),
          ...(typeof options.minRemainingMinutes === 'number' && Number.isFinite(options.minRemainingMinutes) ? { minRemainingMinutes: options.minRemainingMinutes } : {}),
          requestedThroughApi: true,
        },
      );
      const deactivateWhenDone = options.deactivateWhenDone === true;
      const activated = await leastPrivilege.recordRun(vscode.l10n.t('another extension (API)'), activeBefore, planned, deactivateWhenDone);
      if (!deactivateWhenDone) {
        return result;
      }
      let released = false;
      return {
        ...result,
        release: () => {
          if (!released) {
            released = true;
            leastPrivilege.deactivateNow(activated);
          }
        },
      };
    },
    dispose: () => {
      subscription.dispose();
      changed.dispose();
    },
  };
}

/** A modal dialog (plain text) listing each role with its duration; true when the user chose Activate. */
async function userConfirms(roles: readonly DeclaredRole[], restricted: boolean): Promise<boolean> {
  const lines = roles.map((role) => `• ${vscode.l10n.t('{0}, {1} min', declaredLabel(role), role.durationMinutes ?? '?')}`);
  const detail = [
    ...lines,
    '',
    restricted
      ? vscode.l10n.t('This workspace is in Restricted Mode, so its declared roles are off and every request needs your confirmation.')
      : vscode.l10n.t('This workspace does not declare these roles in azurePim.workspaceRoles.'),
  ].join('\n');
  const activate = vscode.l10n.t('Activate');
  const answer = await notify.showWarningMessage(
    roles.length === 1 ? vscode.l10n.t('Another extension asks Azure PIM to activate a role.') : vscode.l10n.t('Another extension asks Azure PIM to activate {0} roles.', roles.length),
    { modal: true, detail },
    activate,
  );
  return answer === activate;
}

// The API returned from activate() (types in src/api.ts). Roles the workspace declares are activated without
// asking; any other role only after the user confirms. Nothing here exposes a token.
import * as vscode from 'vscode';
import type { AzurePimApi, DeclaredPimRole, EnsureActiveOptions, EnsureResult } from '../api';
import type { RoleStore } from '../core/roleStore';
import { activeRoleSummaries, declaredLabel, parseDeclaredRoles, type DeclaredRole } from '../core/workspaceElevation';
import { readWorkspaceRoles, type WorkspaceElevator } from './workspaceElevator';
import { formatList } from '../shared/locale';
import * as notify from '../ui/notify';

export function createPublicApi(store: RoleStore, elevator: WorkspaceElevator, log: vscode.LogOutputChannel): AzurePimApi & vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const subscription = store.onDidChange(() => changed.fire());
  return {
    onDidChange: changed.event,
    listActive: () => activeRoleSummaries(store.allRows()),
    ensureActive: async (roles: readonly DeclaredPimRole[], options: EnsureActiveOptions = {}): Promise<EnsureResult> => {
      const { roles: declared, problems } = parseDeclaredRoles(roles, 'roles');
      if (problems.length > 0) {
        throw new Error(`Azure PIM ensureActive: ${problems.join(' ')}`);
      }
      const workspace = readWorkspaceRoles().roles;
      const declaration = (role: DeclaredRole): DeclaredRole | undefined =>
        workspace.find(
          (known) =>
            known.role.toLowerCase() === role.role.toLowerCase() &&
            known.scope.toLowerCase().replace(/\/+$/, '') === role.scope.toLowerCase().replace(/\/+$/, '') &&
            (known.kind ?? 'azure') === (role.kind ?? 'azure'),
        );
      const undeclared = declared.filter((role) => !declaration(role));
      if (undeclared.length > 0) {
        const labels = undeclared.map(declaredLabel);
        const activate = vscode.l10n.t('Activate');
        const answer = await notify.showWarningMessage(
          vscode.l10n.t('An extension asks Azure PIM to activate roles this workspace does not declare: {0}.', formatList(labels)),
          { modal: true },
          activate,
        );
        if (answer !== activate) {
          log.info(`API: activation of undeclared roles declined (${labels.join(', ')}).`);
          return {
            ok: false,
            roles: declared.map((role) => ({ role: role.role, scope: role.scope, kind: role.kind ?? 'azure', outcome: 'declined' as const, ok: false, message: vscode.l10n.t('The user declined.') })),
            summary: vscode.l10n.t('Declined by the user.'),
          };
        }
      }
      // A declared role brings its own justification and duration unless the caller gives them.
      const merged = declared.map((role) => ({ ...declaration(role), ...role }));
      return elevator.ensure(merged, options);
    },
    dispose: () => {
      subscription.dispose();
      changed.dispose();
    },
  };
}

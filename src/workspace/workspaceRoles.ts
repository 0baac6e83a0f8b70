// The roles this workspace declares (azurePim.workspaceRoles), read from VS Code's configuration; nothing in
// Restricted Mode. Parsing and matching are in src/core/flows/declaredRoles.ts.
import * as vscode from 'vscode';
import { parseDeclaredRoles, type DeclaredRole } from '../core/flows/declaredRoles';

export const WORKSPACE_ROLES_SETTING = 'azurePim.workspaceRoles';
// Not "workspaceRoles.autoReactivate": VS Code's settings tree cannot hold a key below an array-valued setting.
export const AUTO_REACTIVATE_SETTING = 'azurePim.workspaceRolesAutoReactivate';

export interface WorkspaceRoles {
  readonly roles: DeclaredRole[];
  readonly problems: string[];
  /** Restricted Mode: the workspace's roles are off until the user trusts it. */
  readonly restricted: boolean;
}

/**
 * The roles this workspace declares (`azurePim.workspaceRoles`), and what is wrong with invalid entries. Nothing in
 * Restricted Mode: VS Code drops the setting there (restrictedConfigurations), and this checks trust itself too.
 */
export function readWorkspaceRoles(): WorkspaceRoles {
  if (!vscode.workspace.isTrusted) {
    return { roles: [], problems: [], restricted: true };
  }
  return { ...parseDeclaredRoles(vscode.workspace.getConfiguration().get<unknown>(WORKSPACE_ROLES_SETTING), WORKSPACE_ROLES_SETTING), restricted: false };
}

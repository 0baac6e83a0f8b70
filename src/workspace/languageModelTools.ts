// The language-model tools (contributes.languageModelTools): an agent may list the user's roles, and ask to activate
// roles this trusted workspace declares. Every activation is confirmed by the user through prepareInvocation, and
// invoke() only sends what a confirmation just stated; what may be asked is decided in core/flows/agentTools.ts.
// Results are plain data: never a token.
import * as vscode from 'vscode';
import { agentJustification, agentRoleList, confirmationLines, planAgentActivation, type AgentPlan } from '../core/flows/agentTools';
import type { RoleStore } from '../core/store/roleStore';
import type { JustificationVerdict } from '../shared/protocol';
import { nameText, tooltipText } from '../shared/inertText';
import { redactSecrets } from '../shared/secrets';
import type { ElevationRunner } from './elevationRunner';
import type { LeastPrivilege } from './leastPrivilege';
import { readWorkspaceRoles } from './workspaceRoles';

export const LIST_ROLES_TOOL = 'azurePim_listRoles';
export const ACTIVATE_ROLES_TOOL = 'azurePim_activateRoles';

export interface LanguageModelToolsDeps {
  readonly store: RoleStore;
  readonly elevator: ElevationRunner;
  readonly now: () => Date;
  readonly defaultDurationMinutes: () => number;
  /** The organisation's justification pattern, checked as the form checks it. */
  readonly justificationVerdict: (justification: string) => JustificationVerdict;
  readonly log: vscode.LogOutputChannel;
  /** Receipts: what an agent activated, and its calls while roles are active. */
  readonly leastPrivilege: LeastPrivilege;
}

/** Confirmations shown whose invocation never came (VS Code may prepare without invoking): forgotten past this many. */
const MAX_UNUSED_CONFIRMATIONS = 20;

function textResult(value: unknown): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(typeof value === 'string' ? value : JSON.stringify(value))]);
}

export function registerLanguageModelTools(deps: LanguageModelToolsDeps): vscode.Disposable[] {
  // The inputs a confirmation was shown for: invoke() sends nothing that was not confirmed (each used once).
  const confirmed = new Map<string, number>();
  const plan = (input: unknown): Promise<AgentPlan> => {
    const workspace = readWorkspaceRoles();
    return planAgentActivation(input, workspace, deps.store.allRows(), {
      policyFor: deps.elevator.policyFor,
      defaultDurationMinutes: deps.defaultDurationMinutes(),
      justificationVerdict: deps.justificationVerdict,
    });
  };

  const listTool: vscode.LanguageModelTool<Record<string, never>> = {
    invoke: () => {
      deps.leastPrivilege.noteAgentCall(vscode.l10n.t('AI agent: listed the roles'));
      const workspace = readWorkspaceRoles();
      return textResult({
        signedIn: deps.elevator.signedIn,
        workspaceTrusted: !workspace.restricted,
        roles: agentRoleList(deps.store.allRows(), workspace.roles, deps.now()),
      });
    },
  };

  const activateTool: vscode.LanguageModelTool<object> = {
    prepareInvocation: async (options) => {
      const planned = await plan(options.input);
      if (!planned.ok) {
        return { invocationMessage: vscode.l10n.t('Azure PIM: checking the request') };
      }
      const key = JSON.stringify(options.input);
      if (confirmed.size >= MAX_UNUSED_CONFIRMATIONS) {
        confirmed.clear();
      }
      confirmed.set(key, (confirmed.get(key) ?? 0) + 1);
      const message = new vscode.MarkdownString();
      for (const line of confirmationLines(planned.roles)) {
        message.appendText(tooltipText(`• ${line}`));
        message.appendMarkdown('\n\n');
      }
      message.appendText(tooltipText(vscode.l10n.t('An AI agent asks for this. The justification sent says so.')));
      return {
        invocationMessage: vscode.l10n.t('Azure PIM: activating roles'),
        confirmationMessages: {
          title: planned.roles.length === 1 ? vscode.l10n.t('Activate an Azure PIM role for the agent?') : vscode.l10n.t('Activate {0} Azure PIM roles for the agent?', planned.roles.length),
          message,
        },
      };
    },
    invoke: async (options, token) => {
      // Restricted Mode is refused before anything else, signed in or not.
      if (vscode.workspace.isTrusted && !deps.elevator.signedIn) {
        return textResult(vscode.l10n.t('Not signed in to Azure PIM: ask the user to run "Azure PIM: Sign In".'));
      }
      const planned = await plan(options.input);
      if (!planned.ok) {
        deps.log.info(`Language model tool: refused: ${planned.refusal}`);
        return textResult(planned.refusal);
      }
      const key = JSON.stringify(options.input);
      const left = confirmed.get(key) ?? 0;
      if (left === 0) {
        return textResult(vscode.l10n.t('Refused: this request was not confirmed by the user.'));
      }
      if (left === 1) {
        confirmed.delete(key);
      } else {
        confirmed.set(key, left - 1);
      }
      const abort = new AbortController();
      const cancellation = token.onCancellationRequested(() => abort.abort());
      try {
        const roles = planned.roles.map((request) => request.role);
        const activeBefore = deps.leastPrivilege.activeBefore();
        const result = await deps.elevator.ensure(roles, { annotateJustification: agentJustification, signal: abort.signal });
        await deps.leastPrivilege.recordRun(vscode.l10n.t('AI agent (Azure PIM tool)'), activeBefore, roles, false);
        deps.leastPrivilege.noteAgentCall(vscode.l10n.t('AI agent: {0}', result.summary));
        return textResult({
          ok: result.ok,
          summary: result.summary,
          roles: result.roles.map((role) => ({
            role: nameText(role.roleName ?? role.role),
            scope: nameText(role.scope),
            scopeName: nameText(role.scopeDisplayName ?? role.scope),
            outcome: role.outcome,
            ok: role.ok,
            message: nameText(redactSecrets(role.message)),
            ...(role.endsAt ? { endsAt: role.endsAt } : {}),
          })),
        });
      } finally {
        cancellation.dispose();
      }
    },
  };

  return [vscode.lm.registerTool(LIST_ROLES_TOOL, listTool), vscode.lm.registerTool(ACTIVATE_ROLES_TOOL, activateTool)];
}

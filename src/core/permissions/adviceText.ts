// The words that explain an ElevationAdvice: why the best role, why the others rank lower, what to ask for when none
// fits. Names from the tenant and text from the error go through nameText; the surface's own helper (src/ui) does the rest.
import * as l10n from '@vscode/l10n';
import type { ElevationAdvice, RoleCandidate } from './elevationAdvice';
import { scopeShortName } from './failingScope';
import { entryCount, exclusionCount, grantsEveryAction } from './permissionMatching';
import type { RoleDefinition } from './roleDefinition';
import { SCOPE_TYPE_LABELS } from '../model/presentation';
import { nameText } from '../../shared/inertText';

/** "Microsoft.Web/sites/write on app-e2e" (or the operation alone when the error named no scope). */
export function deniedLabel(advice: Pick<ElevationAdvice, 'operation' | 'scope'>): string {
  return advice.scope
    ? l10n.t('{0} on {1}', nameText(advice.operation), nameText(scopeShortName(advice.scope.id)))
    : nameText(advice.operation);
}

/** "Website Contributor on rg-app". */
export function candidateLabel(candidate: RoleCandidate): string {
  return l10n.t('{0} on {1}', nameText(candidate.ref.row.roleName), nameText(candidate.ref.row.scope.displayName));
}

/** How much a role grants, in words: "every action except 8", "12 permission entries". */
export function breadthText(definition: RoleDefinition): string {
  if (grantsEveryAction(definition)) {
    const excluded = exclusionCount(definition);
    return excluded > 0 ? l10n.t('every action except {0}', excluded) : l10n.t('every action');
  }
  return l10n.t('{0} permission entries', entryCount(definition));
}

/** Why this role grants the operation: through which entry, on which scope. */
export function grantReason(candidate: RoleCandidate, advice: ElevationAdvice): string {
  const entry = nameText(candidate.grant);
  const operation = nameText(advice.operation);
  if (!advice.scope) {
    return l10n.t('Grants {0} through "{1}" on {2}; the error names no scope, so check that it is the right one.', operation, entry, nameText(candidate.ref.row.scope.displayName));
  }
  const target = nameText(scopeShortName(advice.scope.id));
  if (candidate.containment === 'uncertain') {
    return l10n.t('Grants {0} through "{1}" on {2}, if {3} is under it.', operation, entry, nameText(candidate.ref.row.scope.displayName), target);
  }
  return l10n.t('Grants {0} on {1} through "{2}".', operation, target, entry);
}

/** Why `candidate` ranks below `best`: the first criterion that tells them apart. */
export function lowerRankReason(candidate: RoleCandidate, best: RoleCandidate): string {
  if (candidate.containment !== best.containment) {
    return l10n.t('Would also grant it, but only if the failing scope is under {0}.', nameText(candidate.ref.row.scope.displayName));
  }
  if (candidate.breadth > best.breadth) {
    return l10n.t('Would also grant it, but grants more: {0}.', breadthText(candidate.definition));
  }
  if (candidate.ref.row.scope.type !== best.ref.row.scope.type) {
    return l10n.t('Would also grant it, on a wider scope ({0}).', SCOPE_TYPE_LABELS[candidate.ref.row.scope.type]);
  }
  if (candidate.requiresApproval && !best.requiresApproval) {
    return l10n.t('Would also grant it, but needs approval.');
  }
  return l10n.t('Would also grant it.');
}

/** The best role and why, with the runner-up compared: "…; Contributor would also, but grants every action except 8." */
export function bestReason(advice: ElevationAdvice): string {
  const [best, next] = advice.eligible;
  if (!best) {
    return '';
  }
  const reason = grantReason(best, advice);
  if (!next) {
    return reason;
  }
  const comparison =
    next.breadth > best.breadth
      ? l10n.t('{0} would also, but grants {1}.', nameText(next.ref.row.roleName), breadthText(next.definition))
      : l10n.t('{0} would also.', nameText(next.ref.row.roleName));
  return l10n.t('{0} {1}', reason, comparison);
}

/** When no role of the user grants it: say so, and which built-in role would, at which scope. */
export function noneFitsText(advice: ElevationAdvice): string {
  const denied = deniedLabel(advice);
  const suggestedScope = advice.scope ? nameText(advice.scope.armScopeType === 'resource' ? scopeShortName(parentResourceGroup(advice.scope.armScope)) : scopeShortName(advice.scope.armScope)) : undefined;
  const text = advice.builtIn
    ? suggestedScope
      ? l10n.t('None of your eligible roles grants {0}. The built-in role {1} would, assigned at {2}: ask your administrator to make you eligible for it.', denied, nameText(advice.builtIn.roleName), suggestedScope)
      : l10n.t('None of your eligible roles grants {0}. The built-in role {1} would: ask your administrator to make you eligible for it.', denied, nameText(advice.builtIn.roleName))
    : l10n.t('None of your eligible roles grants {0}, and no built-in role was found that does: ask your administrator.', denied);
  return advice.unreadable.length > 0 ? l10n.t('{0} ({1} role definitions could not be read.)', text, advice.unreadable.length) : text;
}

/** The resource group that holds a resource id ("/subscriptions/…/resourceGroups/rg"), or the id itself. */
function parentResourceGroup(resourceId: string): string {
  return /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i.exec(resourceId)?.[0] ?? resourceId;
}

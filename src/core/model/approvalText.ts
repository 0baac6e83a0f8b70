// How a request awaiting my approval reads in a list: what (role on scope), who asks, and why, for how long, which
// ticket and since when. Tenant text is made one bounded line here; each surface still applies its own escaping.
import * as l10n from '@vscode/l10n';
import type { RequestToApprove } from '../api/armApprovals';
import { formatMinutesShort, parseIsoDuration } from './duration';
import { nameText } from '../../shared/inertText';

export interface ApprovalLines {
  /** "Owner on Contoso Prod" */
  readonly title: string;
  /** "Dana Developer (dana@contoso.com)" */
  readonly requester: string;
  /** "“release 42” · for 1h · ticket CHG-7 (ServiceNow) · asked 5m ago" */
  readonly details: string;
}

export function approvalLines(entry: RequestToApprove, now: Date): ApprovalLines {
  const { request } = entry;
  const name = nameText(entry.requesterName ?? entry.requesterId);
  const requester = entry.requesterEmail ? l10n.t('{0} ({1})', name, nameText(entry.requesterEmail)) : name;
  const details: string[] = [request.justification ? l10n.t('“{0}”', nameText(request.justification)) : l10n.t('no justification')];
  const minutes = request.duration ? parseIsoDuration(request.duration) : undefined;
  if (minutes !== undefined) {
    details.push(l10n.t('for {0}', formatMinutesShort(minutes)));
  }
  if (entry.ticketNumber) {
    details.push(entry.ticketSystem ? l10n.t('ticket {0} ({1})', nameText(entry.ticketNumber), nameText(entry.ticketSystem)) : l10n.t('ticket {0}', nameText(entry.ticketNumber)));
  }
  if (request.createdOn) {
    details.push(l10n.t('asked {0} ago', formatMinutesShort(Math.max(0, (now.getTime() - request.createdOn.getTime()) / 60_000))));
  }
  return {
    title: l10n.t('{0} on {1}', nameText(request.roleName), nameText(request.scope.displayName)),
    requester,
    details: details.join(' · '),
  };
}

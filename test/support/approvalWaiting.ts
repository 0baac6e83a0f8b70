// ensureRoles options for the requester's side of the approval tests: waits for approval with short back-offs, so a
// decision made by the test's approver is seen within a few tens of milliseconds.
import { type ElevationProgress, type EnsureOptions } from '../../src/core/flows/ensureRoles';
import { loadPolicy } from '../../src/core/flows/roleOperations';
import type { RowRef } from '../../src/core/store/roleStore';

const policyFor = async (ref: RowRef) => {
  const key = ref.row.eligible?.key ?? ref.row.active?.key;
  return key ? loadPolicy(ref.connection, key) : undefined;
};

/** Waits for approval (back-off 50, 100 ms; 5 s at most); every progress event is pushed onto `events`. */
export function waitingForApproval(events: ElevationProgress[] = []): EnsureOptions {
  return {
    policyFor,
    defaultJustification: 'release 42',
    follow: { pollIntervalsMs: [50], pollTimeoutMs: 2000 },
    waitForApproval: true,
    approvalBackoff: [50, 100],
    approvalTimeoutMs: 5000,
    onProgress: (event) => events.push(event),
  };
}

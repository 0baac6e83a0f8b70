// Elevation receipts: each run that activated roles (an azure-pim task, the agent tool, another extension) leaves a
// local entry saying which roles, which tasks and agent calls ran while they were active, and when they ended. Kept
// in VS Code's globalState on this machine only (never synced, never sent anywhere); shown in My requests. What is
// stored is ours but may come from an older version, so it is read defensively and bounded.
import { randomUUID } from 'node:crypto';
import type { KeyValueStore } from './formMemory';
import type { RowRef } from './roleStore';
import * as l10n from '@vscode/l10n';
import { nameText } from '../../shared/inertText';
import { formatList, formatTime } from '../../shared/locale';

export interface ReceiptRole {
  readonly rowId: string;
  readonly roleName: string;
  readonly scopeName: string;
  /** ISO 8601: when the activation was due to end when the run made it. */
  readonly endsAt?: string;
  /** ISO 8601: when it was seen no longer active (deactivated), or its end when it expired. */
  readonly endedAt?: string;
}

export interface ReceiptRun {
  /** A task's name, or what an agent call did. */
  readonly name: string;
  readonly at: string;
  readonly exitCode?: number;
}

export interface ElevationReceipt {
  readonly id: string;
  readonly startedAt: string;
  /** Who activated: "task “elevate”", "AI agent", "another extension". */
  readonly by: string;
  readonly deactivateWhenDone: boolean;
  readonly roles: readonly ReceiptRole[];
  readonly ran: readonly ReceiptRun[];
}

const RECEIPTS_KEY = 'azurePim.elevationReceipts';
const MAX_RECEIPTS = 30;
const MAX_RUNS = 20;

function hasStrings(value: unknown, keys: readonly string[]): boolean {
  return typeof value === 'object' && value !== null && keys.every((key) => typeof (value as Record<string, unknown>)[key] === 'string');
}

function isReceipt(value: unknown): value is ElevationReceipt {
  const receipt = value as ElevationReceipt;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof receipt.id === 'string' &&
    typeof receipt.startedAt === 'string' &&
    typeof receipt.by === 'string' &&
    Array.isArray(receipt.roles) &&
    (receipt.roles as unknown[]).every((role) => hasStrings(role, ['rowId', 'roleName', 'scopeName'])) &&
    Array.isArray(receipt.ran) &&
    (receipt.ran as unknown[]).every((run) => hasStrings(run, ['name', 'at']))
  );
}

export class ElevationReceipts {
  constructor(private readonly storage: KeyValueStore) {}

  /** Newest first. */
  list(): ElevationReceipt[] {
    const stored = this.storage.get<unknown>(RECEIPTS_KEY);
    return (Array.isArray(stored) ? stored : []).filter(isReceipt).slice(0, MAX_RECEIPTS);
  }

  /** A run activated these roles. */
  async open(by: string, refs: readonly RowRef[], now: Date, deactivateWhenDone: boolean): Promise<void> {
    if (refs.length === 0) {
      return;
    }
    const receipt: ElevationReceipt = {
      id: randomUUID(),
      startedAt: now.toISOString(),
      by: nameText(by),
      deactivateWhenDone,
      roles: refs.map((ref) => ({
        rowId: ref.row.id,
        roleName: nameText(ref.row.roleName),
        scopeName: nameText(ref.row.scope.displayName),
        ...(ref.row.endsAt ? { endsAt: ref.row.endsAt.toISOString() } : {}),
      })),
      ran: [],
    };
    await this.save([receipt, ...this.list()]);
  }

  /** A task (or an agent call) ran: noted on every receipt with a role still active. */
  async noteRun(name: string, now: Date, exitCode?: number): Promise<void> {
    const receipts = this.list();
    const activeNow = (receipt: ElevationReceipt): boolean => receipt.roles.some((role) => !role.endedAt && (!role.endsAt || Date.parse(role.endsAt) > now.getTime()));
    if (!receipts.some(activeNow)) {
      return;
    }
    const run: ReceiptRun = { name: nameText(name), at: now.toISOString(), ...(exitCode !== undefined ? { exitCode } : {}) };
    await this.save(receipts.map((receipt) => (activeNow(receipt) ? { ...receipt, ran: [...receipt.ran, run].slice(-MAX_RUNS) } : receipt)));
  }

  /** Roles that are no longer active get their end time (the store changed: deactivated, expired). */
  async update(refs: readonly RowRef[], now: Date): Promise<void> {
    const active = new Set(refs.filter((ref) => ref.row.state === 'active').map((ref) => ref.row.id));
    // A row that is not listed at all (a tenant still loading, signed out) says nothing about the role.
    const listed = new Set(refs.map((ref) => ref.row.id));
    let changed = false;
    const receipts = this.list().map((receipt) => {
      if (!isOpen(receipt)) {
        return receipt;
      }
      const roles = receipt.roles.map((role) => {
        if (role.endedAt || active.has(role.rowId) || !listed.has(role.rowId)) {
          return role;
        }
        changed = true;
        // Expired: its end, not the moment we noticed.
        const ended = role.endsAt && Date.parse(role.endsAt) < now.getTime() ? role.endsAt : now.toISOString();
        return { ...role, endedAt: ended };
      });
      return { ...receipt, roles };
    });
    if (changed) {
      await this.save(receipts);
    }
  }

  private save(receipts: readonly ElevationReceipt[]): PromiseLike<void> {
    return this.storage.update(RECEIPTS_KEY, receipts.slice(0, MAX_RECEIPTS));
  }
}

/** A receipt with a role still active. */
export function isOpen(receipt: ElevationReceipt): boolean {
  return receipt.roles.some((role) => !role.endedAt);
}

/** A receipt as one entry of My requests: the roles, who activated them, what ran, when they ended. */
export function describeReceipt(receipt: ElevationReceipt): { label: string; description: string; detail: string } {
  const roles = formatList(receipt.roles.map((role) => l10n.t('{0} on {1}', role.roleName, role.scopeName)));
  const ends = receipt.roles.map((role) => role.endedAt).filter((at): at is string => Boolean(at));
  const started = formatTime(new Date(receipt.startedAt));
  const ended = isOpen(receipt) ? l10n.t('still active') : l10n.t('ended {0}', formatTime(new Date(ends.sort().at(-1) ?? receipt.startedAt)));
  const ran = receipt.ran.map((run) => (run.exitCode !== undefined ? l10n.t('{0} (exit {1})', run.name, run.exitCode) : run.name));
  return {
    label: l10n.t('Elevation receipt: {0}', roles),
    description: l10n.t('by {0} · {1} → {2}', receipt.by, started, ended),
    detail: [
      ran.length > 0 ? l10n.t('Ran while active: {0}', formatList(ran)) : l10n.t('Nothing ran while active.'),
      receipt.deactivateWhenDone ? l10n.t('Deactivated when done.') : '',
      l10n.t('Kept on this computer only.'),
    ]
      .filter(Boolean)
      .join(' · '),
  };
}

// What the activation form remembers between activations: the last duration, the last ticket system and the recent
// justifications (the form, presets and workspace elevation feed them). Kept in VS Code's globalState; what it holds
// is ours but may come from an older version, so it is read defensively and bounded to the protocol.
import { PROTOCOL_LIMITS } from '../../shared/protocol';

/** The part of VS Code's Memento this needs. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const LAST_DURATION_KEY = 'azurePim.lastDurationMinutes';
const RECENT_JUSTIFICATIONS_KEY = 'azurePim.recentJustifications';
const LAST_TICKET_SYSTEM_KEY = 'azurePim.lastTicketSystem';
const MAX_RECENT = 10;

export class FormMemory {
  constructor(private readonly store: KeyValueStore) {}

  /** The duration of the last submit; undefined when none (or not a number) was stored. */
  get lastDurationMinutes(): number | undefined {
    const stored = this.store.get<unknown>(LAST_DURATION_KEY);
    return typeof stored === 'number' ? stored : undefined;
  }

  get lastTicketSystem(): string | undefined {
    const stored = this.store.get<unknown>(LAST_TICKET_SYSTEM_KEY);
    return typeof stored === 'string' ? stored : undefined;
  }

  /** Newest first, at most what the protocol lets the form show. */
  get recentJustifications(): string[] {
    const stored = this.store.get<unknown>(RECENT_JUSTIFICATIONS_KEY);
    return (Array.isArray(stored) ? stored : [])
      .filter((text): text is string => typeof text === 'string' && text.trim() !== '' && text.length <= PROTOCOL_LIMITS.maxJustificationLength)
      .slice(0, Math.min(MAX_RECENT, PROTOCOL_LIMITS.maxRecentJustifications));
  }

  /** What a submit of the form leaves for the next one. */
  async rememberSubmit(submitted: { readonly durationMinutes: number; readonly ticketSystem: string; readonly justification: string }): Promise<void> {
    await this.store.update(LAST_DURATION_KEY, submitted.durationMinutes);
    if (submitted.ticketSystem) {
      await this.store.update(LAST_TICKET_SYSTEM_KEY, submitted.ticketSystem);
    }
    await this.rememberJustification(submitted.justification);
  }

  /** Puts a justification first in the recent list; an empty or oversized one is not kept. */
  async rememberJustification(text: string): Promise<void> {
    const justification = text.trim();
    if (!justification || justification.length > PROTOCOL_LIMITS.maxJustificationLength) {
      return;
    }
    const stored = this.store.get<unknown>(RECENT_JUSTIFICATIONS_KEY);
    const recent = (Array.isArray(stored) ? stored : []).filter((entry): entry is string => typeof entry === 'string' && entry !== justification);
    await this.store.update(RECENT_JUSTIFICATIONS_KEY, [justification, ...recent].slice(0, MAX_RECENT));
  }
}

// What the form remembers between activations (core/store/formMemory.ts), on an in-memory stand-in for globalState.
import * as assert from 'node:assert/strict';
import { FormMemory, type KeyValueStore } from '../../src/core/store/formMemory';
import { PROTOCOL_LIMITS } from '../../src/shared/protocol';

class MemoryStore implements KeyValueStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

describe('form memory', () => {
  it('remembers the last duration, ticket system and justification of a submit, under the keys earlier versions used', async () => {
    const store = new MemoryStore();
    const memory = new FormMemory(store);
    assert.deepEqual([memory.lastDurationMinutes, memory.lastTicketSystem, memory.recentJustifications], [undefined, undefined, []]);
    await memory.rememberSubmit({ durationMinutes: 90, ticketSystem: 'Jira', justification: '  Deploy 42 ' });
    assert.deepEqual([memory.lastDurationMinutes, memory.lastTicketSystem, memory.recentJustifications], [90, 'Jira', ['Deploy 42']]);
    assert.deepEqual([...store.values.keys()].sort(), ['azurePim.lastDurationMinutes', 'azurePim.lastTicketSystem', 'azurePim.recentJustifications']);
    await memory.rememberSubmit({ durationMinutes: 30, ticketSystem: '', justification: 'Hotfix' });
    assert.equal(memory.lastTicketSystem, 'Jira', 'an empty ticket system does not replace the last one');
  });

  it('keeps recent justifications newest first, without duplicates, at most ten', async () => {
    const memory = new FormMemory(new MemoryStore());
    for (let index = 0; index < 12; index++) {
      await memory.rememberJustification(`reason ${index}`);
    }
    await memory.rememberJustification('reason 5');
    const recent = memory.recentJustifications;
    assert.deepEqual(recent, ['reason 5', 'reason 11', 'reason 10', 'reason 9', 'reason 8', 'reason 7', 'reason 6', 'reason 4', 'reason 3', 'reason 2']);
    await memory.rememberJustification('   ');
    await memory.rememberJustification('x'.repeat(PROTOCOL_LIMITS.maxJustificationLength + 1));
    assert.deepEqual(memory.recentJustifications, recent, 'empty and oversized texts are not kept');
  });

  it('reads what an older version or a hand edit left defensively', () => {
    const store = new MemoryStore();
    store.values.set('azurePim.lastDurationMinutes', '90');
    store.values.set('azurePim.lastTicketSystem', 42);
    store.values.set('azurePim.recentJustifications', ['ok', 7, '', '  ', 'y'.repeat(PROTOCOL_LIMITS.maxJustificationLength + 1), null, 'also ok']);
    const memory = new FormMemory(store);
    assert.equal(memory.lastDurationMinutes, undefined);
    assert.equal(memory.lastTicketSystem, undefined);
    assert.deepEqual(memory.recentJustifications, ['ok', 'also ok']);
    store.values.set('azurePim.recentJustifications', 'not a list');
    assert.deepEqual(memory.recentJustifications, []);
  });
});

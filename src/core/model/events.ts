// A minimal typed event source for code that must not import `vscode` (the VS Code layer adapts it).

export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => void;

export class EventSource<T> implements Disposable {
  private listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      listener(value);
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

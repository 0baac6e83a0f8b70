import type { FormToHost } from '../src/shared/protocol';

/** The object VS Code injects into webviews; acquireVsCodeApi() may be called only once per page. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState<T>(state: T): T;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Typed wrapper: the form can only post protocol messages. */
export interface HostChannel {
  post(message: FormToHost): void;
  loadState(): unknown;
  saveState(state: unknown): void;
}

export function connectToHost(): HostChannel {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    loadState: () => api.getState(),
    saveState: (state) => {
      api.setState(state);
    },
  };
}

// The real session source: VS Code's authentication API.
import * as vscode from 'vscode';
import type { ChallengeRequest, SessionSource } from '../core/auth/sessionCredential';

type GetSessionWithChallenge = (
  providerId: string,
  request: ChallengeRequest,
  options: vscode.AuthenticationGetSessionOptions,
) => Thenable<vscode.AuthenticationSession | undefined>;

export const vscodeSessions: SessionSource = {
  version: vscode.version,
  getSession: (providerId, scopes, options) => vscode.authentication.getSession(providerId, [...scopes], options),
  // VS Code 1.105+ takes an AuthenticationWwwAuthenticateRequest in place of the scopes; @types/vscode
  // for our minimum engine does not declare that overload yet.
  getSessionForChallenge: (providerId, request, account) =>
    (vscode.authentication.getSession as unknown as GetSessionWithChallenge)(providerId, request, { createIfNone: true, ...(account ? { account } : {}) }),
};

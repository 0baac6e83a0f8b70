// Public entry point of the PIM emulator (used by unit tests, e2e tests and the demo).
export { startEmulator, type LoggedRequest, type RenameRequest, type RunningEmulator, type StartOptions, type TokenRequest, type TokenResponse } from './server';
export { loadScenario, validateScenario, ScenarioError, BUILT_IN_ROLES, DEFAULT_SIGNING_KEY } from './scenario';
export type {
  Scenario,
  ScenarioTenant,
  ScenarioPolicy,
  ScenarioEligibility,
  ScenarioAssignment,
  ScenarioGroup,
  ScenarioEntraRole,
  FaultRule,
  LatencyConfig,
  DuplicateRequestNameMode,
  GraphErrorShape,
  PermissionScopes,
  PolicyAssignmentFilter,
  PlainErrorFormat,
} from './scenario';
export type { EmulatorClock } from './clock';
export { mintToken, verifyToken, decodeToken, type TokenClaims } from './token';

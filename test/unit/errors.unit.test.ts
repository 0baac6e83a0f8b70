// Message texts are real ones, with where they were seen:
//  [A] netr0m/az-pim-cli issue #66: 400 {"error":{"code":"RoleAssignmentRequestPolicyValidationFailed","message":"The following policy rules failed: [\"ExpirationRule\"]"}}
//  [B] MicrosoftDocs/azure-docs issue #80426: "The following policy rules failed: [\"EligibilityRule\",\"ExpirationRule\"]"
//  [C] brwilkinson/pimrepro setup.ps1: New-AzRoleAssignmentScheduleRequest fails with
//      RoleAssignmentRequestAcrsValidationFailed, message "&claims=%7B%22access_token%22%3A%7B%22acrs%22…" and,
//      in another run, ErrorDetails "&claims={"access_token":{"acrs":{"essential":true, "value":"c1"}}}"
//  [D] "The Role assignment already exists." / "There is already an existing pending Role assignment request."
//      (PIM scripts matching these texts; the latter is also quoted in Microsoft's PIM troubleshooting docs)
//  [E] "The Active duration is too short. Miniumum Required is 5 minutes." (sic; matched verbatim by PIM tools)
//  [F] Graph wraps PIM errors: {"error":{"code":"UnknownError","message":"{\"errorCode\":\"PermissionScopeNotGranted\",
//      \"message\":\"Authorization failed due to missing permission scope PrivilegedAssignmentSchedule.Read.AzureADGroup.\"}"}}
//  [G] Learn "Claims challenges, claims requests and client capabilities": WWW-Authenticate with
//      claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ==" (MicrosoftDocs/azure-docs PR #108393)
//  [H] ARM's standard AuthorizationFailed / InvalidAuthenticationToken / ExpiredAuthenticationToken texts.
import * as assert from 'node:assert/strict';
import { REQUEST_STATUSES } from '../../src/core/model/model';
import { classifyArmError, classifyGraphError, describePolicyRule, isPimError, parseFailedRules, parseRetryAfter, PimError } from '../../src/core/errors/errors';
import { GRAPH_PIM_PERMISSIONS } from '../../src/core/api/graphPermissions';
import { activeDurationTooShortUntil, describeRequest, describeRequestStatus, isCancellable, requestOutcome, statusOutcome } from '../../src/core/errors/requestStatus';
import { authenticationContextOf, buildWwwAuthenticate, parseClaimsChallenge } from '../../src/core/auth/claimsChallenge';

const C1_CLAIMS = '{"access_token":{"acrs":{"essential":true, "value":"c1"}}}';
const C1_URL_ENCODED = '&claims=%7B%22access_token%22%3A%7B%22acrs%22%3A%7B%22essential%22%3Atrue%2C%20%22value%22%3A%22c1%22%7D%7D%7D';

function armBody(code: string, message: string): unknown {
  return { error: { code, message } };
}

describe('errors', () => {
  describe('PimError', () => {
    it('is an Error with a kind, and the user message defaults to the message', () => {
      const cause = new Error('socket hang up');
      const e = new PimError({ kind: 'network', message: 'Could not reach Azure.', cause });
      assert.ok(e instanceof Error);
      assert.equal(e.name, 'PimError');
      assert.equal(e.kind, 'network');
      assert.equal(e.userMessage, 'Could not reach Azure.');
      assert.equal(e.cause, cause);
      assert.equal(e.retryable, true);
      assert.ok(isPimError(e));
    });

    it('only throttled, transient, network and timeout are retryable', () => {
      const retryable = ['throttled', 'transient', 'network', 'timeout'] as const;
      const not = ['alreadyActive', 'policyViolation', 'authorization', 'cancelled', 'unknown'] as const;
      for (const kind of retryable) assert.equal(new PimError({ kind, message: 'x' }).retryable, true, kind);
      for (const kind of not) assert.equal(new PimError({ kind, message: 'x' }).retryable, false, kind);
    });

    it('isPimError rejects other errors and values', () => {
      assert.equal(isPimError(new Error('x')), false);
      assert.equal(isPimError({ kind: 'network', name: 'PimError' }), false);
      assert.equal(isPimError(undefined), false);
    });
  });

  describe('classifyArmError', () => {
    it('RoleAssignmentExists: already active [D]', () => {
      const e = classifyArmError(400, armBody('RoleAssignmentExists', 'The Role assignment already exists.'));
      assert.equal(e.kind, 'alreadyActive');
      assert.equal(e.code, 'RoleAssignmentExists');
      assert.equal(e.status, 400);
      assert.match(e.userMessage, /already active/);
      assert.match(e.message, /The Role assignment already exists\./);
      assert.equal(e.retryable, false);
    });

    it('RoleAssignmentRequestExists: a request is pending', () => {
      const e = classifyArmError(409, armBody('RoleAssignmentRequestExists', 'A role assignment request already exists.'));
      assert.equal(e.kind, 'requestPending');
      assert.match(e.userMessage, /already pending/);
    });

    it('PendingRoleAssignmentRequest: a request is pending [D]', () => {
      const e = classifyArmError(
        400,
        armBody('PendingRoleAssignmentRequest', 'There is already an existing pending Role assignment request.'),
      );
      assert.equal(e.kind, 'requestPending');
    });

    it('RoleAssignmentRequestPolicyValidationFailed: lists the failed rule in words [A]', () => {
      const e = classifyArmError(
        400,
        armBody('RoleAssignmentRequestPolicyValidationFailed', 'The following policy rules failed: ["ExpirationRule"]'),
      );
      assert.equal(e.kind, 'policyViolation');
      assert.deepEqual(e.failedRules, ['ExpirationRule']);
      assert.equal(e.userMessage, "The role's policy rejected the request: the duration is longer than the policy allows.");
    });

    it('reads the rule list from the raw body text as PIM sends it [A]', () => {
      const raw =
        '{"error":{"code":"RoleAssignmentRequestPolicyValidationFailed","message":"The following policy rules failed: [\\"ExpirationRule\\",\\"JustificationRule\\"]"}}';
      const e = classifyArmError(400, raw);
      assert.deepEqual(e.failedRules, ['ExpirationRule', 'JustificationRule']);
      assert.equal(
        e.userMessage,
        "The role's policy rejected the request: the duration is longer than the policy allows and a justification is required.",
      );
    });

    it('names ticketing, MFA and eligibility rules [B]', () => {
      const e = classifyArmError(
        400,
        armBody(
          'RoleAssignmentRequestPolicyValidationFailed',
          'The following policy rules failed: ["EligibilityRule","ExpirationRule","TicketingRule","MfaRule"]',
        ),
      );
      assert.deepEqual(e.failedRules, ['EligibilityRule', 'ExpirationRule', 'TicketingRule', 'MfaRule']);
      assert.equal(
        e.userMessage,
        "The role's policy rejected the request: you are not (or no longer) eligible for this role at this scope, " +
          'the duration is longer than the policy allows, ticket information (number and system) is required, ' +
          'and multi-factor authentication is required (sign out and in again with MFA).',
      );
    });

    it('still explains a policy failure without a rule list', () => {
      const e = classifyArmError(400, armBody('RoleAssignmentRequestPolicyValidationFailed', 'Policy validation failed.'));
      assert.deepEqual(e.failedRules, []);
      assert.match(e.userMessage, /does not meet the role's policy/);
    });

    it('ActiveDurationTooShort [E]', () => {
      const e = classifyArmError(
        400,
        armBody('ActiveDurationTooShort', 'The Active duration is too short. Miniumum Required is 5 minutes.'),
      );
      assert.equal(e.kind, 'activeDurationTooShort');
      assert.match(e.userMessage, /within 5 minutes/);
    });

    it('RoleAssignmentRequestAcrsValidationFailed with a URL-encoded claims challenge [C]', () => {
      const e = classifyArmError(400, armBody('RoleAssignmentRequestAcrsValidationFailed', C1_URL_ENCODED));
      assert.equal(e.kind, 'authenticationContextRequired');
      assert.equal(e.claimsChallenge, C1_CLAIMS);
      assert.match(e.userMessage, /authentication context "c1"/);
    });

    it('RoleAssignmentRequestAcrsValidationFailed with raw JSON claims [C]', () => {
      const e = classifyArmError(400, armBody('RoleAssignmentRequestAcrsValidationFailed', `&claims=${C1_CLAIMS}`));
      assert.equal(e.kind, 'authenticationContextRequired');
      assert.equal(e.claimsChallenge, C1_CLAIMS);
    });

    it('RoleAssignmentRequestAcrsValidationFailed in a raw body string with escaped quotes', () => {
      const raw = JSON.stringify({ error: { code: 'RoleAssignmentRequestAcrsValidationFailed', message: `&claims=${C1_CLAIMS}` } });
      const e = classifyArmError(400, raw);
      assert.equal(e.claimsChallenge, C1_CLAIMS);
    });

    it('RoleAssignmentRequestAcrsValidationFailed without a challenge still asks for step-up', () => {
      const e = classifyArmError(400, armBody('RoleAssignmentRequestAcrsValidationFailed', 'Authentication context required.'));
      assert.equal(e.kind, 'authenticationContextRequired');
      assert.equal(e.claimsChallenge, undefined);
      assert.match(e.userMessage, /stronger sign-in\. Sign in again/);
    });

    it('a 401 with a claims challenge in WWW-Authenticate is a step-up, not a sign-out [G]', () => {
      const e = classifyArmError(401, armBody('InvalidAuthenticationToken', 'Continuous access evaluation resulted in challenge.'), {
        'WWW-Authenticate':
          'Bearer authorization_uri="https://login.windows.net/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ=="',
      });
      assert.equal(e.kind, 'authenticationContextRequired');
      assert.equal(e.claimsChallenge, '{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}');
    });

    it('AuthorizationFailed [H]', () => {
      const e = classifyArmError(
        403,
        armBody(
          'AuthorizationFailed',
          "The client 'alex@contoso.com' with object id '00000000-0000-0000-0000-000000000001' does not have authorization to perform action 'Microsoft.Authorization/roleAssignmentScheduleRequests/write' over scope '/subscriptions/00000000-0000-0000-0000-000000000002' or the scope is invalid. If access was recently granted, please refresh your credentials.",
        ),
      );
      assert.equal(e.kind, 'authorization');
      assert.match(e.userMessage, /don't have permission/);
      assert.match(e.userMessage, /sign out and in again/);
    });

    it('InvalidAuthenticationToken and ExpiredAuthenticationToken [H]', () => {
      const invalid = classifyArmError(401, armBody('InvalidAuthenticationToken', 'The access token is invalid.'));
      const expired = classifyArmError(
        401,
        armBody(
          'ExpiredAuthenticationToken',
          "The access token expiry UTC time '3/1/2026 11:00:00 AM' is earlier than current UTC time '3/1/2026 12:00:00 PM'.",
        ),
      );
      for (const e of [invalid, expired]) {
        assert.equal(e.kind, 'authentication');
        assert.match(e.userMessage, /Sign in again/);
      }
    });

    it('a bare 401 is an authentication problem, even with a WWW-Authenticate that has no claims', () => {
      const e = classifyArmError(401, undefined, {
        'www-authenticate': 'Bearer authorization_uri="https://login.windows.net/x", error="invalid_token", error_description="The access token has expired"',
      });
      assert.equal(e.kind, 'authentication');
      assert.equal(e.claimsChallenge, undefined);
    });

    it('429 with Retry-After in seconds', () => {
      const e = classifyArmError(429, armBody('TooManyRequests', 'Rate limit exceeded.'), { 'Retry-After': '30' });
      assert.equal(e.kind, 'throttled');
      assert.equal(e.retryAfterMs, 30_000);
      assert.equal(e.retryable, true);
      assert.match(e.userMessage, /Try again in 30 seconds/);
    });

    it('429 with Retry-After as an HTTP date', () => {
      const now = new Date('2026-03-01T12:00:00Z');
      const e = classifyArmError(429, undefined, { 'retry-after': 'Sun, 01 Mar 2026 12:00:45 GMT' }, now);
      assert.equal(e.kind, 'throttled');
      assert.equal(e.retryAfterMs, 45_000);
    });

    it('429 prefers a millisecond retry header', () => {
      const e = classifyArmError(429, undefined, { 'retry-after-ms': '1500', 'retry-after': '2' });
      assert.equal(e.retryAfterMs, 1500);
    });

    it('ARM throttling codes count even without a 429', () => {
      assert.equal(classifyArmError(400, armBody('SubscriptionRequestsThrottled', 'Too many.')).kind, 'throttled');
    });

    it('5xx is transient and retryable', () => {
      for (const status of [500, 502, 503, 504]) {
        const e = classifyArmError(status, armBody('InternalServerError', 'Encountered internal server error.'));
        assert.equal(e.kind, 'transient', String(status));
        assert.equal(e.retryable, true);
        assert.match(e.userMessage, new RegExp(`HTTP ${status}`));
      }
    });

    it('an HTML gateway page is still a transient 502', () => {
      const e = classifyArmError(502, '<html><body>Bad Gateway</body></html>');
      assert.equal(e.kind, 'transient');
      assert.equal(e.code, undefined);
    });

    it('404 and RoleAssignmentDoesNotExist are "not found"', () => {
      assert.equal(classifyArmError(404, undefined).kind, 'notFound');
      assert.equal(classifyArmError(400, armBody('RoleAssignmentDoesNotExist', 'The Role assignment does not exist.')).kind, 'notFound');
    });

    it('408 is a timeout', () => {
      assert.equal(classifyArmError(408, undefined).kind, 'timeout');
    });

    it('anything else is unknown and shows the service message', () => {
      const e = classifyArmError(400, armBody('InvalidScheduleInfo', 'The start time is in the past.'));
      assert.equal(e.kind, 'unknown');
      assert.equal(e.code, 'InvalidScheduleInfo');
      assert.equal(e.userMessage, 'Azure rejected the request: The start time is in the past.');
    });

    it('finds the real error inside details[]', () => {
      const e = classifyArmError(400, {
        error: {
          code: 'DeploymentFailed',
          message: 'At least one resource deployment operation failed.',
          details: [{ code: 'RoleAssignmentExists', message: 'The role assignment already exists.' }],
        },
      });
      assert.equal(e.kind, 'alreadyActive');
    });

    it('takes the request id from ARM headers', () => {
      const e = classifyArmError(500, undefined, { 'x-ms-request-id': 'req-1', 'x-ms-correlation-request-id': 'corr-1' });
      assert.equal(e.requestId, 'req-1');
      const onlyCorrelation = classifyArmError(500, undefined, { 'x-ms-correlation-request-id': 'corr-1' });
      assert.equal(onlyCorrelation.requestId, 'corr-1');
    });

    it('does not choke on odd bodies', () => {
      for (const body of [undefined, null, 42, [], '', '   ', { error: 'text' }, { error: { code: 5, message: {} } }]) {
        const e = classifyArmError(400, body);
        assert.equal(e.kind, 'unknown');
        assert.ok(e.userMessage.length > 0);
      }
    });
  });

  describe('classifyGraphError', () => {
    it('PermissionScopeNotGranted inside UnknownError explains the app registration [F]', () => {
      const body =
        '{"error":{"code":"UnknownError","message":"{\\"errorCode\\":\\"PermissionScopeNotGranted\\",\\"message\\":\\"Authorization failed due to missing permission scope PrivilegedAssignmentSchedule.Read.AzureADGroup.\\"}","innerError":{"date":"2026-03-01T12:00:00","request-id":"graph-req-1","client-request-id":"client-1"}}}';
      const e = classifyGraphError(403, body);
      assert.equal(e.kind, 'graphPermissionMissing');
      assert.equal(e.code, 'PermissionScopeNotGranted');
      assert.equal(e.requestId, 'graph-req-1');
      assert.match(e.userMessage, /lacks the Microsoft Graph permission PrivilegedAssignmentSchedule\.Read\.AzureADGroup,/);
      for (const permission of GRAPH_PIM_PERMISSIONS) {
        assert.ok(e.userMessage.includes(permission), permission);
      }
      assert.match(e.userMessage, /azurePim\.graph\.clientId/);
    });

    it('lists several missing scopes', () => {
      const e = classifyGraphError(
        403,
        armBody(
          'PermissionScopeNotGranted',
          'Authorization failed due to missing permission scope RoleAssignmentSchedule.ReadWrite.Directory,RoleManagement.ReadWrite.Directory.',
        ),
      );
      assert.match(e.userMessage, /permission RoleAssignmentSchedule\.ReadWrite\.Directory or RoleManagement\.ReadWrite\.Directory,/);
    });

    it('unwraps an ACRS challenge from a wrapped Graph error', () => {
      const inner = JSON.stringify({ errorCode: 'RoleAssignmentRequestAcrsValidationFailed', message: C1_URL_ENCODED });
      const e = classifyGraphError(400, { error: { code: 'UnknownError', message: inner } });
      assert.equal(e.kind, 'authenticationContextRequired');
      assert.equal(e.code, 'RoleAssignmentRequestAcrsValidationFailed');
      assert.equal(e.claimsChallenge, C1_CLAIMS);
    });

    it('maps the shared PIM codes the same way as ARM', () => {
      assert.equal(classifyGraphError(400, armBody('RoleAssignmentExists', 'The Role assignment already exists.')).kind, 'alreadyActive');
      assert.equal(
        classifyGraphError(400, armBody('PendingRoleAssignmentRequest', 'There is already an existing pending Role assignment request.')).kind,
        'requestPending',
      );
      assert.equal(
        classifyGraphError(400, armBody('ActiveDurationTooShort', 'The Active duration is too short. Miniumum Required is 5 minutes.')).kind,
        'activeDurationTooShort',
      );
    });

    it('Graph authorization and authentication codes', () => {
      const denied = classifyGraphError(403, armBody('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'));
      assert.equal(denied.kind, 'authorization');
      assert.match(denied.userMessage, /^Microsoft Graph says/);
      assert.equal(classifyGraphError(401, armBody('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.')).kind, 'authentication');
    });

    it('takes the request id from Graph headers', () => {
      assert.equal(classifyGraphError(503, undefined, { 'request-id': 'g-1' }).requestId, 'g-1');
    });

    it('429 names Microsoft Graph', () => {
      const e = classifyGraphError(429, armBody('TooManyRequests', 'Too many requests.'), { 'Retry-After': '1' });
      assert.equal(e.userMessage, 'Microsoft Graph is limiting how fast requests can be made. Try again in 1 second.');
    });
  });

  describe('parseFailedRules / describePolicyRule', () => {
    it('reads quoted, escaped and bare lists', () => {
      assert.deepEqual(parseFailedRules('The following policy rules failed: ["ExpirationRule","JustificationRule"]'), [
        'ExpirationRule',
        'JustificationRule',
      ]);
      assert.deepEqual(parseFailedRules('The following policy rules failed: [\\"TicketingRule\\"]'), ['TicketingRule']);
      assert.deepEqual(parseFailedRules('The following policy rules failed: [MfaRule, ApprovalRule]'), ['MfaRule', 'ApprovalRule']);
      assert.deepEqual(parseFailedRules('Something else'), []);
      assert.deepEqual(parseFailedRules(undefined), []);
    });

    it('words every known rule and names unknown ones', () => {
      assert.equal(describePolicyRule('ExpirationRule'), 'the duration is longer than the policy allows');
      assert.equal(describePolicyRule('JustificationRule'), 'a justification is required');
      assert.match(describePolicyRule('TicketingRule'), /ticket/);
      assert.match(describePolicyRule('MfaRule'), /multi-factor/);
      assert.match(describePolicyRule('ApprovalRule'), /approval/);
      assert.match(describePolicyRule('EligibilityRule'), /not \(or no longer\) eligible/);
      assert.equal(describePolicyRule('FancyNewRule'), 'the rule "FancyNewRule" failed');
    });
  });

  describe('parseClaimsChallenge', () => {
    it('reads URL-encoded, raw and base64 challenges [C][G]', () => {
      assert.equal(parseClaimsChallenge(C1_URL_ENCODED), C1_CLAIMS);
      assert.equal(parseClaimsChallenge(`&claims=${C1_CLAIMS}`), C1_CLAIMS);
      assert.equal(
        parseClaimsChallenge('Bearer error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ=="'),
        '{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}',
      );
    });

    it('reads a challenge in the middle of other text', () => {
      assert.equal(parseClaimsChallenge(`RoleAssignmentRequestAcrsValidationFailed ${C1_URL_ENCODED} (request 123)`), C1_CLAIMS);
    });

    it('ignores text that only mentions claims', () => {
      assert.equal(parseClaimsChallenge('the claims=abc parameter was not understood'), undefined);
      assert.equal(parseClaimsChallenge('claims='), undefined);
      assert.equal(parseClaimsChallenge('claims={"unterminated'), undefined);
      assert.equal(parseClaimsChallenge('claims=%7Bnot json%7D'), undefined);
      assert.equal(parseClaimsChallenge('no challenge here'), undefined);
      assert.equal(parseClaimsChallenge(undefined), undefined);
      assert.equal(parseClaimsChallenge(42), undefined);
    });
  });

  describe('buildWwwAuthenticate', () => {
    it('builds the header VS Code passes to the Microsoft sign-in, with base64 claims', () => {
      const header = buildWwwAuthenticate(C1_CLAIMS);
      const base64 = Buffer.from(C1_CLAIMS, 'utf8').toString('base64');
      assert.equal(
        header,
        `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${base64}"`,
      );
    });

    it('round-trips through parseClaimsChallenge', () => {
      assert.equal(parseClaimsChallenge(buildWwwAuthenticate(C1_CLAIMS)), C1_CLAIMS);
    });

    it('takes a sovereign-cloud authorization URI', () => {
      const header = buildWwwAuthenticate(C1_CLAIMS, { authorizationUri: 'https://login.microsoftonline.us/common/oauth2/authorize' });
      assert.match(header, /authorization_uri="https:\/\/login\.microsoftonline\.us\/common\/oauth2\/authorize"/);
    });
  });

  describe('authentication context claims', () => {
    it('reads the context from a challenge', () => {
      assert.equal(authenticationContextOf(C1_CLAIMS), 'c1');
      assert.equal(authenticationContextOf('{"access_token":{"acrs":{"essential":true,"values":["c3"]}}}'), 'c3');
      assert.equal(authenticationContextOf('{"access_token":{"nbf":{"essential":true}}}'), undefined);
      assert.equal(authenticationContextOf('not json'), undefined);
    });
  });

  describe('activeDurationTooShortUntil', () => {
    it('says when deactivation becomes possible', () => {
      const activatedAt = new Date('2026-03-01T14:00:10Z');
      const result = activeDurationTooShortUntil(activatedAt, { locale: 'en-GB', timeZone: 'UTC' });
      assert.equal(result.at.toISOString(), '2026-03-01T14:05:10.000Z');
      assert.equal(result.message, 'You can deactivate at 14:05 (5 minutes after activation).');
    });

    it('uses the given time zone', () => {
      const result = activeDurationTooShortUntil(new Date('2026-03-01T23:58:00Z'), { locale: 'en-GB', timeZone: 'Europe/Berlin' });
      assert.equal(result.message, 'You can deactivate at 01:03 (5 minutes after activation).');
    });
  });

  describe('request statuses', () => {
    it('describes every status of the model in plain words', () => {
      assert.equal(REQUEST_STATUSES.length, 22);
      for (const status of REQUEST_STATUSES) {
        const words = describeRequestStatus(status);
        assert.doesNotMatch(words, /unrecognised/, status);
        assert.doesNotMatch(words, /[A-Z]/, `${status} → ${words}`);
      }
    });

    it('uses the words the UI expects', () => {
      assert.equal(describeRequestStatus('Provisioned'), 'active');
      assert.equal(describeRequestStatus('PendingApproval'), 'waiting for approval');
      assert.equal(describeRequestStatus('Denied'), 'denied by an approver');
      // Granted alone: approved or accepted; whether that is "scheduled" depends on the start (describeRequest).
      assert.equal(describeRequestStatus('Granted'), 'granted');
      assert.equal(describeRequestStatus('ScheduleCreated'), 'scheduled');
    });

    it('maps statuses to outcomes', () => {
      const expected: Record<string, string> = {
        Provisioned: 'active',
        PendingApproval: 'pendingApproval',
        PendingApprovalProvisioning: 'pendingApproval',
        PendingAdminDecision: 'pendingApproval',
        Granted: 'scheduled',
        ScheduleCreated: 'scheduled',
        Denied: 'denied',
        AdminDenied: 'denied',
        Failed: 'failed',
        FailedAsResourceIsLocked: 'failed',
        TimedOut: 'failed',
        Invalid: 'failed',
        Revoked: 'ended',
        Canceled: 'ended',
        Accepted: 'inProgress',
        PendingEvaluation: 'inProgress',
        PendingProvisioning: 'inProgress',
        ProvisioningStarted: 'inProgress',
        PendingExternalProvisioning: 'inProgress',
        PendingScheduleCreation: 'inProgress',
        PendingRevocation: 'inProgress',
        AdminApproved: 'inProgress',
      };
      assert.deepEqual(Object.keys(expected).sort(), [...REQUEST_STATUSES].sort());
      for (const status of REQUEST_STATUSES) {
        assert.equal(statusOutcome(status), expected[status], status);
      }
    });

    it('accepts Graph camelCase', () => {
      assert.equal(statusOutcome('provisioned'), 'active');
      assert.equal(statusOutcome('pendingApproval'), 'pendingApproval');
      assert.equal(describeRequestStatus('scheduleCreated'), 'scheduled');
    });

    it('Granted for a start of now means "being provisioned", for a later start "scheduled" (Graph v1.0 examples 1 and 2)', () => {
      const createdOn = new Date('2026-03-01T12:00:00Z');
      const now = new Date('2026-03-01T12:00:05Z');
      const startNow = { status: 'Granted', createdOn, startDateTime: new Date('2026-03-01T12:00:01Z') };
      const tomorrow = { status: 'Granted', createdOn, startDateTime: new Date('2026-03-02T00:00:00Z') };
      assert.equal(requestOutcome(startNow, now), 'inProgress');
      assert.equal(describeRequest(startNow, now), 'being provisioned');
      assert.equal(requestOutcome(tomorrow, now), 'scheduled');
      assert.equal(describeRequest(tomorrow, now), 'scheduled');
      assert.equal(requestOutcome({ status: 'Granted', createdOn }, now), 'inProgress', 'no start: now');
      assert.equal(requestOutcome({ status: 'Provisioned', createdOn }, now), 'active');
    });

    it('offers cancel only for what PIM can cancel: waiting for approval, or Granted with its start ahead', () => {
      const createdOn = new Date('2026-03-01T12:00:00Z');
      const now = new Date('2026-03-01T12:00:05Z');
      const request = (status: string, extra: { startDateTime?: Date; requestType?: 'SelfActivate' | 'SelfDeactivate' } = {}) => ({ status, createdOn, requestType: 'SelfActivate' as const, ...extra });
      assert.equal(isCancellable(request('PendingApproval'), now), true);
      assert.equal(isCancellable(request('Granted', { startDateTime: new Date('2026-03-02T00:00:00Z') }), now), true);
      assert.equal(isCancellable(request('Granted', { startDateTime: createdOn }), now), false, 'start-now Granted: being provisioned');
      for (const status of ['Provisioned', 'PendingProvisioning', 'PendingRevocation', 'Revoked', 'Failed', 'Canceled', 'Denied']) {
        assert.equal(isCancellable(request(status), now), false, status);
      }
      assert.equal(isCancellable(request('PendingApproval', { requestType: 'SelfDeactivate' }), now), false);
    });

    it('treats an unknown status as in progress and says so', () => {
      assert.equal(statusOutcome('SomethingNew'), 'inProgress');
      assert.equal(describeRequestStatus('SomethingNew'), 'in an unrecognised state ("SomethingNew")');
    });
  });

  describe('parseRetryAfter', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    it('reads seconds and HTTP dates', () => {
      assert.equal(parseRetryAfter('120', now), 120_000);
      assert.equal(parseRetryAfter('0', now), 0);
      assert.equal(parseRetryAfter('Sun, 01 Mar 2026 12:01:00 GMT', now), 60_000);
    });
    it('never returns a negative delay for a date in the past', () => {
      assert.equal(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now), 0);
    });
    it('ignores garbage', () => {
      assert.equal(parseRetryAfter('soon', now), undefined);
      assert.equal(parseRetryAfter('-5', now), undefined);
      assert.equal(parseRetryAfter(undefined, now), undefined);
    });
  });
});

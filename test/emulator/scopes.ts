// Scopes and ids as ARM reads and writes them: empty path segments, the Microsoft.Subscription form, and the id
// shapes recorded traffic shows (scenario option `realisticIds`).

const SUBSCRIPTION_PROVIDER = '/providers/Microsoft.Subscription';
const SUBSCRIPTION_PROVIDER_FORM = /^\/providers\/Microsoft\.Subscription(?=\/subscriptions\/)/i;

/**
 * `//providers/x/` → `/providers/x`. ARM ignores empty path segments; Microsoft's SDKs send them, for example
 * `//providers/...` for the tenant-wide scope "" or "/" and `//subscriptions/...` for a scope with a leading slash.
 */
export function collapsePath(path: string): string {
  return `/${path
    .split('/')
    .filter((segment) => segment !== '')
    .join('/')}`;
}

/**
 * One form per scope: a leading slash, no trailing or doubled one, and `/providers/Microsoft.Subscription/subscriptions/<id>`
 * (the form of Microsoft's list examples) read as `/subscriptions/<id>`. The root scope is "/".
 */
export function normalizeScope(scope: string): string {
  return collapsePath(scope).replace(SUBSCRIPTION_PROVIDER_FORM, '');
}

export function usesSubscriptionProviderForm(scope: string): boolean {
  return SUBSCRIPTION_PROVIDER_FORM.test(collapsePath(scope));
}

/** The recorded form of a scope under a subscription: `/providers/Microsoft.Subscription/subscriptions/<id>/...`. */
export function withSubscriptionProvider(scope: string): string {
  return /^\/subscriptions\//i.test(scope) ? `${SUBSCRIPTION_PROVIDER}${scope}` : scope;
}

/**
 * How a scenario object looks with `realisticIds` (R1 in pim-facts: 2020-10-01-preview recordings): every second
 * one has ids with the Microsoft.Subscription prefix, every fourth upper-case GUIDs (legacy objects). Decided by
 * the object's position in the scenario, so the same object looks the same in every list and after a reset.
 */
export function recordedShape(realisticIds: boolean, index: number): { prefixedIds: boolean; upperCase: boolean } {
  return { prefixedIds: realisticIds && index % 2 === 1, upperCase: realisticIds && index % 4 === 3 };
}

/**
 * `{scope}/providers/Microsoft.Authorization/{collection}/{name}`: with the published examples' capitalised
 * collection (`RoleEligibilityScheduleInstances`), or in the recorded form (prefix, `roleEligibilityScheduleInstances`).
 */
export function authorizationId(scope: string, prefixedIds: boolean, collection: string, name: string): string {
  return prefixedIds
    ? `${withSubscriptionProvider(scope)}/providers/Microsoft.Authorization/${collection}/${name}`
    : `${scope}/providers/Microsoft.Authorization/${upperFirst(collection)}/${name}`;
}

/** The resource `type` to go with authorizationId. */
export function authorizationType(prefixedIds: boolean, collection: string): string {
  return `Microsoft.Authorization/${prefixedIds ? collection : upperFirst(collection)}`;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

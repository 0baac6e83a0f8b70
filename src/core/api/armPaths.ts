// ARM paths built from a scope. The root scope "/" (tenant-wide, and what a tenant-level provider such as
// /providers/Microsoft.Management sits under) must not become "//providers/...": a URL parser reads "//x" as a host.

/** `{scope}/providers/Microsoft.Authorization/{rest}`, with "/" contributing nothing before `/providers`. */
export function authorizationPath(scope: string, rest: string): string {
  return `${scope.replace(/\/+$/, '')}/providers/Microsoft.Authorization/${rest}`;
}

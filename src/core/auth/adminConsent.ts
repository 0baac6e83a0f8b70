// The tenant-wide admin consent link for the Graph app registration, built only from the user's own settings (the
// cloud's sign-in host, the client id) and a tenant id, never from anything a service or a workspace returned.
// Format as Microsoft Learn documents it ("Grant tenant-wide admin consent to an application", section "Construct the
// URL for granting tenant-wide admin consent"): https://login.microsoftonline.com/{tenant-id}/adminconsent?client_id={client-id}
import { isGuid } from '../api/armMapping';

export class AdminConsentLinkError extends Error {}

export function adminConsentUrl(activeDirectoryEndpoint: string, tenantId: string, clientId: string): string {
  let authority: URL;
  try {
    authority = new URL(activeDirectoryEndpoint);
  } catch {
    throw new AdminConsentLinkError(`The sign-in host ${activeDirectoryEndpoint} is not a URL.`);
  }
  if (authority.protocol !== 'https:' || authority.username !== '' || authority.password !== '' || authority.search !== '' || authority.hash !== '') {
    throw new AdminConsentLinkError(`The sign-in host ${authority.origin} must be a plain https address.`);
  }
  if (!isGuid(tenantId)) {
    throw new AdminConsentLinkError(`The tenant id ${tenantId} is not a GUID.`);
  }
  if (!isGuid(clientId)) {
    throw new AdminConsentLinkError(`The client id ${clientId} is not a GUID.`);
  }
  const url = new URL(`${authority.origin}/${tenantId.toLowerCase()}/adminconsent`);
  url.searchParams.set('client_id', clientId.toLowerCase());
  return url.toString();
}

/** Zoom Server-to-Server OAuth credentials, as kept in the secret. */
export interface ZoomCredentials {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

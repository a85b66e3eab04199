/** The part of `@azure/identity`'s TokenCredential the clients use. */
export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
}

export interface TokenSource {
  getToken(scope: string, options?: { abortSignal?: AbortSignal }): Promise<AccessToken | null>;
}

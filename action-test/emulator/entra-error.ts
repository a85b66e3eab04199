import { randomUUID } from 'node:crypto';
import type { EmulatorResponse } from './http.js';

/** What went wrong, in Entra's terms: the OAuth error, the AADSTS number and its text (without the prefix). */
export interface EntraErrorSpec {
  status: number;
  error: string;
  code: number;
  description: string;
}

/**
 * The body Entra ID's v2.0 token endpoint answers an error with, as Microsoft documents it ("Error response" in
 * learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow): `AADSTS<code>: <text>` followed
 * by the trace ID, correlation ID and timestamp on lines of their own, the same values again as fields, and the
 * address of the error code's page. Some answers seen in 2026 join those lines with spaces instead; clients take
 * the first line either way (src/azure/federated-credential.ts), and the emulator keeps the documented form.
 */
export function entraError(spec: EntraErrorSpec, now: number): EmulatorResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = entraTimestamp(now);
  return {
    status: spec.status,
    body: {
      error: spec.error,
      error_description: [
        `AADSTS${spec.code}: ${spec.description}`,
        `Trace ID: ${traceId}`,
        `Correlation ID: ${correlationId}`,
        `Timestamp: ${timestamp}`,
      ].join('\r\n'),
      error_codes: [spec.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${spec.code}`,
    },
  };
}

/** `2026-11-27 17:15:24Z`: UTC to the second, as Entra writes it. */
function entraTimestamp(now: number): string {
  return new Date(now)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface EmulatorRequest {
  method: string;
  url: URL;
  path: string;
  headers: IncomingMessage['headers'];
  rawBody: string;
  /** The parsed JSON body, or undefined when there is none. */
  json<T = unknown>(): T;
  form(): URLSearchParams;
  params: Record<string, string>;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent as is, not as JSON. */
  text?: string;
  /** Drop the connection without an answer (a connection reset). */
  reset?: boolean;
}

/** One ARM request and its answer as sent (header names in lower case), for the contract tests' recorder. */
export interface ArmExchange {
  method: string;
  /** Absolute URL. */
  url: string;
  requestBody: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody?: unknown;
}

export function toExchange(request: EmulatorRequest, response: EmulatorResponse): ArmExchange {
  return {
    method: request.method,
    url: request.url.toString(),
    requestBody: request.rawBody,
    status: response.status,
    responseHeaders: Object.fromEntries(
      Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    responseBody: response.body ?? response.text,
  };
}

export type RouteHandler = (request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

/** Routes by method and a path template such as `/jobs/{name}/cancel` (case-insensitive, as ARM is). */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: RouteHandler): void {
    const names: string[] = [];
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const match = /^\{([^}]+)\}$/.exec(part);
        if (!match) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(match[1]!);
        return match[1] === 'rest*' ? '(.*)' : '([^/]+)';
      })
      .join('');
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`, 'i'), names, handler });
  }

  match(
    method: string,
    path: string,
  ): { handler: RouteHandler; params: Record<string, string> } | 'method' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params = Object.fromEntries(
        route.names.map((name, index) => [name.replace('*', ''), decodeURIComponent(found[index + 1]!)]),
      );
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

export function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return { status, headers, body: { error: { code, message } } };
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function toRequest(req: IncomingMessage, rawBody: string, base: string): EmulatorRequest {
  const url = new URL(req.url ?? '/', base);
  return {
    method: req.method ?? 'GET',
    url,
    path: url.pathname,
    headers: req.headers,
    rawBody,
    json: <T>() => (rawBody ? (JSON.parse(rawBody) as T) : (undefined as T)),
    form: () => new URLSearchParams(rawBody),
    params: {},
  };
}

export function send(res: ServerResponse, response: EmulatorResponse): void {
  if (response.reset) {
    res.socket?.destroy();
    return;
  }
  const headers: Record<string, string> = { 'x-ms-request-id': randomUUID(), ...response.headers };
  if (response.text !== undefined) {
    res.writeHead(response.status, { 'content-type': 'text/plain', ...headers });
    res.end(response.text);
    return;
  }
  if (response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(response.body));
}

import type { Context } from '@microsoft/microsoft-graph-client';

// The SDK hands middleware a fetch RequestInfo plus options whose headers are a plain object
// (GraphRequest.updateRequestOptions builds them so); these helpers read both shapes.

/** The method of the request in a middleware context, upper case. */
export function requestMethod(context: Context): string {
  const fromRequest = typeof context.request === 'string' ? undefined : context.request.method;
  return (context.options?.method ?? fromRequest ?? 'GET').toUpperCase();
}

/** The absolute URL of the request in a middleware context. */
export function requestUrl(context: Context): string {
  return typeof context.request === 'string' ? context.request : context.request.url;
}

function headerEntries(headers: Exclude<RequestInit['headers'], Headers | undefined>): [string, string][] {
  const entries = Array.isArray(headers) ? headers : Object.entries(headers);
  return entries.map(([key, value]) => [
    String(key),
    Array.isArray(value) ? value.join(', ') : String(value),
  ]);
}

/** Reads a request header, ignoring case. */
export function getRequestHeader(context: Context, name: string): string | undefined {
  const headers = context.options?.headers;
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  return headerEntries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1];
}

/** Sets a request header, replacing any value under another casing. */
export function setRequestHeader(context: Context, name: string, value: string): void {
  context.options ??= {};
  const headers = context.options.headers;
  if (headers instanceof Headers) {
    headers.set(name, value);
    return;
  }
  const wanted = name.toLowerCase();
  context.options.headers = Object.fromEntries([
    ...headerEntries(headers ?? {}).filter(([key]) => key.toLowerCase() !== wanted),
    [name, value],
  ]);
}

/** The request body as text when it is one (the SDK serializes JSON bodies to strings). */
export function requestBodyText(context: Context): string | undefined {
  const body = context.options?.body;
  return typeof body === 'string' ? body : undefined;
}

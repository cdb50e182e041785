// Reading Eval Protocol messages defensively: content may be a string, an array of parts
// (text / image_url) or missing; tool call arguments are a JSON string we pretty-print when
// it parses. Image URLs are classified so only data:image URLs are ever loaded.
import type { EpContentPart, EpMessage, EpToolCall } from '../api/types';

export type Part =
  | { kind: 'text'; text: string }
  | { kind: 'image'; url: string } // data:image/... : safe to load under img-src data:
  | { kind: 'link'; url: string } // http(s): shown as a link, never loaded
  | { kind: 'unsafe-url'; url: string } // anything else: shown as text only
  | { kind: 'other'; json: string };

export function classifyUrl(url: string): 'image' | 'link' | 'unsafe-url' {
  const u = url.trim();
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(u)) return 'image';
  if (/^https?:\/\//i.test(u)) return 'link';
  return 'unsafe-url';
}

export function contentParts(content: EpMessage['content'] | unknown): Part[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return [{ kind: 'text', text: content }];
  if (!Array.isArray(content)) return [{ kind: 'other', json: pretty(content) }];
  return content.map((p: EpContentPart | unknown): Part => {
    if (typeof p === 'string') return { kind: 'text', text: p };
    const part = (p ?? {}) as Record<string, unknown>;
    if (part.type === 'text' || (part.type === undefined && typeof part.text === 'string')) {
      return { kind: 'text', text: typeof part.text === 'string' ? part.text : '' };
    }
    if (part.type === 'image_url') {
      const iu = part.image_url as { url?: unknown } | string | undefined;
      const url = typeof iu === 'string' ? iu : typeof iu?.url === 'string' ? iu.url : '';
      if (url) return { kind: classifyUrl(url), url };
    }
    return { kind: 'other', json: pretty(p) };
  });
}

/** Plain text of a message's content (images as [image]). */
export function contentText(content: EpMessage['content'] | unknown): string {
  return contentParts(content)
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'other' ? p.json : '[image]'))
    .join('\n');
}

export function pretty(v: unknown): string {
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Tool call arguments: pretty JSON when the string parses, else as given. */
export function prettyArguments(call: EpToolCall): string {
  const args = call.function?.arguments;
  if (args === undefined || args === null) return '';
  if (typeof args !== 'string') return pretty(args);
  try {
    return JSON.stringify(JSON.parse(args), null, 2);
  } catch {
    return args;
  }
}

export function asMessages(v: unknown): EpMessage[] {
  return Array.isArray(v) ? (v.filter((m) => m && typeof m === 'object') as EpMessage[]) : [];
}

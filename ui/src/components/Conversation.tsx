// An Eval Protocol conversation: one block per message with its role, text and image parts,
// the model's reasoning (collapsible), tool calls with pretty-printed arguments, and tool
// results tied to their call id. Only data:image URLs are loaded; http(s) images are links.
import type { EpMessage } from '../api/types';
import { contentParts, prettyArguments, type Part } from '../lib/messages';

function PartView({ part }: { part: Part }) {
  switch (part.kind) {
    case 'text':
      return <div class="msg-text">{part.text}</div>;
    case 'image':
      return <img class="msg-image" src={part.url} alt="image from the conversation" loading="lazy" />;
    case 'link':
      return (
        <div class="msg-text">
          image:{' '}
          <a href={part.url} target="_blank" rel="noopener noreferrer">
            {part.url.length > 120 ? `${part.url.slice(0, 120)}…` : part.url}
          </a>{' '}
          <span class="muted">(remote, not loaded)</span>
        </div>
      );
    case 'unsafe-url':
      return <div class="msg-text mono">image URL: {part.url.slice(0, 200)}</div>;
    default:
      return <pre class="mono msg-other">{part.json}</pre>;
  }
}

export function MessageView({ message, index }: { message: EpMessage; index: number }) {
  const role = typeof message.role === 'string' ? message.role : 'unknown';
  const parts = contentParts(message.content);
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  return (
    <article class={`msg msg-${role.replace(/[^a-z_-]/gi, '')}`} data-testid="message" data-role={role}>
      <header class="msg-head">
        <span class="msg-role">{role}</span>
        {message.name && <span class="mono muted">name: {String(message.name)}</span>}
        {message.tool_call_id && (
          <span class="mono muted">result of {String(message.tool_call_id)}</span>
        )}
        <span class="muted msg-index">#{index}</span>
      </header>
      {typeof message.reasoning_content === 'string' && message.reasoning_content && (
        <details class="msg-reasoning" data-testid="reasoning">
          <summary>Reasoning ({message.reasoning_content.length.toLocaleString('en-US')} chars)</summary>
          <div class="msg-text">{message.reasoning_content}</div>
        </details>
      )}
      {parts.map((p, i) => (
        <PartView key={i} part={p} />
      ))}
      {parts.length === 0 && calls.length === 0 && <div class="muted">(no content)</div>}
      {calls.map((c, i) => (
        <div class="tool-call" key={c.id ?? i} data-testid="tool-call">
          <div class="tool-call-head">
            <span class="badge badge-quiet">tool call</span>{' '}
            <span class="mono strong">{c.function?.name ?? '(unnamed)'}</span>
            {c.id && <span class="mono muted"> id {c.id}</span>}
          </div>
          <pre class="mono">{prettyArguments(c)}</pre>
        </div>
      ))}
    </article>
  );
}

export function Conversation({ messages }: { messages: EpMessage[] }) {
  if (messages.length === 0) return <p class="muted">No messages.</p>;
  return (
    <div class="conversation">
      {messages.map((m, i) => (
        <MessageView key={i} message={m} index={i} />
      ))}
    </div>
  );
}

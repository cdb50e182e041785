// Unit tests of reading Eval Protocol message content defensively.
import { describe, expect, it } from 'vitest';
import { classifyUrl, contentParts, contentText, prettyArguments } from '../src/lib/messages';

describe('messages', () => {
  it('reads string, missing and part-array content', () => {
    expect(contentParts('hi')).toEqual([{ kind: 'text', text: 'hi' }]);
    expect(contentParts(null)).toEqual([]);
    expect(contentParts(undefined)).toEqual([]);
    const parts = contentParts([
      { type: 'text', text: 'look' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
      { type: 'image_url', image_url: { url: 'https://example.com/x.png' } },
      { type: 'image_url', image_url: 'javascript:alert(1)' },
      { type: 'audio', data: 1 },
    ]);
    expect(parts.map((p) => p.kind)).toEqual(['text', 'image', 'link', 'unsafe-url', 'other']);
    expect(contentText([{ type: 'text', text: 'a' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,A' } }])).toBe(
      'a\n[image]',
    );
  });
  it('loads only data:image URLs', () => {
    expect(classifyUrl('data:image/jpeg;base64,/9j/')).toBe('image');
    expect(classifyUrl('data:text/html,<script>')).toBe('unsafe-url');
    expect(classifyUrl('http://example.com/a.png')).toBe('link');
    expect(classifyUrl('javascript:alert(1)')).toBe('unsafe-url');
  });
  it('pretty-prints tool call arguments when they are JSON', () => {
    expect(prettyArguments({ function: { name: 'f', arguments: '{"a":1}' } })).toBe('{\n  "a": 1\n}');
    expect(prettyArguments({ function: { name: 'f', arguments: 'not json {' } })).toBe('not json {');
    expect(prettyArguments({ function: { name: 'f' } })).toBe('');
  });
});

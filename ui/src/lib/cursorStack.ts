// Prev/Next over keyset cursors: the server gives only `next`, so the cursors of the pages
// already seen are kept on a stack (reset whenever the view's filters change). An empty
// string stands for the first page.
import { useRef } from 'preact/hooks';

export interface CursorStack {
  /** Pages before the current one that Prev can return to. */
  depth: number;
  /** Remember the current page's cursor before moving to the next one. */
  push(current: string): void;
  /** The previous page's cursor ('' = first page), or null when none is known. */
  pop(): string | null;
  /** Forget every page (back on the first one). */
  clear(): void;
}

export function useCursorStack(resetKey: string): CursorStack {
  const stack = useRef<string[]>([]);
  const key = useRef(resetKey);
  if (key.current !== resetKey) {
    key.current = resetKey;
    stack.current = [];
  }
  return {
    depth: stack.current.length,
    push: (c) => {
      stack.current.push(c);
    },
    pop: () => (stack.current.length ? (stack.current.pop() as string) : null),
    clear: () => {
      stack.current = [];
    },
  };
}

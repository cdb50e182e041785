// "live" dot in the header: green while /api/events is connected.
import { useEffect, useState } from 'preact/hooks';
import { getLiveState, onLiveState } from '../api/events';

const TEXT = { live: 'live', connecting: 'connecting…', offline: 'offline' } as const;

export function LiveIndicator() {
  const [state, setState] = useState(getLiveState());
  useEffect(() => onLiveState(setState), []); // also brings `state` up to date now
  return (
    <span
      class={`live live-${state}`}
      data-testid="live-indicator"
      data-state={state}
      role="status"
      title={
        state === 'live'
          ? 'Receiving live updates from evp ui'
          : 'Not receiving live updates; retrying'
      }
    >
      <span class="live-dot" aria-hidden="true" />
      {TEXT[state]}
    </span>
  );
}

import { useCallback, useRef, useSyncExternalStore } from 'react';
import { create } from 'zustand';

/**
 * The playhead over simulated time. `speed` is how many seconds one full run takes at 1×
 * divided by the multiplier: at speed s a run of any length plays in BASE_SECONDS / s seconds.
 */
export const BASE_SECONDS = 12;
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;

export interface PlaybackState {
  time: number;
  duration: number;
  playing: boolean;
  speed: number;
  /** Sorted distinct event boundaries (starts and ends), for stepping. */
  marks: Float64Array;
  reset: (duration: number, marks: Float64Array, atEnd?: boolean) => void;
  play: () => void;
  pause: () => void;
  toggle: () => void;
  seek: (t: number) => void;
  /** Moves to the next (+1) or previous (-1) event boundary. */
  step: (dir: 1 | -1) => void;
  setSpeed: (s: number) => void;
  /** Advances by `dtMs` of wall time (called once per animation frame while playing). */
  tick: (dtMs: number) => void;
}

export function eventMarks(start: Float64Array, end: Float64Array): Float64Array {
  const all = new Float64Array(start.length + end.length + 1);
  all.set(start, 1);
  all.set(end, 1 + start.length);
  all.sort();
  let k = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[k - 1]) all[k++] = all[i];
  return all.slice(0, k);
}

export const usePlayback = create<PlaybackState>((set, get) => ({
  time: 0,
  duration: 0,
  playing: false,
  speed: 1,
  marks: new Float64Array([0]),
  reset: (duration, marks, atEnd = false) =>
    set({ duration, marks, time: atEnd ? duration : 0, playing: false }),
  play: () => {
    const s = get();
    if (s.duration <= 0) return;
    set({ playing: true, time: s.time >= s.duration ? 0 : s.time });
  },
  pause: () => set({ playing: false }),
  toggle: () => (get().playing ? get().pause() : get().play()),
  seek: (t) => set((s) => ({ time: Math.min(s.duration, Math.max(0, t)) })),
  step: (dir) => {
    const { marks, time } = get();
    let t = time;
    if (dir > 0) {
      for (let i = 0; i < marks.length; i++)
        if (marks[i] > time + 1e-9) {
          t = marks[i];
          break;
        }
    } else {
      for (let i = marks.length - 1; i >= 0; i--)
        if (marks[i] < time - 1e-9) {
          t = marks[i];
          break;
        }
    }
    set({ time: t, playing: false });
  },
  setSpeed: (speed) => set({ speed }),
  tick: (dtMs) => {
    const s = get();
    if (!s.playing) return;
    const t = s.time + (s.duration * s.speed * dtMs) / (BASE_SECONDS * 1000);
    if (t >= s.duration) set({ time: s.duration, playing: false });
    else set({ time: t });
  },
}));

/**
 * The playhead time for text and form controls: while playing, at most every `intervalMs`
 * (plus the last value, on a trailing timer); any change while paused (seek, step, reset, the
 * end of playback) at once. Canvases subscribe to `time` itself and draw every frame; a React
 * re-render of the playback bar and narration each frame was most of the page's script time
 * during playback of a 10,000-transaction run, for numbers nobody can read at 60 Hz.
 * useSyncExternalStore, like zustand's own hook, so a paused change renders as promptly as before.
 */
export function useShownTime(intervalMs = 100): number {
  const shown = useRef(usePlayback.getState().time);
  const subscribe = useCallback(
    (notify: () => void) => {
      let last = 0;
      let timer: ReturnType<typeof setTimeout> | null = null;
      const flush = () => {
        timer = null;
        last = performance.now();
        const t = usePlayback.getState().time;
        if (t !== shown.current) {
          shown.current = t;
          notify();
        }
      };
      flush();
      const unsub = usePlayback.subscribe((s, prev) => {
        if (s.time === prev.time && s.playing === prev.playing) return;
        if (!s.playing) {
          if (timer) clearTimeout(timer);
          flush();
        } else if (!timer) {
          timer = setTimeout(flush, Math.max(0, last + intervalMs - performance.now()));
        }
      });
      return () => {
        unsub();
        if (timer) clearTimeout(timer);
      };
    },
    [intervalMs],
  );
  const snapshot = useCallback(() => shown.current, []);
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

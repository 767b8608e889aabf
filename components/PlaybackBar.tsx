'use client';

import { SPEEDS, usePlayback, useShownTime } from '@/lib/stores/playback';
import { fmtNum } from '@/lib/format';

const btn =
  'rounded border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-100 disabled:opacity-40 dark:border-slate-700 dark:hover:bg-slate-800';

export function PlaybackBar() {
  // the clock moves `time` every frame: read it throttled, and the rest through selectors
  const time = useShownTime();
  const duration = usePlayback((s) => s.duration);
  const playing = usePlayback((s) => s.playing);
  const speed = usePlayback((s) => s.speed);
  const { toggle, step, seek, setSpeed, pause } = usePlayback.getState();
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="playback">
      <button
        type="button"
        className={btn}
        onClick={() => step(-1)}
        aria-label="Step back"
        title="Step back (←)"
      >
        |◀
      </button>
      <button
        type="button"
        className={`${btn} min-w-24 whitespace-nowrap font-semibold`}
        onClick={toggle}
        data-testid="play"
        aria-label={playing ? 'Pause' : 'Play'}
        title="Play / pause (space)"
      >
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button
        type="button"
        className={btn}
        onClick={() => step(1)}
        aria-label="Step forward"
        title="Step forward (→)"
      >
        ▶|
      </button>
      <input
        type="range"
        min={0}
        max={duration || 1}
        step={duration / 1000 || 1}
        value={time}
        aria-label="Playhead (simulated time)"
        onChange={(e) => {
          pause();
          seek(Number(e.target.value));
        }}
        className="min-w-32 flex-1 accent-amber-500"
      />
      <span
        className="w-44 whitespace-nowrap text-right font-mono text-xs tabular-nums"
        data-testid="playhead-time"
        data-time={time}
        data-duration={duration}
      >
        t = {fmtNum(time)} / {fmtNum(duration)}
      </span>
      <label className="flex items-center gap-1 text-xs">
        Speed
        <select
          aria-label="Playback speed"
          value={speed}
          onChange={(e) => setSpeed(Number(e.target.value))}
          className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-950"
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
